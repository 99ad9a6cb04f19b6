import { NextResponse } from "next/server";
import type { z } from "zod";
import { firstError } from "@/shared/schemas";
import { currentSession, type SessionUser } from "./auth";
import { AppError, badRequest, isBadInput } from "./errors";
import { unstorableText } from "@/shared/text";
import { logger } from "./logger";

export const ok = <T>(data: T, status = 200) => NextResponse.json({ ok: true, data }, { status });
export const fail = (status: number, error: string) => NextResponse.json({ ok: false, error }, { status });

/** Validates a JSON body; a bad one becomes a 400 with a readable message. */
export async function readBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const raw = await req.json().catch(() => {
    throw badRequest("Request body must be JSON.");
  });
  const parsed = schema.safeParse(raw);
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

/** The error's answer; an unexpected one is logged with the request id server.ts gave the request. */
export function errorResponse(err: unknown, req?: Request): Response {
  if (err instanceof AppError) return fail(err.status, err.message);
  if (isBadInput(err)) return fail(400, "The request has an invalid value.");
  logger.error({ err, reqId: req?.headers.get("x-request-id") ?? undefined }, "request failed");
  return fail(500, "Something went wrong on our side.");
}
