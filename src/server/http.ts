import { NextResponse } from "next/server";
import * as z from "zod/mini";
import "@/shared/zod";
import { firstError } from "@/shared/schemas";
import { currentSession, type SessionUser } from "./auth";
import { AppError, badRequest, isBadInput } from "./errors";
import { unstorableText } from "@/shared/text";
import { logger, warnThrottled } from "./logger";

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

/** Seconds a client waits before asking again after a 503 (clients follow Retry-After: src/components/ui/api.ts). */
export const RETRY_AFTER_SEC = 5;
export const DEPENDENCY_UNAVAILABLE = "Temporarily unavailable; try again in a few seconds.";

/** A 503 with Retry-After: PostgreSQL or Redis is down or timed out; the request may be retried. */
export function unavailable(error = DEPENDENCY_UNAVAILABLE): Response {
  return NextResponse.json({ ok: false, error }, { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SEC) } });
}

const NET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// Prisma: can't reach, timed out, connection closed, pool timeout.
const PRISMA_DOWN = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// Driver adapter error kinds for the same.
const ADAPTER_DOWN = new Set(["DatabaseNotReachable", "DatabaseUnavailable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// pg's and ioredis's own messages when the server goes away or does not answer, and a Redis
// Cluster's while a master is down or its slots move.
const DOWN_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Connection ended unexpectedly|Client has encountered a connection error|Connection is closed|Stream isn't writeable|Command timed out|CLUSTERDOWN|TRYAGAIN|Failed to refresh slots cache|None of startup nodes is available|Cluster isn't ready)/;

/**
 * PostgreSQL or Redis that cannot be reached (refused, cut, timed out, shutting down), as pg,
 * Prisma, its driver adapter or ioredis report it, anywhere in the cause chain: the request may
 * succeed later.
 */
export function isDependencyDown(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | null | undefined, depth = 0; e && typeof e === "object" && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.name === "PrismaClientInitializationError") return true;
    const code = typeof e.code === "string" ? e.code : undefined;
    const sql = [e.originalCode, code].find((c): c is string => typeof c === "string");
    if (code && (NET_CODES.has(code) || PRISMA_DOWN.has(code))) return true;
    // SQLSTATE 08: connection exception; 57P01-03: shutting down or not accepting connections; 53300: too many connections.
    if (sql && (/^08[0-9A-Z]{3}$/.test(sql) || /^57P0[123]$/.test(sql) || sql === "53300")) return true;
    if (typeof e.kind === "string" && ADAPTER_DOWN.has(e.kind)) return true;
    if (e.name === "MaxRetriesPerRequestError") return true;
    if (typeof e.message === "string" && DOWN_MESSAGE.test(e.message)) return true;
    if (e.name === "AggregateError" && Array.isArray(e.errors) && e.errors.some(isDependencyDown)) return true;
  }
  return false;
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
