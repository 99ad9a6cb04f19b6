import { signUpInput } from "@/shared/schemas";
import { ok, readBody } from "@/server/http";
import { register } from "@/server/accounts/accounts";
import { open, originOf } from "@/server/accounts/route";

// The same answer for a new and a known email: the rest happens by email.
export const POST = open(async (req) => ok(await register(await readBody(req, signUpInput), originOf(req))));
