// Readiness with real faults: a private redis-server that the test SIGKILLs and restarts, and a
// TCP proxy in front of the real PostgreSQL that the test cuts and restores. /readyz is asked
// over HTTP through the real guard, as server.ts serves it. The shared services are never stopped.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { startPrivateRedis, type PrivateRedis } from "@/test/private-redis";
import { startInstance, until, type Instance } from "@/test/realtime-harness";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";
import { getDb, setDb } from "./db";
import { createAdapter } from "./db-adapter";
import { createHealth, type Readiness } from "./health";
import { createGuard } from "./http-guard";

const LIVENESS_MS = 1_500;

describe("readiness with Redis and PostgreSQL failing (private redis-server, cut database proxy)", () => {
  let redis: PrivateRedis;
  let proxy: TcpProxy;
  let app: PrismaClient;
  let instance: Instance;
  let http: Server;
  let base: string;

  const readyz = async () => {
    const res = await fetch(`${base}/readyz`);
    return { status: res.status, cache: res.headers.get("cache-control"), body: (await res.json()) as Readiness };
  };

  beforeAll(async () => {
    redis = await startPrivateRedis();
    proxy = await startTcpProxy("127.0.0.1", 5432);
    const schema = new URL(inject("pgUrl")).searchParams.get("schema")!;
    app = new PrismaClient({ adapter: createAdapter(`postgresql://postgres@127.0.0.1:${proxy.port}/test?schema=${schema}`) });
    setDb(app);
    instance = await startInstance({ redisUrl: redis.url, redisPrefix: `roster-test:${process.pid}:health:`, livenessMs: LIVENESS_MS });
    const { realtime } = instance;
    const health = createHealth({
      database: () => getDb().$queryRaw`SELECT 1`,
      redis: realtime.pingRedis,
      lastBeatAt: () => realtime.presence.liveness.lastBeatAt,
      livenessMs: LIVENESS_MS,
    });
    const guard = createGuard({ dev: false, trustProxy: false, serveMetrics: async () => {}, serveHealth: health.serve });
    http = createServer((req, res) => void guard(req, res).then((v) => v === "next" && res.writeHead(404).end()));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    proxy?.restore();
    if (redis?.pid === null) await redis.restart().catch(() => undefined); // let the instance close cleanly
    await new Promise((resolve) => http?.close(resolve));
    await instance?.stop().catch(() => undefined);
    await redis?.stop();
    await app?.$disconnect();
    await proxy?.close();
    setDb(undefined);
  });

  it("is ready with both answering: 200, latencies, no caching", async () => {
    await until(async () => (await readyz()).status === 200, 5_000, "ready at start");
    const r = await readyz();
    expect(r.cache).toBe("no-store");
    expect(r.body).toMatchObject({
      ok: true,
      draining: false,
      checks: { database: { status: "ok" }, redis: { status: "ok" }, presence: { status: "ok" } },
    });
    expect(r.body.checks.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.body.checks.redis.latencyMs).toBeLessThan(1_000);
  });

  it("Redis killed: 503 with redis failing at once, presence liveness failing after the period; ready again after a restart", async () => {
    await redis.kill();
    const killedAt = Date.now();
    const r = await readyz();
    expect(Date.now() - killedAt).toBeLessThan(1_500); // a dead Redis answers nothing: the probe gives up within its 1 s
    expect(r.status).toBe(503);
    expect(r.body.ok).toBe(false);
    expect(r.body.checks.redis.status).toBe("failing");
    expect(r.body.checks.database.status).toBe("ok");
    // Details (addresses, ports) stay in the log.
    expect(JSON.stringify(r.body)).not.toContain(String(redis.port));

    // Heartbeats fail too: the liveness check lapses within the period (plus a beat and a probe).
    await until(async () => (await readyz()).body.checks.presence.status === "failing", LIVENESS_MS + 2_500, "liveness failing");
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(LIVENESS_MS - 500);

    await redis.restart();
    const took = await until(async () => (await readyz()).status === 200, 10_000, "ready after Redis restart", 100);
    expect(took).toBeLessThan(10_000);
    const back = await readyz();
    expect(back.body.checks).toMatchObject({ redis: { status: "ok" }, presence: { status: "ok" } });
  });

  it("PostgreSQL cut: 503 with database failing within about a second; ready again once restored", async () => {
    proxy.cut();
    const cutAt = Date.now();
    const r = await readyz();
    expect(Date.now() - cutAt).toBeLessThan(1_500);
    expect(r.status).toBe(503);
    expect(r.body.checks.database.status).toBe("failing");
    expect(r.body.checks.redis.status).toBe("ok");
    proxy.restore();
    await until(async () => (await readyz()).status === 200, 10_000, "ready after PostgreSQL restore", 100);
  });

  it("answers HEAD; refuses other methods with 405", async () => {
    const head = await fetch(`${base}/healthz`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await fetch(`${base}/readyz`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
  });
});
