import { changeRoleInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { parseParams } from "@/server/params";
import { changeRole, removeMember } from "@/server/services/membership";
import { memberRoom } from "@/server/realtime/rooms";
import { getRealtime } from "@/server/runtime";

export const PATCH = authed<{ slug: string; userId: string }>(async ({ req, user, params }) => {
  const { slug, userId } = parseParams(params, ["slug", "userId"]);
  const { role } = await readBody(req, changeRoleInput);
  const m = await changeRole(user.id, slug, userId, role);
  getRealtime()?.membersChanged(m.workspaceId);
  return ok({ userId: m.userId, role: m.role });
});

export const DELETE = authed<{ slug: string; userId: string }>(async ({ user, params }) => {
  const { slug, userId } = parseParams(params, ["slug", "userId"]);
  const removed = await removeMember(user.id, slug, userId);
  // A removed member's open pages lose the workspace's live data at once.
  const realtime = getRealtime();
  realtime?.io.in(memberRoom(removed.workspaceId, removed.userId)).disconnectSockets(true);
  realtime?.membersChanged(removed.workspaceId);
  return ok(removed);
});
