import NextAuth from "next-auth";
import { authOptions } from "@/server/auth";
import { fail } from "@/server/http";
import { logger } from "@/server/logger";

const handler = NextAuth(authOptions) as (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

/** Malformed input (an unparsable body, a GET where only POST exists) gets a 400, never a 5xx. */
async function malformed(req: Request, parts: string[]): Promise<string | null> {
  if (parts[0] === "callback" && parts[1] === "credentials" && req.method !== "POST") return "Use POST to sign in.";
  if (req.method === "POST" && req.headers.get("content-type")?.includes("application/json")) {
    const body = await req.clone().json().catch(() => undefined);
    if (!body || typeof body !== "object" || Array.isArray(body)) return "Request body must be a JSON object.";
  }
  return null;
}

async function guarded(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  try {
    const problem = await malformed(req, (await ctx.params).nextauth ?? []);
    if (problem) return fail(400, problem);
    const res = await handler(req, ctx);
    if (res.status >= 500) return fail(400, "Bad request.");
    return res;
  } catch (err) {
    logger.warn({ err: String(err) }, "auth request refused");
    return fail(400, "Bad request.");
  }
}

export { guarded as GET, guarded as POST };
