// One way to reach Redis for every part (presence store, adapter, rate limiter, readiness): a
// single node (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES), named by one target string.
import { Cluster, Redis, type RedisOptions } from "ioredis";

/** The target form of a cluster: "redis+cluster://host:port,host:port". */
const CLUSTER = "redis+cluster://";

export type RedisClient = Redis | Cluster;

/** The target from the environment's two settings; both at once is a mistake worth a clear stop. */
export function redisTarget(url: string | undefined, clusterNodes: string | undefined): string | undefined {
  if (url && clusterNodes) throw new Error("Set REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both.");
  if (clusterNodes) return CLUSTER + parseNodes(clusterNodes).map((n) => `${n.host}:${n.port}`).join(",");
  return url;
}

/** "host:port,host:port" -> nodes; a clear error for anything else. */
export function parseNodes(list: string): { host: string; port: number }[] {
  const nodes = list.split(",").map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(s);
    const port = Number(m?.[2]);
    if (!m || port < 1 || port > 65535) throw new Error(`REDIS_CLUSTER_NODES: "${s}" is not host:port`);
    return { host: m[1]!.replace(/^\[|\]$/g, ""), port };
  });
  if (!nodes.length) throw new Error("REDIS_CLUSTER_NODES: name at least one node as host:port");
  return nodes;
}

export const isClusterTarget = (target: string) => target.startsWith(CLUSTER);

/**
 * A client for the target. On a cluster, `options` apply to each node's connection; the offline
 * queue setting applies to the cluster client itself, and sharded subscribers are on (the
 * sharded Socket.IO adapter needs them).
 */
export function connectRedis(target: string, options: RedisOptions = {}): RedisClient {
  if (!isClusterTarget(target)) return new Redis(target, options);
  const { enableOfflineQueue, ...redisOptions } = options;
  return new Cluster(parseNodes(target.slice(CLUSTER.length)), {
    redisOptions,
    enableOfflineQueue: enableOfflineQueue ?? true,
    shardedSubscribers: true,
    // A master that went away: slots are asked again soon, commands retried on the new layout.
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
  });
}

/**
 * Readiness: the one node answers PING; on a cluster every master the client knows answers and
 * the cluster says it serves every slot (a master that died is dropped from the client's list at
 * once; the others report cluster_state:fail once they agree it is gone).
 */
export async function pingAll(client: RedisClient): Promise<void> {
  if (!(client instanceof Cluster)) return void (await client.ping());
  const masters = client.nodes("master");
  await Promise.all(masters.map((n) => n.ping()));
  const info = await masters[0]!.cluster("INFO");
  if (!String(info).includes("cluster_state:ok")) throw new Error("Redis Cluster: cluster_state is not ok (a master is down or slots are uncovered)");
}
