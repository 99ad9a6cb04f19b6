"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Users } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { MemberDot } from "@/components/presence/member-dot";
import { StatusBadge } from "@/components/presence/custom-status";
import { usePresence, useWatch } from "@/components/presence/presence-provider";
import type { ConversationSummary } from "@/shared/types";
import { conversationTitle } from "@/shared/format";
import { useUnread } from "@/components/unread/unread-provider";
import { UnreadBadge } from "@/components/unread/unread-badge";



export function DmList({ conversations, slug, action }: { conversations: ConversationSummary[]; slug: string; action: React.ReactNode }) {
  const pathname = usePathname() ?? "";
  const { getPresence, loaded } = usePresence();
  // Group DMs show how many are online: their participants are watched too.
  useWatch(conversations.flatMap((c) => c.others.map((u) => u.id)));
  const unread = useUnread();
  const onlineIn = (c: ConversationSummary) => c.others.filter((u) => (getPresence(u.id)?.status ?? "offline") !== "offline").length;
  return (
    <section aria-labelledby="dms-heading">
      <div className="flex items-center justify-between px-2">
        <h2 id="dms-heading" className="text-xs font-semibold uppercase tracking-wide text-sidebar-muted">
          Direct messages
        </h2>
        {action}
      </div>
      {conversations.length === 0 ? (
        <p className="px-2 py-1 text-xs text-sidebar-muted">No conversations yet. Click a member to say hi.</p>
      ) : (
        <ul className="mt-1 space-y-0.5" data-testid="dm-list">
          {conversations.map((c) => {
            const href = `/w/${slug}/dm/${c.id}`;
            const current = pathname === href;
            const other = c.others[0];
            const count = unread.unreadOf(c.id);
            return (
              <li key={c.id} data-conversation-id={c.id} data-unread={count}>
                <Link
                  href={href}
                  aria-current={current ? "page" : undefined}
                  className={`flex items-center gap-2 rounded-md px-2 py-1 text-sm max-md:min-h-11 ${current ? "bg-sidebar-active text-white" : "hover:bg-sidebar-hover"} ${count > 0 ? "font-semibold text-white" : ""}`}
                >
                  {c.isGroup || !other ? (
                    <span className="inline-flex h-6 w-6 items-center justify-center rounded-md bg-white/10">
                      <Users className="h-3.5 w-3.5" aria-hidden />
                    </span>
                  ) : (
                    <Avatar id={other.id} name={other.name} size="sm">
                      <MemberDot userId={other.id} size="sm" className="ring-sidebar" />
                    </Avatar>
                  )}
                  {/* The name keeps its width; the status takes what is left and is cut first. */}
                  <span dir="auto" className="min-w-0 truncate" data-testid="dm-name">{conversationTitle(c)}</span>
                  <span className="flex min-w-0 flex-1 basis-0">
                    {!c.isGroup && other && <StatusBadge userId={other.id} className="text-xs text-sidebar-muted" />}
                  </span>
                  {c.isGroup && loaded && (
                    <span className="shrink-0 text-xs text-sidebar-muted" data-testid="group-online">
                      {onlineIn(c)}/{c.others.length} online
                    </span>
                  )}
                  <UnreadBadge count={count} />
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
