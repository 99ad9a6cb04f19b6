// The Socket.IO adapter that links instances through Redis: the classic one (PUBLISH, every
// instance PSUBSCRIBEs every channel) or the sharded one (Redis 7 sharded pub/sub: SPUBLISH /
// SSUBSCRIBE, a message is forwarded only within the shard that owns its channel, and in
// "dynamic" mode an instance subscribes only to the rooms it serves).
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { Cluster, type Redis } from "ioredis";
import type { RedisClient } from "../redis-connect";

export type AdapterKind = "classic" | "sharded";

/** The major version of the Redis server behind a client (INFO server). */
export async function redisMajor(client: Pick<Redis, "info"> | Cluster): Promise<number> {
  const info = await client.info("server");
  const v = /redis_version:(\d+)/.exec(info)?.[1];
  if (!v) throw new Error("Redis did not report its version (INFO server).");
  return Number(v);
}

/**
 * The adapter factory for `io.adapter`. Sharded pub/sub needs Redis 7 or newer: an older server
 * is a startup error that says so, not a silent fallback (an unreachable one too, once the
 * subscriber client gives up retrying).
 */
export async function redisAdapter(kind: AdapterKind, pub: RedisClient, sub: RedisClient, prefix: string): Promise<ReturnType<typeof createAdapter> | ReturnType<typeof createShardedAdapter>> {
  if (kind === "classic") {
    if (pub instanceof Cluster) throw new Error("REDIS_PUBSUB=classic is not used on a Redis Cluster (classic pub/sub reaches every node); use sharded.");
    return createAdapter(pub, sub, { key: `${prefix}socket.io` });
  }
  // Asked through the subscriber: its commands wait for the connection (the publisher drops
  // commands while disconnected), so a start while Redis comes up waits for it to answer.
  const major = await redisMajor(sub);
  if (major < 7) throw new Error(`REDIS_PUBSUB=sharded needs Redis 7 or newer (sharded pub/sub); this Redis is ${major}.x. Use REDIS_PUBSUB=classic or upgrade Redis.`);
  return createShardedAdapter(pub, sub, { channelPrefix: `${prefix}socket.io`, subscriptionMode: "dynamic" });
}

/**
 * The adapter subscribes to a room's sharded channel when the room appears and does not wait for
 * the answer: while a master is down (a cluster) that answer is a rejection nobody handles, which
 * would end the process. Failed subscriptions are tried again every second for a minute (the room
 * hears its broadcasts once its master is back); failed unsubscriptions are dropped.
 */
export function guardShardedSubscriptions(sub: RedisClient, onError: (err: unknown) => void): void {
  const ssubscribe = sub.ssubscribe.bind(sub) as (...channels: string[]) => Promise<unknown>;
  const sunsubscribe = sub.sunsubscribe.bind(sub) as (...channels: string[]) => Promise<unknown>;
  const attempt = (channels: string[], left: number): Promise<unknown> =>
    ssubscribe(...channels).catch((err: unknown) => {
      onError(err);
      if (left > 0) setTimeout(() => void attempt(channels, left - 1), 1_000).unref();
      return 0;
    });
  sub.ssubscribe = ((...channels: string[]) => attempt(channels.flat(), 60)) as typeof sub.ssubscribe;
  sub.sunsubscribe = ((...channels: string[]) => sunsubscribe(...channels.flat()).catch(onError)) as typeof sub.sunsubscribe;
}
