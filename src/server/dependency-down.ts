// Telling a dependency outage (PostgreSQL or Redis down) from other errors: answered 503 with
// Retry-After, never 500. Shared by the routes (./http.ts) and the sign-in page.

/** Seconds a client waits before asking again after a 503 (clients follow Retry-After: src/components/ui/api.ts). */
export const RETRY_AFTER_SEC = 5;
export const DEPENDENCY_UNAVAILABLE = "Temporarily unavailable; try again in a few seconds.";

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
