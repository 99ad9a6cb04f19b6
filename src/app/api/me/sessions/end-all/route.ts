import { authed, ok } from "@/server/http";
import { endAllSessions } from "@/server/sessions";

// Signs the user out everywhere, this browser included.
export const POST = authed(async ({ user }) => {
  await endAllSessions(user.id);
  return ok({ status: "signed-out" });
});
