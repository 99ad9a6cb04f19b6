import { NextResponse } from "next/server";
import * as z from "zod/mini";
import "@/shared/zod";
import { firstError } from "@/shared/schemas";
import { currentSession, type SessionUser } from "./auth";
import { AppError, badRequest, isBadInput } from "./errors";
import { unstorableText } from "@/shared/text";
import { logger, warnThrottled } from "./logger";
import { DEPENDENCY_UNAVAILABLE, isDependencyDown, RETRY_AFTER_SEC } from "./dependency-down";

export const ok = <T>(data: T, status = 200) => NextResponse.json({ ok: true, data }, { status });
export const fail = (status: number, error: string) => NextResponse.json({ ok: false, error }, { status });

/** Validates a JSON body; a bad one becomes a 400 with a readable message. */
export async function readBody<S extends z.core.$ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const raw = await req.json().catch(() => {
    throw badRequest("Request body must be JSON.");
  });
  const parsed = z.safeParse(schema, raw);
  if (!parsed.success) throw badRequest(firstError(parsed.error));
  // NUL (PostgreSQL cannot store it) and lone surrogates (Prisma cannot send them) are refused in
  // any string of the body, naming the field, whatever the schema let through (the schema's own
  // message comes first; the guard already refused them before Next).
  const bad = unstorableText(raw);
  if (bad) throw badRequest(bad);
  return parsed.data;
}

type Params = Record<string, string>;

/** A JSON route for signed-in users: errors become `{ ok: false, error }`, never a stack trace. */
export function authed<P extends Params>(
  fn: (ctx: { req: Request; user: SessionUser; sessionId: string; params: P }) => Promise<Response>,
) {
  return async (req: Request, ctx: { params: Promise<P> }) => {
    try {
      const session = await currentSession();
      if (!session) return fail(401, "Sign in first.");
      return await fn({ req, user: session.user, sessionId: session.sessionId, params: await ctx.params });
    } catch (err) {
      return errorResponse(err, req);
    }
  };
}

export { DEPENDENCY_UNAVAILABLE, isDependencyDown, RETRY_AFTER_SEC };

/** A 503 with Retry-After: PostgreSQL or Redis is down or timed out; the request may be retried. */
export function unavailable(error = DEPENDENCY_UNAVAILABLE): Response {
  return NextResponse.json({ ok: false, error }, { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SEC) } });
}

/**
 * The error's answer; an unexpected one is logged with the request id server.ts gave the request.
 * A dependency outage is a 503 with Retry-After (never a 500): an AppError 503 (the presence store
 * is down: PresenceService's "Presence is temporarily unavailable.") or a database that cannot be reached.
 */
export function errorResponse(err: unknown, req?: Request): Response {
  if (err instanceof AppError) return err.status === 503 ? unavailable(err.message) : fail(err.status, err.message);
  if (isBadInput(err)) return fail(400, "The request has an invalid value.");
  if (isDependencyDown(err)) {
    warnThrottled({ err: String(err), reqId: req?.headers.get("x-request-id") ?? undefined }, "request failed: dependency unavailable");
    return unavailable();
  }
  logger.error({ err, reqId: req?.headers.get("x-request-id") ?? undefined }, "request failed");
  return fail(500, "Something went wrong on our side.");
}
