import { authed, ok } from "@/server/http";
import { parseParams } from "@/server/params";
import { acceptInvitation } from "@/server/services/invites";
import { commands } from "@/server/commands";

/** Accepts an invitation to me: I join with the invited role. */
export const POST = authed<{ inviteId: string }>(async ({ user, params }) => {
  const { membersChanged } = commands();
  const { inviteId } = parseParams(params, ["inviteId"]);
  const joined = await acceptInvitation(user.id, inviteId);
  membersChanged(joined.workspaceId);
  return ok({ slug: joined.slug });
});
