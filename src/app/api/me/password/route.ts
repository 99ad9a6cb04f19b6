import { changePasswordInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { changePassword } from "@/server/accounts/accounts";

// Keeps this browser signed in; every other session ends.
export const POST = authed(async ({ req, user, sessionId }) => {
  const { current, password } = await readBody(req, changePasswordInput);
  await changePassword(user.id, sessionId, current, password);
  return ok({ status: "changed" });
});
