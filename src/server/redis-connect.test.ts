// One Redis or a Redis Cluster from one setting: parsing, the start's refusals, and the parts
// that take the client (readiness PING, the rate limiter, the adapter) on a private cluster.
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readEnv } from "@/env";
import { startRedisCluster, type RedisCluster } from "@/test/redis-cluster";
import { connectRedis, parseNodes, pingAll, redisTarget } from "./redis-connect";

describe("the Redis setting", () => {
  it("reads REDIS_CLUSTER_NODES as host:port pairs, IPv6 in brackets", () => {
    expect(parseNodes(" 10.0.0.1:7000, redis-2:7001 ,[::1]:7002")).toEqual([
      { host: "10.0.0.1", port: 7000 },
      { host: "redis-2", port: 7001 },
      { host: "::1", port: 7002 },
    ]);
    expect(redisTarget(undefined, "a:1,b:2")).toBe("redis+cluster://a:1,b:2");
    expect(redisTarget("redis://x:6379", undefined)).toBe("redis://x:6379");
    expect(redisTarget(undefined, undefined)).toBeUndefined();
  });

  it("says what is wrong with a bad node list or with both settings", () => {
    expect(() => parseNodes("redis-1")).toThrow('REDIS_CLUSTER_NODES: "redis-1" is not host:port');
    expect(() => parseNodes("a:0")).toThrow("is not host:port");
    expect(() => parseNodes(" , ")).toThrow("name at least one node");
    expect(() => redisTarget("redis://x:6379", "a:1")).toThrow("Set REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both.");
  });

  it("uses sharded pub/sub on a cluster and refuses classic there", () => {
    expect(readEnv({ REDIS_CLUSTER_NODES: "a:1" } as unknown as NodeJS.ProcessEnv)).toMatchObject({ REDIS_TARGET: "redis+cluster://a:1", REDIS_PUBSUB: "sharded" });
    expect(readEnv({ REDIS_URL: "redis://x:6379" } as unknown as NodeJS.ProcessEnv)).toMatchObject({ REDIS_TARGET: "redis://x:6379", REDIS_PUBSUB: "classic" });
    expect(() => readEnv({ REDIS_CLUSTER_NODES: "a:1", REDIS_PUBSUB: "classic" } as unknown as NodeJS.ProcessEnv)).toThrow("classic pub/sub is not used on a Redis Cluster");
  });
});

describe("on a private three-master cluster", () => {
  let cluster: RedisCluster;
  let client: Cluster;
  const saved = { url: process.env.REDIS_URL, nodes: process.env.REDIS_CLUSTER_NODES, prefix: process.env.REDIS_PREFIX };
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    // One seed is enough: the others are found.
    client = connectRedis(`redis+cluster://127.0.0.1:${cluster.nodes[0]!.port}`) as Cluster;
  }, 60_000);
  afterAll(async () => {
    Object.assign(process.env, { REDIS_URL: saved.url ?? "", REDIS_CLUSTER_NODES: saved.nodes ?? "", REDIS_PREFIX: saved.prefix ?? "roster:" });
    client?.disconnect();
    await cluster?.stop();
  });

  it("keeps rate-limit counters in the cluster when REDIS_CLUSTER_NODES is set", async () => {
    vi.resetModules();
    Object.assign(process.env, { REDIS_URL: "", REDIS_CLUSTER_NODES: cluster.seeds, REDIS_PREFIX: `rl-test-${process.pid}:` });
    const limits = await import("./limits");
    // The limiter's client does not queue while it connects (its insurance limiter counts then):
    // wait until a count lands in the cluster.
    const warm = `warm-${Date.now()}`;
    await expect
      .poll(
        async () => {
          await limits.consume("signUpIp", warm).catch(() => {});
          return client.exists(`rl-test-${process.pid}:rl:signUpIp:${warm}`);
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(1);
    const key = `cluster-${Date.now()}`;
    for (let i = 0; i < 10; i++) await limits.consume("signUpIp", key);
    await expect(limits.consume("signUpIp", key)).rejects.toBeInstanceOf(limits.TooManyRequests);
    expect(await client.exists(`rl-test-${process.pid}:rl:signUpIp:${key}`)).toBe(1);
  });

  it("finds every master from one seed, and the readiness PING reaches each; a master down fails it", async () => {
    expect(client).toBeInstanceOf(Cluster);
    await pingAll(client);
    expect(client.nodes("master")).toHaveLength(3);
    const seen = new Set<number>();
    for (const n of client.nodes("master")) seen.add(Number(n.options.port));
    expect([...seen].sort()).toEqual(cluster.nodes.map((n) => n.port).sort());
    await cluster.nodes[2]!.kill();
    // At once (the client drops the master) or once the others agree it is gone (node timeout 1 s).
    let failed: unknown = null;
    for (const deadline = Date.now() + 10_000; !failed && Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      failed = await pingAll(client).then(() => null, (err: unknown) => err ?? "rejected");
    }
    expect(failed).not.toBeNull();
    await cluster.nodes[2]!.restart();
    await cluster.healthy();
  });
});
