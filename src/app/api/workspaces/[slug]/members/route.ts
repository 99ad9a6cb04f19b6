import { DEFAULT_DIR, adminMembersQuery, pageOf, type AdminMemberRow, type AdminMembersPage } from "@/shared/admin-members";
import { firstError } from "@/shared/schemas";
import { authed, ok } from "@/server/http";
import { badRequest } from "@/server/errors";
import { parseParams } from "@/server/params";
import { membersOf, requireAdmin } from "@/server/services/workspaces";
import { commands } from "@/server/commands";

/**
 * One page of the admin members table (admins only): filtered by status, role and a name or
 * email search, sorted, paged. Presence is the snapshot as this admin may see it (the one audience
 * rule), so an invisible member is offline with a frozen last seen for an admin outside their
 * allowlist, and a private last seen is a band: filters and sorts never see the real state.
 */
export const GET = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { presence } = commands();
  const { slug } = parseParams(params, ["slug"]);
  const parsed = adminMembersQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw badRequest(firstError(parsed.error));
  const { page, size, status, role, q, sort, dir } = parsed.data;
  const { workspaceId } = await requireAdmin(user.id, slug);
  const [members, seen] = await Promise.all([membersOf(workspaceId), presence.snapshot(workspaceId, user.id)]);
  const byId = new Map(seen.map((p) => [p.userId, p]));
  const rows: AdminMemberRow[] = members.map((m) => {
    const p = byId.get(m.user.id);
    const row: AdminMemberRow = {
      id: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      // A member who joined after the snapshot was built shows as offline until the next one.
      status: p?.status ?? "offline",
      lastSeenAt: p?.lastSeenAt ?? null,
      joinedAt: m.createdAt.toISOString(),
    };
    if (p?.lastSeen) row.lastSeen = p.lastSeen;
    return row;
  });
  const answer: AdminMembersPage = pageOf(rows, { page, size, status, role, query: q, sort, dir: dir ?? DEFAULT_DIR[sort] });
  return ok(answer);
});
