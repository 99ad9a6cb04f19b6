"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Hash, Lock, Plus } from "lucide-react";
import type { ConversationSummary } from "@/shared/types";
import { conversationPath } from "@/shared/format";
import { useUnread } from "@/components/unread/unread-provider";
import { UnreadBadge } from "@/components/unread/unread-badge";

/** The sidebar's channels: the ones the member is in, by name, with their unread counts. */
export function ChannelList({ channels, slug }: { channels: ConversationSummary[]; slug: string }) {
  const pathname = usePathname() ?? "";
  const unread = useUnread();
  return (
    <section aria-labelledby="channels-heading">
      <div className="flex items-center justify-between px-2">
        <h2 id="channels-heading" className="text-xs font-semibold uppercase tracking-wide text-sidebar-muted">
          Channels
        </h2>
        <Link
          href={`/w/${slug}/channels`}
          className="inline-flex items-center justify-center rounded p-0.5 text-sidebar-muted hover:bg-sidebar-hover hover:text-white max-md:h-11 max-md:w-11"
          aria-label="Browse or create channels"
          title="Browse or create channels"
        >
          <Plus className="h-4 w-4" aria-hidden />
        </Link>
      </div>
      {channels.length === 0 ? (
        <p className="px-2 py-1 text-xs text-sidebar-muted">
          <Link href={`/w/${slug}/channels`} className="underline hover:text-white max-md:inline-flex max-md:min-h-11 max-md:items-center">
            Browse channels
          </Link>{" "}
          to join one.
        </p>
      ) : (
        <ul className="mt-1 space-y-0.5" data-testid="channel-list">
          {channels.map((c) => {
            const href = conversationPath(slug, c.id, true);
            const current = pathname === href;
            const count = unread.unreadOf(c.id);
            const Icon = c.channel?.isPrivate ? Lock : Hash;
            return (
              <li key={c.id} data-conversation-id={c.id} data-unread={count}>
                <Link
                  href={href}
                  aria-current={current ? "page" : undefined}
                  className={`flex items-center gap-2 rounded-md px-2 py-1 text-sm max-md:min-h-11 ${current ? "bg-sidebar-active text-white" : "hover:bg-sidebar-hover"} ${count > 0 ? "font-semibold text-white" : ""}`}
                >
                  <span className="inline-flex h-6 w-6 shrink-0 items-center justify-center" aria-hidden>
                    <Icon className="h-3.5 w-3.5" />
                  </span>
                  <span dir="auto" className="min-w-0 flex-1 truncate" data-testid="channel-name">
                    {c.channel?.name}
                    {c.channel?.isPrivate && <span className="sr-only"> (private)</span>}
                  </span>
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
