import { resetInput } from "@/shared/schemas";
import { ok, readBody } from "@/server/http";
import { resetPassword } from "@/server/accounts/accounts";
import { open } from "@/server/accounts/route";

export const POST = open(async (req) => {
  const { token, password } = await readBody(req, resetInput);
  await resetPassword(token, password);
  return ok({ status: "reset" });
});
