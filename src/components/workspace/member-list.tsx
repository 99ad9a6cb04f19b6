"use client";

import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import { MemberDot } from "@/components/presence/member-dot";
import { StatusBadge } from "@/components/presence/custom-status";
import { PresenceText } from "@/components/presence/presence-text";
import { usePresence } from "@/components/presence/presence-provider";
import { STATUS_ORDER } from "@/shared/presence";
import { useOpenDm } from "@/components/dm/open-dm";
import type { MemberView } from "@/shared/shell";

/** Sidebar member list: active first, then away, dnd, offline. A click opens the 1:1 DM, or a draft of it (created with the first message). */
export function MemberList({ members, meId, slug }: { members: MemberView[]; meId: string; slug: string }) {
  const { getPresence, loaded, error } = usePresence();
  const dm = useOpenDm(slug);
  const onOpen = (e: React.MouseEvent, id: string) => {
    if (id === meId || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return; // new tab: the page offers a button
    e.preventDefault();
    if (!dm.busy) void dm.open(id);
  };
  const rank = (id: string) => STATUS_ORDER[getPresence(id)?.status ?? "offline"];
  const sorted = [...members].sort((a, b) => rank(a.id) - rank(b.id) || a.name.localeCompare(b.name));
  const online = members.filter((m) => rank(m.id) < STATUS_ORDER.offline).length;
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" className="flex items-baseline justify-between px-2 text-xs font-semibold uppercase tracking-wide text-sidebar-muted">
        <span>Members</span>
        <span className="font-normal normal-case" data-testid="online-count">
          {loaded ? `${online} of ${members.length} online` : `${members.length} members`}
        </span>
      </h2>
      {error && (
        <p role="status" data-testid="presence-error" className="px-2 text-xs text-red-300">
          {error}
        </p>
      )}
      {dm.error && (
        <p role="alert" className="px-2 text-xs text-red-300">
          {dm.error}
        </p>
      )}
      <ul className="mt-1 space-y-0.5" data-testid="member-list">
        {sorted.map((m) => (
          <li key={m.id} data-member-id={m.id} data-status={getPresence(m.id)?.status}>
            <Link
              href={m.id === meId ? `/w/${slug}` : `/w/${slug}/dm/with/${m.id}`}
              onClick={(e) => onOpen(e, m.id)}
              className="group flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-sidebar-hover max-md:min-h-11"
            >
              <Avatar id={m.id} name={m.name} size="sm">
                <MemberDot userId={m.id} size="sm" className="ring-sidebar" self={m.id === meId} />
              </Avatar>
              <span className="min-w-0 flex-1">
                <span className="flex min-w-0 gap-1">
                  {/* The name keeps most of the row; a custom status takes what is left, truncated. */}
                  <span dir="auto" className="max-w-[70%] shrink-0 truncate">{m.name}</span>
                  {m.id === meId && <span className="shrink-0 text-xs leading-5 text-sidebar-muted">(you)</span>}
                  <StatusBadge userId={m.id} className="min-w-0 text-xs leading-5 text-sidebar-muted" />
                </span>
                {/* Shown while the row has keyboard focus; the dot's text is already part of the link's name. */}
                <PresenceText userId={m.id} self={m.id === meId} aria-hidden className="hidden text-xs text-sidebar-muted group-focus-visible:block" />
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
