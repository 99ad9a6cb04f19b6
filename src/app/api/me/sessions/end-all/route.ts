import { authed, ok } from "@/server/http";
import { getDb } from "@/server/db";
import { endAllSessions } from "@/server/sessions";
import { commands } from "@/server/commands";

// Signs the user out everywhere, this browser included.
export const POST = authed(async ({ user }) => {
  const { sessionsEnded } = commands();
  await getDb().authToken.deleteMany({ where: { userId: user.id, purpose: "resetPassword" } });
  await endAllSessions(user.id, sessionsEnded);
  return ok({ status: "signed-out" });
});
