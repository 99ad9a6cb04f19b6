import { adminMembersQuery, type AdminMembersPage } from "@/shared/admin-members";
import { firstError } from "@/shared/schemas";
import { authed, ok } from "@/server/http";
import { badRequest } from "@/server/errors";
import { parseParams } from "@/server/params";
import { requireAdmin } from "@/server/services/workspaces";
import { adminMembersPage } from "@/server/services/member-pages";
import { commands } from "@/server/commands";

/**
 * One page of the admin members table (admins only): filtered by status, role and a name or
 * email search, sorted, paged. Presence is the snapshot as this admin may see it (the one audience
 * rule), so an invisible member is offline with a frozen last seen for an admin outside their
 * allowlist, and a private last seen is a band: filters and sorts never see the real state.
 * Only a status filter or a status or last-seen sort reads every member's presence; other pages
 * read their rows' presence and take the counts from the realtime server's live member list.
 */
export const GET = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { presence, memberCounts } = commands();
  const { slug } = parseParams(params, ["slug"]);
  const parsed = adminMembersQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw badRequest(firstError(parsed.error));
  const { workspaceId } = await requireAdmin(user.id, slug);
  const answer: AdminMembersPage = await adminMembersPage(workspaceId, user.id, parsed.data, presence, memberCounts);
  return ok(answer);
});
