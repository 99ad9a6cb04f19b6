import { resetInput } from "@/shared/schemas";
import { ok, readBody } from "@/server/http";
import { verifyEmail } from "@/server/accounts/accounts";
import { acceptOnConfirm } from "@/server/accounts/join";
import { sessionCookieFor } from "@/server/accounts/session-cookie";
import { open } from "@/server/accounts/route";
import { commands } from "@/server/commands";

// The link proves the address; the password typed on its page is the one the account keeps.
// A link sent from an invitation's join page also accepts that invitation (its page says so);
// whoever just chose the password is then signed in and taken to the workspace.
export const POST = open(async (req) => {
  const { token, password } = await readBody(req, resetInput);
  const { user, inviteId } = await verifyEmail(token, password);
  const joined = await acceptOnConfirm(user.id, inviteId);
  const secret = process.env.NEXTAUTH_SECRET;
  if (!joined || !secret) return ok({ status: "verified" as const });
  commands().membersChanged(joined.workspaceId);
  const res = ok({ status: "joined" as const, slug: joined.slug });
  const session = await sessionCookieFor(user, secret);
  res.cookies.set(session.name, session.value, session.options);
  return res;
});
