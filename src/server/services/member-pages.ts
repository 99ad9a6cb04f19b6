// Pages of a workspace's members for the HTTP reads: presence pages in user id order
// (GET /api/workspaces/:slug/presence) and the admin members table (GET .../members).
import { DEFAULT_DIR, pageOf, type AdminMemberRow, type AdminMembersPage, type AdminMembersQuery, type MemberRole } from "@/shared/admin-members";
import type { VisiblePresence } from "@/shared/presence";
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

/** What the admin table needs of presence: every member as the admin may see them. */
export interface AdminPresence {
  snapshot(workspaceId: string, viewerId: string): Promise<VisiblePresence[]>;
}

/**
 * One page of the admin members table for `viewerId` (an admin; the caller checked): filtered,
 * sorted and paged over every member, with presence as that admin may see it (the one audience
 * rule), so filters and sorts never see a state the admin may not. The counts (online of all) are
 * over the whole workspace, so the presence read is too.
 */
export async function adminMembersPage(workspaceId: string, viewerId: string, query: AdminMembersQuery, presence: AdminPresence): Promise<AdminMembersPage> {
  const { page, size, status, role, q, sort, dir } = query;
  const [members, seen] = await Promise.all([directoryRows(workspaceId), presence.snapshot(workspaceId, viewerId)]);
  const byId = new Map(seen.map((p) => [p.userId, p]));
  const rows: AdminMemberRow[] = members.map((m) => {
    const p = byId.get(m.id);
    const row: AdminMemberRow = {
      id: m.id,
      name: m.name,
      email: m.email,
      role: m.role,
      // A member who joined after the snapshot was built shows as offline until the next one.
      status: p?.status ?? "offline",
      lastSeenAt: p?.lastSeenAt ?? null,
      joinedAt: m.createdAt.toISOString(),
    };
    if (p?.lastSeen) row.lastSeen = p.lastSeen;
    return row;
  });
  return pageOf(rows, { page, size, status, role, query: q, sort, dir: dir ?? DEFAULT_DIR[sort] });
}
