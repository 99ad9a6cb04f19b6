"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Hash, Lock, Search } from "lucide-react";
import { api } from "@/components/ui/api";
import { FormError } from "@/components/ui/field";
import { conversationPath, membersText } from "@/shared/format";
import { searchKey } from "@/shared/search-key";
import { MAX_CHANNEL_NAME, MAX_CHANNEL_TOPIC, channelNameProblem, normalizeChannelName, type ChannelListing } from "@/shared/channel";
import type { ConversationSummary } from "@/shared/types";

/** The channel directory: a filter, the channels with Join or Open, and the form that creates one. */
export function ChannelDirectory({ slug, channels }: { slug: string; channels: ChannelListing[] }) {
  const router = useRouter();
  const [filter, setFilter] = useState("");
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = useMemo(() => {
    const q = searchKey(filter.trim().replace(/^#/, ""));
    return q ? channels.filter((c) => searchKey(`${c.name} ${c.topic}`).includes(q)) : channels;
  }, [channels, filter]);

  async function join(c: ChannelListing) {
    setBusyId(c.id);
    setError(null);
    const res = await api(`/api/workspaces/${slug}/channels/${c.id}/join`, "POST");
    setBusyId(null);
    if (!res.ok) return setError(res.error);
    router.push(conversationPath(slug, c.id, true));
    router.refresh();
  }

  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto grid max-w-5xl gap-6 p-4 md:grid-cols-[1fr_20rem] md:p-6">
        <section aria-labelledby="browse-heading" className="min-w-0">
          <h2 id="browse-heading" className="sr-only">Browse channels</h2>
          <div className="relative">
            <Search className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" aria-hidden />
            <label htmlFor="channel-filter" className="sr-only">Find a channel</label>
            <input
              id="channel-filter"
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="Find a channel by name or topic"
              className="w-full rounded-md border border-slate-300 py-2 pl-9 pr-3 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
            />
          </div>
          <div className="mt-3">
            <FormError message={error} />
          </div>
          {channels.length === 0 ? (
            <p className="mt-6 rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
              No channels yet. Create the first one: a place for a team, a project or a topic.
            </p>
          ) : shown.length === 0 ? (
            <p className="mt-6 text-center text-sm text-slate-600">No channel matches “{filter}”.</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-200 rounded-lg border border-slate-200" data-testid="channel-directory">
              {shown.map((c) => {
                const Icon = c.isPrivate ? Lock : Hash;
                return (
                  <li key={c.id} className="flex items-center gap-3 px-3 py-3" data-testid="directory-channel" data-channel={c.name}>
                    <Icon className="h-4 w-4 shrink-0 text-slate-500" aria-hidden />
                    <div className="min-w-0 flex-1">
                      <p className="flex flex-wrap items-center gap-x-2 text-sm">
                        <Link href={conversationPath(slug, c.id, true)} className="font-semibold hover:underline">
                          {c.name}
                        </Link>
                        {c.isPrivate && <span className="text-xs text-slate-500">Private</span>}
                        {c.archived && <span className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-800">Archived</span>}
                      </p>
                      <p className="truncate text-xs text-slate-500">
                        {membersText(c.memberCount)}
                        {c.topic && <span dir="auto"> · {c.topic}</span>}
                      </p>
                    </div>
                    {c.joined ? (
                      <Link href={conversationPath(slug, c.id, true)} className="shrink-0 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
                        Open
                      </Link>
                    ) : c.archived ? null : (
                      <button
                        type="button"
                        onClick={() => void join(c)}
                        disabled={busyId !== null}
                        aria-label={`Join ${c.name}`}
                        className="shrink-0 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
                      >
                        {busyId === c.id ? "Joining…" : "Join"}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        <CreateChannel slug={slug} />
      </div>
    </div>
  );
}

function CreateChannel({ slug }: { slug: string }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [topic, setTopic] = useState("");
  const [isPrivate, setPrivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stored = normalizeChannelName(name);
  // What the server would refuse, said as they type (nothing before they typed).
  const problem = name ? channelNameProblem(stored) : null;

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await api<ConversationSummary>(`/api/workspaces/${slug}/channels`, "POST", { name, topic, isPrivate });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    router.push(conversationPath(slug, res.data.id, true));
    router.refresh();
  }

  return (
    <section aria-labelledby="create-heading" className="h-fit rounded-lg border border-slate-200 p-4">
      <h2 id="create-heading" className="text-base font-semibold">Create a channel</h2>
      <form onSubmit={create} className="mt-3 space-y-3">
        <div>
          <label htmlFor="channel-name" className="block text-sm font-medium text-slate-700">Name</label>
          <div className="relative mt-1">
            <Hash className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" aria-hidden />
            <input
              id="channel-name"
              value={name}
              maxLength={MAX_CHANNEL_NAME + 10 /* "#", spaces: the stored form is checked below */}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. design"
              aria-describedby="channel-name-hint"
              aria-invalid={problem ? true : undefined}
              className="block w-full rounded-md border border-slate-300 py-2 pl-9 pr-3 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
            />
          </div>
          <p id="channel-name-hint" className={`mt-1 text-xs ${problem ? "text-rose-700" : "text-slate-500"}`}>
            {problem ?? (
              <>
                {stored !== name && <>Saved as <strong>#{stored}</strong>. </>}
                Letters, numbers, hyphens and underscores; spaces become hyphens.
              </>
            )}
          </p>
        </div>
        <div>
          <label htmlFor="new-channel-topic" className="block text-sm font-medium text-slate-700">
            Topic <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="new-channel-topic"
            value={topic}
            maxLength={MAX_CHANNEL_TOPIC}
            onChange={(e) => setTopic(e.target.value)}
            placeholder="What is it about?"
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
          />
        </div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} className="mt-0.5 h-4 w-4 rounded border-slate-300" />
          <span>
            <span className="font-medium">Private</span>
            <span className="block text-xs text-slate-500">Only people added to it can find and read it.</span>
          </span>
        </label>
        <FormError message={error} />
        <button type="submit" disabled={busy || !stored} className="w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
          {busy ? "Creating…" : "Create channel"}
        </button>
      </form>
    </section>
  );
}
