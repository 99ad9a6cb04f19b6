import { authed, ok } from "@/server/http";
import { invitationsFor } from "@/server/services/invites";

/** Pending, unexpired invitations to my verified email (empty while it is unverified). */
export const GET = authed(async ({ user }) => ok({ invitations: await invitationsFor(user.id) }));
