// Pages of a workspace's members for the HTTP reads: presence pages in user id order
// (GET /api/workspaces/:slug/presence) and the admin members table (GET .../members).
import { DEFAULT_DIR, pageOf, usesPresence, type AdminMemberRow, type AdminMembersPage, type AdminMembersQuery, type MemberRole } from "@/shared/admin-members";
import type { MemberCounts } from "@/shared/member-list";
import type { PresenceSyncRequest, VisiblePresence } from "@/shared/presence";
import { getDb } from "../db";

/**
 * Up to `limit` member ids in user id order, after `after` (a cursor), and whether more follow:
 * one index range scan, whatever the workspace's size.
 */
export async function memberIdsPage(workspaceId: string, limit: number, after?: string): Promise<{ ids: string[]; more: boolean }> {
  const rows = await getDb().membership.findMany({
    where: { workspaceId, ...(after !== undefined ? { userId: { gt: after } } : {}) },
    orderBy: { userId: "asc" },
    take: limit + 1,
    select: { userId: true },
  });
  const more = rows.length > limit;
  return { ids: rows.slice(0, limit).map((r) => r.userId), more };
}

type DirectoryRow = { id: string; name: string; email: string; role: MemberRole; createdAt: Date };

/** Every member's table fields (no presence): one raw query of the columns the table shows. */
function directoryRows(workspaceId: string): Promise<DirectoryRow[]> {
  return getDb().$queryRaw<DirectoryRow[]>`
    SELECT u.id, u.name, u.email, m.role::text AS role, m."createdAt"
    FROM "Membership" m JOIN "User" u ON u.id = m."userId"
    WHERE m."workspaceId" = ${workspaceId}`;
}

/** What the admin table needs of presence, as the asking admin may see it. */
export interface AdminPresence {
  /** Every member (the status filters and the status and last-seen sorts need them all). */
  snapshot(workspaceId: string, viewerId: string): Promise<VisiblePresence[]>;
  /** Some members, read now at a cost in proportion to them (the viewer among them). */
  syncWatched(workspaceId: string, viewerId: string, req: PresenceSyncRequest, watched: ReadonlySet<string>): Promise<{ members: VisiblePresence[] }>;
}

/** The workspace's counts as this viewer sees them (the realtime server's live member list). */
export type MemberCountsOf = (workspaceId: string, viewerId: string) => Promise<MemberCounts>;

/** A table row: the directory's fields and the presence the admin sees (offline if none). */
function adminRow(m: DirectoryRow, p: VisiblePresence | undefined): AdminMemberRow {
  const row: AdminMemberRow = {
    id: m.id,
    name: m.name,
    email: m.email,
    role: m.role,
    status: p?.status ?? "offline",
    lastSeenAt: p?.lastSeenAt ?? null,
    joinedAt: m.createdAt.toISOString(),
  };
  if (p?.lastSeen) row.lastSeen = p.lastSeen;
  return row;
}

/** The table options of a query (the column's own direction when none is given). */
const tableOf = (query: AdminMembersQuery) => {
  const { page, size, status, role, q, sort, dir } = query;
  return { page, size, status, role, query: q, sort, dir: dir ?? DEFAULT_DIR[sort] };
};

/**
 * One page of the admin members table for `viewerId` (an admin; the caller checked): filtered,
 * sorted and paged over every member, with presence as that admin may see it (the one audience
 * rule), so filters and sorts never see a state the admin may not. The counts (online of all)
 * are over the whole workspace as that admin sees it.
 * A status filter or a status or last-seen sort needs every member's presence: one
 * whole-workspace read (about a second at 50,000 members). Any other page is picked from the
 * directory alone; then only its rows' presence is read (the targeted read), and the counts come
 * from the realtime server's live member list (built once, by the first such page).
 */
export async function adminMembersPage(
  workspaceId: string,
  viewerId: string,
  query: AdminMembersQuery,
  presence: AdminPresence,
  memberCounts: MemberCountsOf,
): Promise<AdminMembersPage> {
  const table = tableOf(query);
  if (usesPresence(table)) return wholeWorkspacePage(workspaceId, viewerId, query, presence);
  const [members, counts] = await Promise.all([directoryRows(workspaceId), memberCounts(workspaceId, viewerId)]);
  const answer = pageOf(members.map((m) => adminRow(m, undefined)), table, { online: counts.online, all: counts.total });
  if (!answer.rows.length) return answer;
  const read = await presence.syncWatched(workspaceId, viewerId, {}, new Set(answer.rows.map((r) => r.id)));
  const byId = new Map(read.members.map((p) => [p.userId, p]));
  const dirById = new Map(members.map((m) => [m.id, m]));
  answer.rows = answer.rows.map((r) => adminRow(dirById.get(r.id)!, byId.get(r.id)));
  return answer;
}

/** Any page from every member's presence, read at once (what the presence filters and sorts need). */
export async function wholeWorkspacePage(workspaceId: string, viewerId: string, query: AdminMembersQuery, presence: Pick<AdminPresence, "snapshot">): Promise<AdminMembersPage> {
  const [members, seen] = await Promise.all([directoryRows(workspaceId), presence.snapshot(workspaceId, viewerId)]);
  const byId = new Map(seen.map((p) => [p.userId, p]));
  // A member who joined after the snapshot was built shows as offline until the next one.
  return pageOf(members.map((m) => adminRow(m, byId.get(m.id))), tableOf(query));
}
