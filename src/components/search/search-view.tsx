"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Search } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { useHydrated } from "@/components/ui/use-hydrated";
import { MemberDot } from "@/components/presence/member-dot";
import { PresenceText } from "@/components/presence/presence-text";
import { useMemberSearch } from "@/components/workspace/use-member-list";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { MAX_QUERY_LENGTH, noMatchText } from "@/components/ui/member-search";
import type { PresenceStatus } from "@/shared/presence";
import { conversationPath } from "@/shared/format";
import { MAX_SEARCH_QUERY, noMessagesText, splitSnippet, type MessageHit, type MessageSearchPage } from "@/shared/message-search";

/** A person found: the name search's rows carry their status as the viewer may see it. */
type MemberRow = { userId: string; name: string; status?: PresenceStatus };

/** People listed at first; the rest behind "Show all". */
const PEOPLE_SHOWN = 8;

// The server renders times in UTC and the browser switches to the viewer's zone once hydrated
// (as the conversation view does), so hydration never meets text that differs by time zone.
const formats = (timeZone?: string) => ({
  short: new Intl.DateTimeFormat("en", { timeZone, month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }),
  full: new Intl.DateTimeFormat("en", { timeZone, dateStyle: "full", timeStyle: "short" }),
});
const UTC_FORMATS = formats("UTC");
const LOCAL_FORMATS = formats();

/** The search page: its field, people found (live dots) and messages found (paged). */
export function SearchView({
  slug,
  meId,
  q,
  initial,
  initialError,
  byEmail = null,
}: {
  slug: string;
  meId: string;
  q: string;
  initial: MessageSearchPage | null;
  initialError: string | null;
  /** The member whose email is the query, found by the page. */
  byEmail?: { userId: string; name: string } | null;
}) {
  const router = useRouter();
  const [value, setValue] = useState(q);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const next = value.trim();
    if (next) router.push(`/w/${slug}/search?q=${encodeURIComponent(next)}`);
  };
  return (
    <div className="flex-1 overflow-y-auto px-4 py-4 md:px-6">
      <form role="search" onSubmit={submit} action={`/w/${slug}/search`} className="flex max-w-2xl gap-2">
        <label htmlFor="search-page-q" className="sr-only">
          Search messages and people
        </label>
        <input
          id="search-page-q"
          name="q"
          type="search"
          data-search-field
          value={value}
          onChange={(e) => setValue(e.target.value)}
          maxLength={MAX_SEARCH_QUERY}
          placeholder="Search messages and people"
          autoComplete="off"
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm max-md:min-h-11"
        />
        <button type="submit" className="inline-flex items-center gap-1.5 rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 max-md:min-h-11">
          <Search className="h-4 w-4" aria-hidden /> Search
        </button>
      </form>
      {!q ? (
        <p className="mt-6 text-sm text-slate-600">Find messages in your conversations, and people in this workspace.</p>
      ) : (
        <div className="mt-6 max-w-3xl space-y-8">
          <People slug={slug} meId={meId} q={q} byEmail={byEmail} />
          <Messages slug={slug} q={q} initial={initial} initialError={initialError} />
        </div>
      )}
    </div>
  );
}

function People({ slug, meId, q, byEmail }: { slug: string; meId: string; q: string; byEmail: { userId: string; name: string } | null }) {
  // The member search goes over the socket: asked once it is connected (and again after a reconnect).
  const { state } = useRealtime();
  const connected = state === "connected";
  const search = useMemberSearch(connected ? q.slice(0, MAX_QUERY_LENGTH) : "");
  const [all, setAll] = useState(false);
  const found = search.rows;
  // The member found by email comes first (the name search may not find them).
  const rows: MemberRow[] | null = byEmail ? [byEmail, ...(found ?? []).filter((r) => r.userId !== byEmail.userId)] : found;
  const shown = rows && !all ? rows.slice(0, PEOPLE_SHOWN) : rows;
  return (
    <section aria-labelledby="search-people" data-testid="search-people">
      <h2 id="search-people" className="text-sm font-semibold text-slate-700">
        People
      </h2>
      {search.error && !byEmail ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Could not search people: {search.error}
        </p>
      ) : !rows ? (
        <p className="mt-2 text-sm text-slate-500">{connected ? "Searching…" : "Connecting…"}</p>
      ) : rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{noMatchText(q)}</p>
      ) : (
        <>
          <ul className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2">
            {shown!.map((row) => {
              const self = row.userId === meId;
              return (
                <li key={row.userId} data-member-id={row.userId}>
                  <Link
                    href={self ? `/w/${slug}` : `/w/${slug}/dm/with/${row.userId}`}
                    className="flex items-center gap-3 rounded-lg border border-slate-200 px-3 py-2 hover:bg-slate-50 max-md:min-h-11"
                  >
                    <Avatar id={row.userId} name={row.name} size="md">
                      <MemberDot userId={row.userId} size="sm" self={self} fallback={self ? undefined : row.status} />
                    </Avatar>
                    <span className="min-w-0 flex-1">
                      <span className="flex min-w-0 items-baseline gap-1">
                        <span dir="auto" className="truncate text-sm font-medium">
                          {row.name}
                        </span>
                        {self && <span className="shrink-0 text-xs text-slate-500">(you)</span>}
                      </span>
                      {/* Said already by the dot (part of the link's name). */}
                      <PresenceText userId={row.userId} self={self} aria-hidden className="block truncate text-xs text-slate-600" />
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
          {rows.length > PEOPLE_SHOWN && !all && (
            <button type="button" onClick={() => setAll(true)} className="mt-2 text-sm font-medium text-indigo-700 hover:underline max-md:min-h-11">
              Show all {rows.length}
              {rows.length >= 50 ? "+" : ""} people
            </button>
          )}
        </>
      )}
    </section>
  );
}

function Messages({ slug, q, initial, initialError }: { slug: string; q: string; initial: MessageSearchPage | null; initialError: string | null }) {
  const [hits, setHits] = useState<MessageHit[]>(initial?.hits ?? []);
  const [next, setNext] = useState<string | null>(initial?.next ?? null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(initialError);
  const hydrated = useHydrated();
  const fmt = hydrated ? LOCAL_FORMATS : UTC_FORMATS;

  const more = async () => {
    if (!next) return;
    setLoading(true);
    setError(null);
    try {
      const res = await fetch(`/api/workspaces/${encodeURIComponent(slug)}/search?q=${encodeURIComponent(q)}&cursor=${encodeURIComponent(next)}`);
      const body = (await res.json().catch(() => null)) as { ok: boolean; data?: MessageSearchPage; error?: string } | null;
      if (!body?.ok || !body.data) throw new Error(body?.error ?? "No answer from the server.");
      const page = body.data;
      setHits((h) => {
        const have = new Set(h.map((x) => x.id));
        return [...h, ...page.hits.filter((x) => !have.has(x.id))];
      });
      setNext(page.next);
    } catch (err) {
      setError(err instanceof Error && err.message !== "Failed to fetch" ? err.message : "No answer from the server.");
    } finally {
      setLoading(false);
    }
  };

  return (
    <section aria-labelledby="search-messages" data-testid="search-messages">
      <h2 id="search-messages" className="text-sm font-semibold text-slate-700">
        Messages
      </h2>
      <p role="status" className="sr-only">
        {loading ? "Loading more results…" : initial ? `${hits.length}${next ? "+" : ""} ${hits.length === 1 ? "message" : "messages"} found` : ""}
      </p>
      {initial && hits.length === 0 && <p className="mt-2 text-sm text-slate-600" data-testid="search-empty">{noMessagesText(q)}</p>}
      {hits.length > 0 && (
        <ol className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200">
          {hits.map((hit) => (
            <li key={hit.id} data-testid="search-hit">
              <HitLink slug={slug} hit={hit} fmt={fmt} />
            </li>
          ))}
        </ol>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700" data-testid="search-error">
          Could not search messages: {error}
        </p>
      )}
      {(next || (error && initial)) && (
        <button
          type="button"
          onClick={more}
          disabled={loading || !hydrated}
          className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60 max-md:min-h-11"
        >
          {loading ? "Loading…" : error ? "Try again" : "More results"}
        </button>
      )}
    </section>
  );
}

/** A hit opens its conversation (a channel's page or a DM's) at the message. */
const hitHref = (slug: string, hit: MessageHit) =>
  `${conversationPath(slug, hit.conversationId, hit.conversation.channel !== undefined)}?m=${encodeURIComponent(hit.id)}`;

function HitLink({ slug, hit, fmt }: { slug: string; hit: MessageHit; fmt: typeof UTC_FORMATS }) {
  const at = new Date(hit.createdAt);
  const { channel } = hit.conversation;
  const where = channel !== undefined ? `#${channel}` : hit.conversation.others.map((o) => o.name).join(", ") || "Just you";
  return (
    <Link href={hitHref(slug, hit)} className="flex gap-3 px-3 py-3 hover:bg-slate-50">
      <Avatar id={hit.sender.id} name={hit.sender.name} size="md" />
      <span className="min-w-0 flex-1">
        <span className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <span dir="auto" className="font-semibold">
            {hit.sender.name}
          </span>
          <span className="min-w-0 truncate text-xs text-slate-500">
            in {hit.conversation.isGroup ? "" : "DM with "}
            <bdi>{where}</bdi>
          </span>
          <time dateTime={hit.createdAt} title={fmt.full.format(at)} className="ml-auto text-xs text-slate-500">
            {fmt.short.format(at)}
          </time>
        </span>
        <Snippet snippet={hit.snippet} />
      </span>
    </Link>
  );
}

/** The message's text with its matched words in <mark>: React text nodes only, never HTML. */
function Snippet({ snippet }: { snippet: string }) {
  return (
    <span dir="auto" className="mt-0.5 block whitespace-pre-wrap break-words text-sm text-slate-800" data-testid="search-snippet">
      {splitSnippet(snippet).map((part, i) =>
        part.hit ? (
          <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-slate-900">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </span>
  );
}
