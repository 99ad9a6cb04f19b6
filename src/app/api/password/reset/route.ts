import { resetInput } from "@/shared/schemas";
import { ok, readBody } from "@/server/http";
import { resetPassword } from "@/server/accounts/accounts";
import { open } from "@/server/accounts/route";
import { commands } from "@/server/commands";

export const POST = open(async (req) => {
  const { sessionsEnded } = commands();
  const { token, password } = await readBody(req, resetInput);
  await resetPassword(token, password, sessionsEnded);
  return ok({ status: "reset" });
});
