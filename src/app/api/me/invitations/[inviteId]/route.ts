import { authed, ok } from "@/server/http";
import { parseParams } from "@/server/params";
import { declineInvitation } from "@/server/services/invites";

/** Declines an invitation to me: it is deleted. */
export const DELETE = authed<{ inviteId: string }>(async ({ user, params }) => {
  const { inviteId } = parseParams(params, ["inviteId"]);
  return ok(await declineInvitation(user.id, inviteId));
});
