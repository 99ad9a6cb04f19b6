// errorResponse for dependency outages: a 503 with Retry-After, never a 500 (the routes' half of
// README "Outages"; presence-route.test.ts cuts a real PostgreSQL and kills a real Redis).
import { describe, expect, it } from "vitest";
import { PRESENCE_UNAVAILABLE } from "@/shared/events";
import { AppError } from "./errors";
import { errorResponse, isDependencyDown, RETRY_AFTER_SEC } from "./http";

const unreachable: [string, unknown][] = [
  ["pg: server went away", new Error("Connection terminated unexpectedly")],
  ["pg: connect timeout", new Error("timeout exceeded when trying to connect")],
  ["refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
  ["refused on every address", Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })], "x"))],
  ["Prisma: can't reach", Object.assign(new Error("x"), { code: "P1001" })],
  ["Prisma: pool timeout", Object.assign(new Error("x"), { code: "P2024" })],
  ["Prisma: init", Object.assign(new Error("x"), { name: "PrismaClientInitializationError" })],
  ["adapter: shutting down (57P01)", Object.assign(new Error("x"), { cause: { originalCode: "57P01" } })],
  ["adapter: connection exception (08006)", Object.assign(new Error("x"), { cause: { originalCode: "08006" } })],
  ["adapter kind", Object.assign(new Error("x"), { cause: { kind: "DatabaseNotReachable" } })],
  ["ioredis: down, offline queue off", new Error("Stream isn't writeable and enableOfflineQueue options is false")],
  ["ioredis: timed out", new Error("Command timed out")],
  ["ioredis: gave up retrying", Object.assign(new Error("x"), { name: "MaxRetriesPerRequestError" })],
  ["deep cause", Object.assign(new Error("x"), { cause: Object.assign(new Error("y"), { cause: new Error("Connection terminated due to connection timeout") }) })],
];

describe("errorResponse: dependency outages", () => {
  it.each(unreachable)("%s: 503 with Retry-After, no details", async (_, err) => {
    expect(isDependencyDown(err)).toBe(true);
    const res = errorResponse(err);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(RETRY_AFTER_SEC));
    expect(await res.json()).toEqual({ ok: false, error: "Temporarily unavailable; try again in a few seconds." });
  });

  it("the presence store's 503 keeps its message and gains Retry-After", async () => {
    const res = errorResponse(new AppError(503, PRESENCE_UNAVAILABLE));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(RETRY_AFTER_SEC));
    expect(await res.json()).toEqual({ ok: false, error: PRESENCE_UNAVAILABLE });
  });

  it("leaves other errors alone: bugs are 500s, bad input 400s, other AppErrors without Retry-After", async () => {
    for (const err of [new Error("boom"), new TypeError("x is undefined"), Object.assign(new Error("x"), { code: "P2002" }), null, "text"]) {
      expect(isDependencyDown(err)).toBe(false);
      expect(errorResponse(err).status).toBe(500);
    }
    expect(errorResponse(Object.assign(new Error("x"), { cause: { originalCode: "22P05" } })).status).toBe(400);
    const notFound = errorResponse(new AppError(404, "Workspace not found."));
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("retry-after")).toBeNull();
  });
});
