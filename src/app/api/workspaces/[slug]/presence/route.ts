import { workspacePresenceQuery } from "@/shared/presence-query";
import { presenceCursor, PRESENCE_PAGE_LIMIT, type VisiblePresence, type WorkspacePresence } from "@/shared/presence";
import { firstError } from "@/shared/schemas";
import { authed, ok } from "@/server/http";
import { badRequest } from "@/server/errors";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { memberIdsPage } from "@/server/services/member-pages";
import { commands } from "@/server/commands";

/**
 * Presence of members as the requesting member may see them (clients other than the web app),
 * at a cost in proportion to what is asked, never to the workspace: `?ids=a,b,c` (at most 500)
 * answers those members (others and non-members left out, as `presence:subscribe` does);
 * without ids, one page of every member in user id order (`?limit=`, at most 1,000; `?cursor=`
 * from the answer's `next`). Both read only those members from the presence store (the targeted
 * read a subscribed socket's sync uses). A dependency outage is a 503 with Retry-After.
 */
export const GET = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { presence } = commands();
  const { slug } = parseParams(params, ["slug"]);
  const search = new URL(req.url).searchParams;
  const raw: Record<string, string> = Object.fromEntries(search);
  // ids=a,b&ids=c is ids=a,b,c.
  if (search.getAll("ids").length > 1) raw.ids = search.getAll("ids").join(",");
  const parsed = workspacePresenceQuery.safeParse(raw);
  if (!parsed.success) throw badRequest(firstError(parsed.error));
  const { ids, cursor, limit = PRESENCE_PAGE_LIMIT } = parsed.data;
  const { workspaceId } = await requireMembership(user.id, slug);

  let wanted: string[];
  let next: string | null = null;
  if (ids) {
    wanted = ids;
  } else {
    const page = await memberIdsPage(workspaceId, limit, cursor);
    wanted = page.ids;
    next = page.more ? presenceCursor.encode(wanted[wanted.length - 1]!) : null;
  }
  const sync = await presence.syncWatched(workspaceId, user.id, {}, new Set(wanted));
  // The read holds the viewer too, first: keep only what was asked, in the order asked.
  const byId = new Map(sync.members.map((m) => [m.userId, m]));
  const members = wanted.map((id) => byId.get(id)).filter((m): m is VisiblePresence => m !== undefined);
  const body: WorkspacePresence = { members, me: sync.me, serverTime: sync.serverTime, next };
  return ok(body);
});
