"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Archive, ArchiveRestore, Bell, Hash, Lock, LogOut, MoreHorizontal, Pencil, UserPlus, Users } from "lucide-react";
import { api } from "@/components/ui/api";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatCount, membersText } from "@/shared/format";
import { notifyOf, type ChannelNotify } from "@/shared/channel";
import type { ChannelShared } from "@/shared/events";
import type { Role } from "@/shared/roles";
import type { MemberView } from "@/shared/shell";
import { useChannel } from "./use-channel";
import { ChannelMembers } from "./channel-members";
import { AddPeopleDialog } from "./add-people-dialog";
import { TopicDialog } from "./topic-dialog";

const ITEM = "flex cursor-default select-none items-center gap-2 rounded-md px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100";

interface ChannelHeaderProps {
  slug: string;
  id: string;
  initial: ChannelShared;
  joined: boolean;
  notify: ChannelNotify | null;
  myRole: Role;
  meId: string;
  members: MemberView[];
  memberCount: number;
}

/** A channel's name, topic, "N online · M members" (opens its members) and its menu. */
export function ChannelHeader({ slug, id, initial, joined, notify: initialNotify, myRole, meId, members, memberCount }: ChannelHeaderProps) {
  const router = useRouter();
  const { info, counts } = useChannel(id, initial, joined);
  const [notify, setNotify] = useState(initialNotify);
  const [panel, setPanel] = useState<null | "members" | "add" | "topic" | "leave">(null);
  const [error, setError] = useState<string | null>(null);
  const admin = myRole === "owner" || myRole === "admin";
  const base = `/api/workspaces/${slug}/channels/${id}`;
  const Icon = info.isPrivate ? Lock : Hash;

  async function run(url: string, method: string, body?: unknown, then?: () => void) {
    setError(null);
    const res = await api(url, method, body);
    if (!res.ok) return setError(res.error);
    then?.();
    router.refresh();
  }
  const chooseNotify = (value: string) => {
    const next = value === "default" ? null : (value as ChannelNotify);
    void run(`${base}/notify`, "PUT", { notify: next }, () => setNotify(next));
  };
  const effective = notifyOf(notify, info.memberCount);
  const leave = () => run(`${base}/leave`, "POST", undefined, () => router.push(`/w/${slug}/channels`));

  return (
    <header className="flex min-h-14 items-center justify-between gap-3 border-b border-slate-200 px-4 py-2 md:px-6" data-testid="channel-header" data-notify={effective}>
      <div className="min-w-0">
        <h1 dir="auto" className="flex items-center gap-1.5 truncate text-lg font-semibold">
          <Icon className="h-4 w-4 shrink-0 text-slate-500" aria-label={info.isPrivate ? "Private channel" : "Channel"} />
          <span className="truncate" data-testid="channel-title">{info.name}</span>
          {info.archived && <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">Archived</span>}
        </h1>
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 text-sm text-slate-500">
          <button
            type="button"
            onClick={() => setPanel("members")}
            className="inline-flex items-center gap-1 rounded hover:text-slate-800 hover:underline"
            data-testid="channel-counts"
          >
            <Users className="h-3.5 w-3.5" aria-hidden />
            {counts && joined ? (
              <>
                <span data-testid="channel-online">{formatCount(counts.online)} online</span> · {membersText(counts.total)}
              </>
            ) : (
              <>{membersText(info.memberCount)}</>
            )}
          </button>
          {info.topic && (
            // On a phone the topic takes its own line.
            <span dir="auto" className="min-w-0 truncate max-md:basis-full" data-testid="channel-topic" title={info.topic}>
              <span aria-hidden className="max-md:hidden">· </span>
              {info.topic}
            </span>
          )}
        </div>
        {error && <p role="alert" className="text-sm text-rose-700">{error}</p>}
      </div>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger
          className="inline-flex shrink-0 items-center justify-center rounded-md p-2 text-slate-600 hover:bg-slate-100 max-md:h-11 max-md:w-11"
          aria-label="Channel settings"
        >
          <MoreHorizontal className="h-5 w-5" aria-hidden />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-60 rounded-lg border border-slate-200 bg-white p-1 text-sm text-slate-800 shadow-lg">
            <DropdownMenu.Item className={ITEM} onSelect={() => setPanel("members")}>
              <Users className="h-4 w-4" aria-hidden /> Members
            </DropdownMenu.Item>
            {joined && !info.archived && (
              <>
                <DropdownMenu.Item className={ITEM} onSelect={() => setPanel("add")}>
                  <UserPlus className="h-4 w-4" aria-hidden /> Add people
                </DropdownMenu.Item>
                <DropdownMenu.Item className={ITEM} onSelect={() => setPanel("topic")}>
                  <Pencil className="h-4 w-4" aria-hidden /> Edit topic
                </DropdownMenu.Item>
              </>
            )}
            {joined && (
              <>
                <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
                <DropdownMenu.Label className="flex items-center gap-2 px-2 py-1 text-xs font-medium uppercase tracking-wide text-slate-500">
                  <Bell className="h-3.5 w-3.5" aria-hidden /> Notify me of
                </DropdownMenu.Label>
                <DropdownMenu.RadioGroup value={notify ?? "default"} onValueChange={chooseNotify}>
                  {[
                    ["all", "Every new message"],
                    ["mentions", "Only @mentions"],
                    ["default", `Channel default (${notifyOf(null, info.memberCount) === "all" ? "every message" : "only @mentions"})`],
                  ].map(([value, label]) => (
                    <DropdownMenu.RadioItem key={value} value={value!} className={`${ITEM} pl-8 data-[state=checked]:font-medium`}>
                      <DropdownMenu.ItemIndicator className="absolute left-3">✓</DropdownMenu.ItemIndicator>
                      {label}
                    </DropdownMenu.RadioItem>
                  ))}
                </DropdownMenu.RadioGroup>
                <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
                {/* A private channel takes you back only if a member adds you: ask first (as Slack does). */}
                <DropdownMenu.Item className={ITEM} onSelect={() => (info.isPrivate ? setPanel("leave") : void leave())}>
                  <LogOut className="h-4 w-4" aria-hidden /> Leave channel
                </DropdownMenu.Item>
              </>
            )}
            {admin && (
              <DropdownMenu.Item className={ITEM} onSelect={() => void run(base, "PATCH", { archived: !info.archived })}>
                {info.archived ? <ArchiveRestore className="h-4 w-4" aria-hidden /> : <Archive className="h-4 w-4" aria-hidden />}
                {info.archived ? "Unarchive channel" : "Archive channel"}
              </DropdownMenu.Item>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ChannelMembers open={panel === "members"} onOpenChange={(o) => setPanel(o ? "members" : null)} slug={slug} id={id} name={info.name} meId={meId} counts={joined ? counts : null} />
      {panel === "add" && (
        <AddPeopleDialog onClose={() => setPanel(null)} slug={slug} id={id} name={info.name} meId={meId} members={members} memberCount={memberCount} />
      )}
      <ConfirmDialog
        open={panel === "leave"}
        onOpenChange={(o) => setPanel(o ? "leave" : null)}
        title={`Leave #${info.name}?`}
        description="It is private: you can come back only if one of its members adds you again."
        error={error}
      >
        <button type="button" onClick={() => void leave()} className="rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-500">
          Leave channel
        </button>
      </ConfirmDialog>
      {panel === "topic" && <TopicDialog onClose={() => setPanel(null)} url={base} topic={info.topic} name={info.name} />}
    </header>
  );
}
