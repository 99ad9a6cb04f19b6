import { authed, ok } from "@/server/http";
import { parseParams } from "@/server/params";
import { leaveWorkspace } from "@/server/services/membership";
import { memberRoom } from "@/server/realtime/rooms";
import { getRealtime } from "@/server/runtime";

/** The signed-in member leaves the workspace (the owner transfers ownership first). */
export const POST = authed<{ slug: string }>(async ({ user, params }) => {
  const { slug } = parseParams(params, ["slug"]);
  const left = await leaveWorkspace(user.id, slug);
  const realtime = getRealtime();
  realtime?.io.in(memberRoom(left.workspaceId, left.userId)).disconnectSockets(true);
  realtime?.membersChanged(left.workspaceId);
  return ok({ left: true });
});
