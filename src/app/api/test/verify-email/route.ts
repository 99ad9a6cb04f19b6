import { z } from "zod";
import { email } from "@/shared/schemas";
import { errorResponse, fail, ok, readBody } from "@/server/http";
import { getDb } from "@/server/db";

// TEMPORARY, end-to-end tests only: marks an address verified, as following the emailed link
// will once the verification flow lands. Served only when ROSTER_TEST_HOOKS=1 (e2e/serve.ts);
// everywhere else it is a plain 404.
export async function POST(req: Request) {
  if (process.env.ROSTER_TEST_HOOKS !== "1") return fail(404, "Not found.");
  try {
    const body = await readBody(req, z.object({ email }));
    const { count } = await getDb().user.updateMany({ where: { email: body.email }, data: { emailVerifiedAt: new Date() } });
    return ok({ verified: count });
  } catch (err) {
    return errorResponse(err);
  }
}
