// The operations metrics, moved by real traffic: sockets through a real realtime server
// (PostgreSQL + Redis), presence changes, fan-out, store scripts, liveness, database queries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connectClient } from "socket.io-client";
import { databases, seedTeam, uniqueEmail } from "@/test/databases";
import { clearRedisPrefix, connect, sessionCookie, startInstance, until, type Instance } from "@/test/realtime-harness";
import { PresenceClient } from "@/test/presence-client";
import { metricValue } from "@/test/metric-values";
import type { PrismaClient } from "@/generated/prisma/client";
import { getDb, setDb } from "./db";
import { metrics } from "./metrics";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;

/** Reads now, then each series' change since. */
async function baseline(series: [string, Record<string, string>, ("count" | "sum")?][]) {
  const before = await Promise.all(series.map(([n, l, s]) => metricValue(n, l, s)));
  return async () => Promise.all(series.map(async ([n, l, s], i) => (await metricValue(n, l, s)) - before[i]!));
}

/** A raw socket.io-client attempt with an Origin header; resolves with the refusal message. */
function crossSite(url: string, origin: string) {
  const socket = connectClient(url, { transports: ["websocket"], extraHeaders: { origin }, reconnection: false, forceNew: true, timeout: 3_000 });
  return new Promise<string>((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (err) => resolve(err.message));
  }).finally(() => socket.close());
}

describe("operations metrics (PostgreSQL + Redis, one instance)", () => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:metrics:${Date.now().toString(36)}:`;
  let instance: Instance | undefined;
  let slug: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Ann", "Ben"], "Metrics");
    Object.assign(ids, team.ids);
    slug = team.slug;
    ids.Out = (await seedTeam(["Out"], "Elsewhere")).ids.Out!;
  });

  afterAll(async () => {
    await instance?.stop();
    await clearRedisPrefix(REDIS_URL, prefix);
    await postgres.close(client);
    setDb(undefined);
  });

  it("counts connects and refusals, disconnects, presence fan-out, store scripts and liveness", async () => {
    const changes = await baseline([
      ["roster_socket_connects_total", { result: "accepted" }],
      ["roster_socket_connects_total", { result: "signed_out" }],
      ["roster_socket_connects_total", { result: "no_workspace" }],
      ["roster_socket_connects_total", { result: "bad_handshake" }],
      ["roster_socket_connects_total", { result: "cross_site" }],
      ["roster_socket_disconnects_total", { reason: "client namespace disconnect" }],
      ["roster_socket_disconnects_total", { reason: "server namespace disconnect" }],
      ["roster_presence_messages_total", { audience: "workspace" }],
      ["roster_presence_batch_size", { audience: "workspace" }],
      ["roster_presence_batch_size", { audience: "workspace" }, "sum"],
      ["roster_presence_deliveries_total", {}],
      ["roster_presence_store_duration_seconds", { operation: "add", outcome: "ok" }],
      ["roster_presence_store_duration_seconds", { operation: "setIdle", outcome: "ok" }],
      ["roster_presence_store_duration_seconds", { operation: "remove", outcome: "ok" }],
      ["roster_presence_store_duration_seconds", { operation: "retire", outcome: "ok" }],
      ["roster_presence_store_duration_seconds", { outcome: "error" }],
      ["roster_presence_store_duration_seconds", { operation: "heartbeat" }],
      ["roster_presence_store_duration_seconds", { operation: "dead" }],
      ["roster_presence_heartbeats_total", { result: "unknown" }],
      ["roster_presence_heartbeats_total", { result: "failed" }],
      ["roster_presence_reaper_runs_total", { outcome: "ok" }],
      ["roster_presence_reaper_runs_total", { outcome: "error" }],
    ]);

    const started = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
    instance = started;
    const { url } = started;
    // Four refusals, each of a different kind.
    await expect(connect(url, null, { workspace: slug })).rejects.toThrow("Unauthorized: sign in first.");
    await expect(connect(url, await sessionCookie(ids.Out!), { workspace: slug })).rejects.toThrow("Workspace not found.");
    await expect(connect(url, await sessionCookie(ids.Ann!), {})).rejects.toThrow("Bad handshake");
    expect(await crossSite(url, "https://evil.example")).not.toBe("connected");

    // Ann arrives (one message, to Ann), then Ben (one message, to both).
    const ann = await PresenceClient.open(await connect(url, await sessionCookie(ids.Ann!), { workspace: slug, idle: false }));
    await until(() => ann.get(ids.Ann!)?.status === "active", 5_000, "Ann active");
    const benSocket = await connect(url, await sessionCookie(ids.Ben!), { workspace: slug, idle: false });
    await until(() => ann.get(ids.Ben!)?.status === "active", 5_000, "Ben active");
    // Ben goes idle (one message, to both), then leaves: after the grace period, one message to Ann.
    expect(await benSocket.emitWithAck("presence:activity", { idle: true })).toEqual({ ok: true, data: { idle: true } });
    await until(() => ann.get(ids.Ben!)?.status === "away", 5_000, "Ben away");
    benSocket.close();
    await until(() => ann.get(ids.Ben!)?.status === "offline", 5_000, "Ben offline");
    // Shutting down disconnects Ann from the server side and retires the instance.
    instance = undefined;
    await started.stop();
    await until(() => !ann.socket.connected, 5_000, "Ann disconnected");

    const [
      accepted,
      signedOut,
      noWorkspace,
      badHandshake,
      cross,
      clientGone,
      serverGone,
      messages,
      batches,
      updates,
      deliveries,
      adds,
      setIdles,
      removes,
      retires,
      scriptErrors,
      heartbeatScripts,
      deadScripts,
      unknownBeats,
      failedBeats,
      reaperOk,
      reaperErrors,
    ] = await changes();
    expect({ accepted, signedOut, noWorkspace, badHandshake, cross }).toEqual({ accepted: 2, signedOut: 1, noWorkspace: 1, badHandshake: 1, cross: 1 });
    expect({ clientGone, serverGone }).toEqual({ clientGone: 1, serverGone: 1 });
    // Ann active, Ben active, Ben away, Ben offline: one update per message; Ann got 4, Ben 2.
    expect({ messages, batches, updates, deliveries }).toEqual({ messages: 4, batches: 4, updates: 4, deliveries: 6 });
    expect({ adds, setIdles, removes, retires, scriptErrors }).toEqual({ adds: 2, setIdles: 1, removes: 1, retires: 1, scriptErrors: 0 });
    // The first beat registers the instance ("unknown"); the reaper polls at least once at start.
    expect({ unknownBeats, failedBeats, reaperErrors }).toEqual({ unknownBeats: 1, failedBeats: 0, reaperErrors: 0 });
    expect(heartbeatScripts).toBeGreaterThanOrEqual(1);
    expect(deadScripts).toBeGreaterThanOrEqual(1);
    expect(reaperOk).toBeGreaterThanOrEqual(1);
    ann.socket.close();
  });

  it("exports Node's event-loop lag (prom-client defaults)", async () => {
    const text = await metrics.registry.getSingleMetricAsString("nodejs_eventloop_lag_p99_seconds");
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds [0-9.e-]+$/m);
  });

  it("times database operations by model and operation, failures included", async () => {
    const changes = await baseline([
      ["roster_db_query_duration_seconds", { model: "User", operation: "findUnique", outcome: "ok" }],
      ["roster_db_query_duration_seconds", { model: "User", operation: "create", outcome: "ok" }],
      ["roster_db_query_duration_seconds", { model: "User", operation: "create", outcome: "error" }],
      ["roster_db_query_duration_seconds", { model: "none", operation: "$queryRaw", outcome: "ok" }],
    ]);
    const email = uniqueEmail("metrics");
    const db = getDb();
    await db.user.create({ data: { name: "Metrics", email, passwordHash: "x" } });
    await expect(db.user.create({ data: { name: "Again", email, passwordHash: "x" } })).rejects.toThrow();
    expect(await db.user.findUnique({ where: { email } })).not.toBeNull();
    expect(await db.user.findUnique({ where: { email: uniqueEmail("nobody") } })).toBeNull();
    await db.$queryRaw`SELECT 1`;
    // The test's own client is not the app's: its queries are not timed.
    await client.user.findUnique({ where: { email } });
    expect(await changes()).toEqual([2, 1, 1, 1]);
  });
});
