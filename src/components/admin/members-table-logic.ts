// Pure filtering, searching and sorting for the admin members table.
import { LAST_SEEN_BUCKETS, STATUS_ORDER, type LastSeenBucket, type PresenceStatus } from "@/shared/presence";

export type MemberRole = "owner" | "admin" | "member";

export interface AdminMemberRow {
  id: string;
  name: string;
  email: string;
  role: MemberRole;
  status: PresenceStatus;
  lastSeenAt: string | null;
  /** Rough last seen of a member who keeps it private (then lastSeenAt is null). */
  lastSeen?: LastSeenBucket;
  joinedAt: string;
}

export type SortKey = "name" | "email" | "role" | "status" | "lastSeen" | "joined";
export type SortDir = "asc" | "desc";

export interface TableOptions {
  query: string;
  status: PresenceStatus | "all";
  sort: SortKey;
  dir: SortDir;
}

const ROLE_ORDER: Record<MemberRole, number> = { owner: 0, admin: 1, member: 2 };

const byName = (a: AdminMemberRow, b: AdminMemberRow) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.id.localeCompare(b.id);

/** Online members count as seen "now"; a missing last seen is the oldest of all. */
function lastSeenValue(row: AdminMemberRow): number {
  if (row.status !== "offline") return Number.POSITIVE_INFINITY;
  // Private last seen sorts below every exact time, "recently" first among them.
  if (row.lastSeen) return -1 - LAST_SEEN_BUCKETS.indexOf(row.lastSeen);
  if (!row.lastSeenAt) return Number.NEGATIVE_INFINITY;
  const t = Date.parse(row.lastSeenAt);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

function compareKey(a: AdminMemberRow, b: AdminMemberRow, sort: SortKey): number {
  switch (sort) {
    case "name":
      return 0; // the name tie-break does the work
    case "email":
      return a.email.localeCompare(b.email, undefined, { sensitivity: "base" });
    case "role":
      return ROLE_ORDER[a.role] - ROLE_ORDER[b.role];
    case "status":
      return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case "lastSeen": {
      const x = lastSeenValue(a);
      const y = lastSeenValue(b);
      return x === y ? 0 : x < y ? -1 : 1;
    }
    case "joined":
      return Date.parse(a.joinedAt) - Date.parse(b.joinedAt) || 0;
  }
}

export function matchesQuery(row: AdminMemberRow, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || row.name.toLowerCase().includes(q) || row.email.toLowerCase().includes(q);
}

/**
 * Filters by query (name or email, case-insensitive) and status, then sorts.
 * `dir` reverses the chosen key; ties are always broken by name A–Z.
 */
export function filterAndSort(rows: readonly AdminMemberRow[], opts: TableOptions): AdminMemberRow[] {
  const sign = opts.dir === "desc" ? -1 : 1;
  const byKeyThenName = (a: AdminMemberRow, b: AdminMemberRow) =>
    opts.sort === "name" ? sign * byName(a, b) : sign * compareKey(a, b, opts.sort) || byName(a, b);
  return rows
    .filter((r) => (opts.status === "all" || r.status === opts.status) && matchesQuery(r, opts.query))
    .sort(byKeyThenName);
}

/** The direction a column starts in when first clicked: dates newest first, text A–Z. */
export const DEFAULT_DIR: Record<SortKey, SortDir> = {
  name: "asc",
  email: "asc",
  role: "asc",
  status: "asc",
  lastSeen: "desc",
  joined: "desc",
};

export const countOnline = (rows: readonly AdminMemberRow[]) => rows.filter((r) => r.status !== "offline").length;
