import { authed, ok } from "@/server/http";
import { getDb } from "@/server/db";
import { endAllSessions } from "@/server/sessions";

// Signs the user out everywhere, this browser included.
export const POST = authed(async ({ user }) => {
  await getDb().authToken.deleteMany({ where: { userId: user.id, purpose: "resetPassword" } });
  await endAllSessions(user.id);
  return ok({ status: "signed-out" });
});
