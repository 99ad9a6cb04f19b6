import { forgotInput } from "@/shared/schemas";
import { ok, readBody } from "@/server/http";
import { requestPasswordReset } from "@/server/accounts/accounts";
import { open, originOf } from "@/server/accounts/route";

export const POST = open(async (req) => {
  const { email } = await readBody(req, forgotInput);
  return ok(await requestPasswordReset(email, originOf(req)));
});
