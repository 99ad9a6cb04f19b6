import { describe, expect, it } from "vitest";
import { readEnv } from "@/env";
import { accessLogLevel, requestId } from "./access-log";
import { presenceCheck, probe, readinessVerdict, type Check, type PresenceCheck } from "./health";
import { prettyLogs, socketLogger } from "./logger";

const ok: Check = { status: "ok", latencyMs: 2 };
const failing: Check = { status: "failing", latencyMs: 1000, error: "no answer within 1000 ms" };
const notUsed: Check = { status: "not used" };
const beating: PresenceCheck = { status: "ok", lastBeatAgoMs: 100 };

describe("readiness verdict", () => {
  it("is 200 when every dependency answers (Redis used or not) and the instance is not draining", () => {
    for (const redis of [ok, notUsed]) {
      const v = readinessVerdict({ database: ok, redis, presence: beating }, false);
      expect(v.status).toBe(200);
      expect(v.body).toEqual({ ok: true, draining: false, checks: { database: ok, redis, presence: beating } });
    }
  });
  it("is 503 when any check fails", () => {
    expect(readinessVerdict({ database: failing, redis: ok, presence: beating }, false).status).toBe(503);
    expect(readinessVerdict({ database: ok, redis: failing, presence: beating }, false).status).toBe(503);
    expect(readinessVerdict({ database: ok, redis: notUsed, presence: { status: "failing", lastBeatAgoMs: 20_000 } }, false).status).toBe(503);
    expect(readinessVerdict({ database: ok, redis: failing, presence: beating }, false).body.ok).toBe(false);
  });
  it("is 503 while draining, even with every dependency fine", () => {
    const v = readinessVerdict({ database: ok, redis: ok, presence: beating }, true);
    expect(v).toMatchObject({ status: 503, body: { ok: false, draining: true } });
  });
});

describe("presence liveness check", () => {
  it("is fine while the last heartbeat is within the liveness period", () => {
    expect(presenceCheck(10_000, 12_000, 10_000)).toEqual({ status: "ok", lastBeatAgoMs: 0 });
    expect(presenceCheck(10_000, 12_000, 22_000)).toEqual({ status: "ok", lastBeatAgoMs: 12_000 });
  });
  it("fails once the heartbeat lapsed longer than the period, and before the first one", () => {
    expect(presenceCheck(10_000, 12_000, 22_001)).toMatchObject({ status: "failing", lastBeatAgoMs: 12_001 });
    expect(presenceCheck(null, 12_000, 5_000)).toMatchObject({ status: "failing", lastBeatAgoMs: null });
  });
});

describe("dependency probe", () => {
  it("reports ok with the latency of a prompt answer", async () => {
    const c = await probe("test", () => new Promise((r) => setTimeout(r, 30)), 1_000);
    expect(c.status).toBe("ok");
    expect(c.latencyMs).toBeGreaterThanOrEqual(25);
  });
  it("gives up on a hung dependency after the timeout", async () => {
    const start = Date.now();
    const c = await probe("test", () => new Promise(() => {}), 200);
    expect(Date.now() - start).toBeLessThan(600);
    expect(c).toMatchObject({ status: "failing", error: "no answer within 200 ms" });
  });
  it("reports an error without its details (which may name hosts)", async () => {
    const thrown = await probe("test", () => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.5:6379")), 1_000);
    expect(thrown).toMatchObject({ status: "failing", error: "error" });
    const sync = await probe("test", () => {
      throw new Error("secret detail");
    }, 1_000);
    expect(sync).toMatchObject({ status: "failing", error: "error" });
    expect(JSON.stringify([thrown, sync])).not.toMatch(/10\.0\.0\.5|secret/);
  });
});

describe("request id", () => {
  it("keeps a short id of safe characters", () => {
    for (const id of ["abc-123", "7f0e2a1c-5b6d-4e8f-9a0b-1c2d3e4f5a6b", "trace.span:01_A", "x".repeat(128)]) expect(requestId(id)).toBe(id);
  });
  it("replaces a missing, long, repeated or unsafe one with a new UUID", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const bad of [undefined, "", "x".repeat(129), "a b", "a\nb", "<script>", "id, other", "é", "a/b", '"quoted"']) {
      expect(requestId(bad)).toMatch(uuid);
    }
    expect(requestId(["a", "b"])).toMatch(uuid);
    expect(requestId(undefined)).not.toBe(requestId(undefined));
  });
});

describe("access log levels", () => {
  it("logs requests at info, static files and health probes at debug, failures at error", () => {
    expect(accessLogLevel("/signin", 200, false)).toBe("info");
    expect(accessLogLevel("/api/me", 404, false)).toBe("info");
    expect(accessLogLevel("/_next/static/chunks/app.js", 200, false)).toBe("debug");
    expect(accessLogLevel("/healthz", 200, false)).toBe("debug");
    expect(accessLogLevel("/readyz", 200, false)).toBe("debug");
    expect(accessLogLevel("/readyz", 503, false)).toBe("warn");
    expect(accessLogLevel("/w/demo", 500, false)).toBe("error");
    expect(accessLogLevel("/_next/static/x.js", 500, false)).toBe("error");
    expect(accessLogLevel("/healthz", 200, true)).toBe("error");
  });
});

describe("settings", () => {
  it("SHUTDOWN_DELAY_MS defaults to 5 s in production and 0 otherwise", () => {
    expect(readEnv({ NODE_ENV: "production" }).SHUTDOWN_DELAY_MS).toBe(5_000);
    expect(readEnv({ NODE_ENV: "development" }).SHUTDOWN_DELAY_MS).toBe(0);
    expect(readEnv({ NODE_ENV: "production", SHUTDOWN_DELAY_MS: "1500" }).SHUTDOWN_DELAY_MS).toBe(1_500);
    expect(readEnv({ NODE_ENV: "production", SHUTDOWN_DELAY_MS: "0" }).SHUTDOWN_DELAY_MS).toBe(0);
    expect(() => readEnv({ NODE_ENV: "production", SHUTDOWN_DELAY_MS: "-1" })).toThrow(/SHUTDOWN_DELAY_MS/);
  });
  it("pretty logs only outside production, at a terminal or with LOG_PRETTY=1", () => {
    expect(prettyLogs({ NODE_ENV: "development" }, true)).toBe(true);
    expect(prettyLogs({ NODE_ENV: "development" }, false)).toBe(false);
    expect(prettyLogs({ NODE_ENV: "development", LOG_PRETTY: "1" }, false)).toBe(true);
    expect(prettyLogs({ NODE_ENV: "development", LOG_PRETTY: "0" }, true)).toBe(false);
    expect(prettyLogs({ NODE_ENV: "production" }, true)).toBe(false);
    expect(prettyLogs({ NODE_ENV: "production", LOG_PRETTY: "1" }, true)).toBe(false);
    expect(prettyLogs({} as NodeJS.ProcessEnv, true)).toBe(true); // NODE_ENV unset: development
  });
});

describe("socket log lines", () => {
  it("name the socket and its user (null before the session is known)", () => {
    expect(socketLogger("sock-1", "user-1").bindings()).toMatchObject({ socketId: "sock-1", userId: "user-1" });
    expect(socketLogger("sock-2", null).bindings()).toMatchObject({ socketId: "sock-2", userId: null });
  });
});
