"use client";

import { Avatar } from "@/components/ui/avatar";
import { PresenceIndicator } from "@/components/presence/presence-indicator";
import { StatusBadge } from "@/components/presence/custom-status";
import { ROLE_LABEL, joinedFormat, lastSeenText, statusText, type ShownMemberRow } from "./member-row";

/**
 * The members page on a phone: one card per member, with what the page is for first (name,
 * status with its do-not-disturb end, last seen), then email, role, joined date and actions.
 * Wider screens get the table instead.
 */
export function MemberCards({
  rows,
  meId,
  now,
  manageable,
  busyId,
  onChangeRole,
  onRemove,
}: {
  rows: ShownMemberRow[];
  meId: string;
  now: number;
  manageable: (r: ShownMemberRow) => boolean;
  busyId: string | null;
  onChangeRole: (r: ShownMemberRow, role: "admin" | "member") => void;
  onRemove: (r: ShownMemberRow) => void;
}) {
  // No rows (loading, none, none match): the table's one-cell message serves every width.
  if (rows.length === 0) return null;
  return (
    <ul aria-label="Members" data-testid="admin-members-cards" className="divide-y divide-slate-100 rounded-lg border border-slate-200 md:hidden">
      {rows.map((r) => (
        <li key={r.id} data-member-id={r.id} className="space-y-2 p-3">
          <div className="flex items-start gap-3">
            <Avatar id={r.id} name={r.name} size="md" />
            <div className="min-w-0 flex-1">
              <p className="text-sm font-medium text-slate-900">
                <bdi>{r.name}</bdi>
                {r.id === meId && <span className="ml-1 text-xs font-normal text-slate-500">(you)</span>}
              </p>
              <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm text-slate-700" data-testid="member-card-presence">
                <span className="inline-flex items-center gap-1.5" data-testid="member-card-status">
                  <PresenceIndicator status={r.status} lastSeenAt={r.lastSeenAt} lastSeen={r.lastSeen} dndUntil={r.dndUntil} now={now} />
                  {statusText(r, now)}
                </span>
                <span aria-hidden className="text-slate-300">·</span>
                <span className="text-slate-600" data-testid="member-card-last-seen">
                  {r.status !== "offline" ? "Online now" : r.lastSeen || r.lastSeenAt ? `Last seen ${lastSeenText(r, now).toLowerCase()}` : "Not seen yet"}
                </span>
              </p>
              <StatusBadge userId={r.id} className="mt-0.5 flex max-w-full text-xs text-slate-600" />
            </div>
          </div>
          <p className="break-all pl-11 text-xs text-slate-500">{r.email}</p>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2 pl-11 text-xs text-slate-500">
            {manageable(r) ? (
              <select
                aria-label={`Role for ${r.name}`}
                value={r.role}
                disabled={busyId === r.id}
                onChange={(e) => onChangeRole(r, e.target.value === "admin" ? "admin" : "member")}
                className="min-h-11 rounded-md border border-slate-300 py-1 pl-2 pr-7 text-sm text-slate-900 disabled:opacity-50"
              >
                <option value="admin">Admin</option>
                <option value="member">Member</option>
              </select>
            ) : (
              <span className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-700">{ROLE_LABEL[r.role]}</span>
            )}
            <span>Joined {joinedFormat.format(new Date(r.joinedAt))}</span>
            {manageable(r) && (
              <button
                type="button"
                onClick={() => onRemove(r)}
                disabled={busyId === r.id}
                aria-label={`Remove ${r.name}`}
                className="ml-auto min-h-11 rounded-md px-3 text-sm font-medium text-red-600 hover:bg-red-50 disabled:opacity-50"
              >
                Remove
              </button>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
