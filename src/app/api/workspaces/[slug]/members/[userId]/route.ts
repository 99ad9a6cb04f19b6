import { changeRoleInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { parseParams } from "@/server/params";
import { changeRole, removeMember } from "@/server/services/membership";
import { commands } from "@/server/commands";

export const PATCH = authed<{ slug: string; userId: string }>(async ({ req, user, params }) => {
  const { membersChanged } = commands();
  const { slug, userId } = parseParams(params, ["slug", "userId"]);
  const { role } = await readBody(req, changeRoleInput);
  const m = await changeRole(user.id, slug, userId, role);
  membersChanged(m.workspaceId);
  return ok({ userId: m.userId, role: m.role });
});

export const DELETE = authed<{ slug: string; userId: string }>(async ({ user, params }) => {
  const { memberRemoved } = commands();
  const { slug, userId } = parseParams(params, ["slug", "userId"]);
  const removed = await removeMember(user.id, slug, userId);
  // A removed member's open pages lose the workspace's live data at once.
  memberRemoved(removed.workspaceId, removed.userId);
  return ok(removed);
});
