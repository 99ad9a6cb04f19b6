import { privacyInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { getDb } from "@/server/db";
import { commands } from "@/server/commands";

/** Whether others see my exact last seen or only a rough band ("recently", "within a week", ...). */
export const GET = authed(async ({ user }) => {
  const row = await getDb().user.findUnique({ where: { id: user.id }, select: { coarseLastSeen: true } });
  return ok({ coarseLastSeen: row?.coarseLastSeen ?? false });
});

export const PUT = authed(async ({ req, user }) => {
  const { membersChanged, presence } = commands();
  const { coarseLastSeen } = await readBody(req, privacyInput);
  const db = getDb();
  await db.user.update({ where: { id: user.id }, data: { coarseLastSeen } });
  // Every instance drops its cached member lists (they hold the setting), then every viewer gets
  // the user's view anew.
  const workspaces = await db.membership.findMany({ where: { userId: user.id }, select: { workspaceId: true } });
  for (const { workspaceId } of workspaces) membersChanged(workspaceId);
  await presence.privacyChanged(user.id);
  return ok({ coarseLastSeen });
});
