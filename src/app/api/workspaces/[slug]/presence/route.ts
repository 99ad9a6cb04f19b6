import type { WorkspacePresence } from "@/shared/presence";
import { authed, ok } from "@/server/http";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { commands } from "@/server/commands";

/** Presence of every member, as the requesting member may see it, in one request (clients other than the web app). */
export const GET = authed<{ slug: string }>(async ({ user, params }) => {
  const { presence } = commands();
  const { slug } = parseParams(params, ["slug"]);
  const { workspaceId } = await requireMembership(user.id, slug);
  const sync = await presence.sync(workspaceId, user.id, {}, Date.now());
  const body: WorkspacePresence = { members: sync.members, me: sync.me, serverTime: sync.serverTime };
  return ok(body);
});
