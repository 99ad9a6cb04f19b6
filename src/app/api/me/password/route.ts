import { changePasswordInput } from "@/shared/schemas";
import { authed, fail, ok, readBody } from "@/server/http";
import { currentSession } from "@/server/auth";
import { changePassword } from "@/server/accounts/accounts";

// Keeps this browser signed in; every other session ends.
export const POST = authed(async ({ req, user }) => {
  const { current, password } = await readBody(req, changePasswordInput);
  const session = await currentSession();
  if (!session) return fail(401, "Sign in first.");
  await changePassword(user.id, session.sessionId, current, password);
  return ok({ status: "changed" });
});
