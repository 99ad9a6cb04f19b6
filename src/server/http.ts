import { NextResponse } from "next/server";
import type { z } from "zod";
import { firstError } from "@/shared/schemas";
import { getSessionUser, type SessionUser } from "./auth";
import { AppError, badRequest } from "./errors";
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
  return parsed.data;
}

type Params = Record<string, string>;

/** A JSON route for signed-in users: errors become `{ ok: false, error }`, never a stack trace. */
export function authed<P extends Params>(
  fn: (ctx: { req: Request; user: SessionUser; params: P }) => Promise<Response>,
) {
  return async (req: Request, ctx: { params: Promise<P> }) => {
    try {
      const user = await getSessionUser();
      if (!user) return fail(401, "Sign in first.");
      return await fn({ req, user, params: await ctx.params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) return fail(err.status, err.message);
  logger.error({ err }, "request failed");
  return fail(500, "Something went wrong on our side.");
}
