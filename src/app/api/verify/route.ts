import { resetInput } from "@/shared/schemas";
import { ok, readBody } from "@/server/http";
import { verifyEmail } from "@/server/accounts/accounts";
import { open } from "@/server/accounts/route";

// The link proves the address; the password typed on its page is the one the account keeps.
export const POST = open(async (req) => {
  const { token, password } = await readBody(req, resetInput);
  await verifyEmail(token, password);
  return ok({ status: "verified" });
});
