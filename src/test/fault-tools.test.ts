// The fault tools themselves: a cut proxy really cuts, a killed Redis is really gone, and a
// restarted one is empty on the same port; a private cluster spreads keys over three masters and
// loses, then regains, the slots of a master killed and restarted.
import { Cluster, Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startPrivateRedis } from "./private-redis";
import { startRedisCluster } from "./redis-cluster";
import { startTcpProxy } from "./tcp-proxy";

describe("test fault tools", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
  });

  it("tcp proxy: passes PostgreSQL traffic, counts client bytes, cuts open connections and refuses new ones until restored", async () => {
    const proxy = await startTcpProxy("127.0.0.1", 5432);
    cleanup.push(() => proxy.close());
    const url = new URL(inject("pgUrl"));
    url.port = String(proxy.port);
    url.searchParams.delete("schema");
    const connectionString = url.toString();

    const c1 = new pg.Client({ connectionString });
    await c1.connect();
    c1.on("error", () => undefined);
    const before = proxy.bytesFromClient;
    const queries = proxy.pgQueries;
    expect((await c1.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    expect((await c1.query("SELECT $1::int AS n", [7])).rows).toEqual([{ n: 7 }]);
    expect(proxy.bytesFromClient).toBeGreaterThan(before);
    expect(proxy.pgQueries - queries).toBe(2); // one simple query (Q), one extended (P/B/E)
    expect(proxy.pgMessages).toMatchObject({ Q: 1, P: 1, B: 1, E: 1 });

    proxy.cut();
    await expect(c1.query("SELECT 1")).rejects.toThrow();
    const started = Date.now();
    const c2 = new pg.Client({ connectionString, connectionTimeoutMillis: 3_000 });
    c2.on("error", () => undefined);
    await expect(c2.connect()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000); // refused at once, not a timeout

    proxy.restore();
    const c3 = new pg.Client({ connectionString });
    await c3.connect();
    expect((await c3.query("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]);
    await c3.end();
  });

  it("private redis: SIGKILL by pid takes it down; restart brings it back empty on the same port", async () => {
    const redis = await startPrivateRedis();
    cleanup.push(() => redis.stop());
    expect(redis.url).not.toBe("redis://127.0.0.1:6379");
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => 50, lazyConnect: true });
    client.on("error", () => undefined);
    cleanup.push(async () => client.disconnect());
    await client.connect();
    await client.set("k", "v");
    const pid = redis.pid!;

    await redis.kill();
    expect(redis.pid).toBeNull();
    expect(() => process.kill(pid, 0)).toThrow(); // the process is gone
    await expect(client.get("k")).rejects.toThrow();

    await redis.restart();
    expect(redis.pid).not.toBe(pid);
    const fresh = new Redis(redis.url);
    cleanup.push(async () => fresh.disconnect());
    expect(await fresh.get("k")).toBeNull();
    expect(await fresh.dbsize()).toBe(0);
  });

  it("private cluster: three masters own the slots; a master killed by pid loses its keys' slots until it is restarted, empty", async () => {
    const cluster = await startRedisCluster(3);
    cleanup.push(() => cluster.stop());
    expect(cluster.nodes.map((n) => n.port)).not.toContain(6379);
    const client = new Cluster(
      cluster.nodes.map((n) => ({ host: "127.0.0.1", port: n.port })),
      { clusterRetryStrategy: () => 100, redisOptions: { maxRetriesPerRequest: 0 } },
    );
    client.on("error", () => undefined);
    cleanup.push(async () => client.disconnect());
    const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
    for (const k of keys) await client.set(k, "v");
    // Each master holds some of them.
    const held = await Promise.all(client.nodes("master").map((n) => n.dbsize()));
    expect(held).toHaveLength(3);
    expect(held.every((n) => n > 0)).toBe(true);
    expect(held.reduce((a, b) => a + b, 0)).toBe(keys.length);

    const victim = cluster.nodes[1]!;
    const pid = victim.pid!;
    const slotOf = async (k: string) => Number(await client.cluster("KEYSLOT", k));
    const ranges = (await client.cluster("SLOTS")).filter(([, , owner]) => owner?.[1] === victim.port);
    const lost: string[] = [];
    for (const k of keys) {
      const slot = await slotOf(k);
      if (ranges.some(([a, b]) => slot >= a && slot <= b)) lost.push(k);
    }
    expect(lost.length).toBeGreaterThan(0);
    await victim.kill();
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(client.get(lost[0]!)).rejects.toThrow();

    await victim.restart();
    await cluster.healthy();
    expect(victim.pid).not.toBe(pid);
    const fresh = new Cluster([{ host: "127.0.0.1", port: cluster.nodes[0]!.port }]);
    cleanup.push(async () => fresh.disconnect());
    expect(await fresh.get(lost[0]!)).toBeNull(); // its data went with it
    const kept = keys.find((k) => !lost.includes(k))!;
    expect(await fresh.get(kept)).toBe("v");
  });
});
