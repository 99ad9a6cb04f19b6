import { Cluster, Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { redisAdapter, redisMajor } from "./adapter";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("Redis adapter choice", () => {
  it("reads the server's major version, and refuses sharded pub/sub on a Redis older than 7 with a message that says so", async () => {
    const real = new Redis(REDIS_URL);
    try {
      expect(await redisMajor(real)).toBeGreaterThanOrEqual(7); // these machines run 7.0
    } finally {
      real.disconnect();
    }
    // A Redis 6 as INFO reports it (no Redis 6 runs here): the check is about its answer.
    const six = { info: async () => "# Server\r\nredis_version:6.2.14\r\nredis_mode:standalone\r\n" } as unknown as Redis;
    await expect(redisAdapter("sharded", six, six, "p:")).rejects.toThrow("REDIS_PUBSUB=sharded needs Redis 7 or newer (sharded pub/sub); this Redis is 6.x.");
    await expect(redisAdapter("classic", six, six, "p:")).resolves.toBeTypeOf("function");
  });

  it("refuses classic pub/sub on a Redis Cluster client (classic pub/sub reaches every node)", async () => {
    const cluster = new Cluster([{ host: "127.0.0.1", port: 1 }], { lazyConnect: true });
    await expect(redisAdapter("classic", cluster, cluster, "p:")).rejects.toThrow("REDIS_PUBSUB=classic is not used on a Redis Cluster");
    cluster.disconnect();
  });
});
