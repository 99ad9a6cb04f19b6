"use client";

import { presenceLabel } from "./presence-indicator";
import { MemberDot } from "./member-dot";
import { usePresence, useWatch } from "./presence-provider";
import { StatusBadge } from "./custom-status";
import { useLocalTime } from "@/components/people/local-time";

/** Conversation header line: the other person's status, or how many of a group are online. */
export function ConversationPresence({ others, isGroup }: { others: { id: string; name: string }[]; isGroup: boolean }) {
  const { getPresence, loaded } = usePresence();
  useWatch(others.map((u) => u.id));
  if (!loaded) return <span className="text-slate-500">Loading status…</span>;
  if (isGroup) {
    const online = others.filter((u) => (getPresence(u.id)?.status ?? "offline") !== "offline").length;
    return <span data-testid="conversation-presence">{`${online + 1} of ${others.length + 1} online`}</span>;
  }
  return <OnePresence other={others[0]} />;
}

function OnePresence({ other }: { other: { id: string; name: string } | undefined }) {
  const { getPresence, now } = usePresence();
  const time = useLocalTime(other?.id);
  const p = other && getPresence(other.id);
  if (!other || !p) return null;
  return (
    <span className="inline-flex items-center gap-1.5" data-testid="conversation-presence" data-status={p.status}>
      <MemberDot userId={other.id} size="md" />
      <span>
        {presenceLabel(p, now)}
        {time && <span data-testid="local-time">{` · ${time}`}</span>}
      </span>
      <StatusBadge userId={other.id} className="ml-1 max-w-[16rem] border-l border-slate-300 pl-2" />
    </span>
  );
}
