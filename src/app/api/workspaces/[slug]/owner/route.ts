import { transferOwnerInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { parseParams } from "@/server/params";
import { transferOwnership } from "@/server/services/membership";
import { commands } from "@/server/commands";

/** The owner hands the workspace to another member and stays on as an admin. */
export const POST = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { membersChanged } = commands();
  const { slug } = parseParams(params, ["slug"]);
  const { userId } = await readBody(req, transferOwnerInput);
  const moved = await transferOwnership(user.id, slug, userId);
  membersChanged(moved.workspaceId);
  return ok({ ownerId: moved.ownerId });
});
