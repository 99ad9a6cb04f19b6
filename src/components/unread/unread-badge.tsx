import { badgeText } from "@/lib/unread";

/** The unread count of a sidebar row; screen readers hear "3 unread messages". */
export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="shrink-0 rounded-full bg-rose-600 px-1.5 text-xs font-semibold leading-5 text-white" data-testid="unread-badge">
      <span aria-hidden>{badgeText(count)}</span>
      <span className="sr-only">
        , {count} unread {count === 1 ? "message" : "messages"}
      </span>
    </span>
  );
}
