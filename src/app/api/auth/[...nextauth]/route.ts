import NextAuth from "next-auth";
import { authOptions } from "@/server/auth";
import { fail } from "@/server/http";
import { logger } from "@/server/logger";

const handler = NextAuth(authOptions) as (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// The request guard (src/server/http-guard) lets through only next-auth's own actions, methods and
// form posts. What next-auth still fails on is malformed input: a 400, never a 5xx or a stack trace.
async function guarded(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  try {
    const res = await handler(req, ctx);
    if (res.status >= 500) return fail(400, "Bad request.");
    return res;
  } catch (err) {
    logger.warn({ err }, "auth request refused");
    return fail(400, "Bad request.");
  }
}

export { guarded as GET, guarded as POST };
