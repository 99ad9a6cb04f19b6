import { authed, ok } from "@/server/http";
import { parseParams } from "@/server/params";
import { leaveWorkspace } from "@/server/services/membership";
import { commands } from "@/server/commands";

/** The signed-in member leaves the workspace (the owner transfers ownership first). */
export const POST = authed<{ slug: string }>(async ({ user, params }) => {
  const { memberRemoved } = commands();
  const { slug } = parseParams(params, ["slug"]);
  const left = await leaveWorkspace(user.id, slug);
  memberRemoved(left.workspaceId, left.userId);
  return ok({ left: true });
});
