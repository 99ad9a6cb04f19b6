import type { WorkspacePresence } from "@/shared/presence";
import { authed, ok } from "@/server/http";
import { requireMembership } from "@/server/services/workspaces";
import { getPresence } from "@/server/runtime";

/** Presence of every member, as the requesting member may see it, in one request (clients other than the web app). */
export const GET = authed<{ slug: string }>(async ({ user, params }) => {
  const { workspaceId } = await requireMembership(user.id, params.slug);
  const sync = await getPresence().sync(workspaceId, user.id, {}, Date.now());
  const body: WorkspacePresence = { members: sync.members, me: sync.me, serverTime: sync.serverTime };
  return ok(body);
});
