// What the admin table and the phone cards say about one member.
import { LAST_SEEN_BUCKET_LABEL, STATUS_LABEL } from "@/shared/presence";
import type { AdminMemberRow } from "@/shared/admin-members";
import { formatLastSeen } from "@/components/presence/last-seen";
import { formatUntil } from "@/components/presence/dnd-time";

/** A row as shown: the server's answer with the live presence, including a do-not-disturb end. */
export type ShownMemberRow = AdminMemberRow & { dndUntil?: string };

export const ROLE_LABEL = { owner: "Owner", admin: "Admin", member: "Member" } as const;
export const joinedFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Online now", "5 min ago", "Within a week", "Never". */
export function lastSeenText(row: AdminMemberRow, now: number): string {
  if (row.status !== "offline") return "Online now";
  if (row.lastSeen) return capitalize(LAST_SEEN_BUCKET_LABEL[row.lastSeen]);
  return row.lastSeenAt ? formatLastSeen(row.lastSeenAt, now) : "Never";
}

/** "Away", "Do not disturb until 14:30". */
export function statusText(row: ShownMemberRow, now: number): string {
  const until = row.status === "dnd" && row.dndUntil ? ` until ${formatUntil(new Date(row.dndUntil), new Date(now))}` : "";
  return STATUS_LABEL[row.status] + until;
}
