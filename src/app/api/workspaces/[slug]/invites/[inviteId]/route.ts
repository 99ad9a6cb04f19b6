import { authed, ok } from "@/server/http";
import { parseParams } from "@/server/params";
import { revokeInvite } from "@/server/services/invites";

/** Revokes a pending invite (admins). */
export const DELETE = authed<{ slug: string; inviteId: string }>(async ({ user, params }) => {
  const { slug, inviteId } = parseParams(params, ["slug", "inviteId"]);
  return ok(await revokeInvite(user.id, slug, inviteId));
});
