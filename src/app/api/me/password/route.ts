import { changePasswordInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { changePassword } from "@/server/accounts/accounts";
import { commands } from "@/server/commands";

// Keeps this browser signed in; every other session ends.
export const POST = authed(async ({ req, user, sessionId }) => {
  const { sessionsEnded } = commands();
  const { current, password } = await readBody(req, changePasswordInput);
  await changePassword(user.id, sessionId, current, password, sessionsEnded);
  return ok({ status: "changed" });
});
