import { tokenInput } from "@/shared/schemas";
import { ok, readBody } from "@/server/http";
import { verifyEmail } from "@/server/accounts/accounts";
import { open } from "@/server/accounts/route";

export const POST = open(async (req) => {
  const { token } = await readBody(req, tokenInput);
  await verifyEmail(token);
  return ok({ status: "verified" });
});
