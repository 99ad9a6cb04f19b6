import { signUpInput } from "@/shared/schemas";
import { errorResponse, ok, readBody } from "@/server/http";
import { signUp } from "@/server/services/users";

export async function POST(req: Request) {
  try {
    const input = await readBody(req, signUpInput);
    return ok(await signUp(input), 201);
  } catch (err) {
    return errorResponse(err);
  }
}
