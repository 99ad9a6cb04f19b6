// Issue 19 (rows 13a-13c): four Roster instances on a three-master Redis Cluster (sharded pub/sub)
// against one instance on one Redis, in the same run, side by side:
//   13a cross-instance fan-out: N receivers spread over the four instances, the mover on the first
//       (three quarters of every change crosses instances through the cluster), against N
//       receivers and the mover on the single instance; movers alternate (fanout.ts measure);
//   13b Redis commands per presence change, per node (INFO commandstats deltas over the fan-out);
//   13c connect storm: S sockets at once, spread over the four instances, against S on the one.
import { Redis } from "ioredis";
import { startRedisCluster } from "../src/test/redis-cluster";
import type { Child } from "./proc";
import { closeGroup, connectMany, EVERYONE, prefix, range, startRoster, urlOf, type Ctx } from "./ctx";
import { addMover, measure, type FanoutResult } from "./fanout";
import { commandstats, sleep } from "./metrics";
import { MAIN } from "./seed";

export interface ClusterResult {
  n: number;
  instances: number;
  masters: number;
  fanout: { cluster: FanoutResult; single: FanoutResult };
  /** Commands per presence change, per cluster node and on the one Redis (background taken off). */
  commandsPerChange: { clusterNodes: number[]; single: number };
  /** Background commands per second with no change (heartbeats, reaper polls): 4 instances vs 1. */
  idleCommandsPerSec: { clusterNodes: number[]; single: number };
  storm: { sockets: number; cluster: { ms: number; failed: number }; single: { ms: number; failed: number } };
}

const calls = async (r: Redis) => [...commandstats(await r.info("commandstats")).values()].reduce((a, b) => a + b, 0);

export async function clusterPhase(ctx: Ctx, n: number, k: number, stormN: number): Promise<ClusterResult> {
  const INSTANCES = 4;
  const cluster = await startRedisCluster(3);
  const nodes = cluster.nodes.map((node) => new Redis(node.port, "127.0.0.1"));
  const single = new Redis(ctx.redis.url);
  const servers: Child[] = [];
  const groups: string[] = [];
  try {
    const onCluster = { ...EVERYONE, redisUrl: `redis+cluster://${cluster.seeds}`, pubsub: "sharded" };
    const pc = prefix(ctx, `cluster-${n}`);
    for (let i = 0; i < INSTANCES; i++) servers.push(await startRoster(ctx, pc, `cluster${i}`, 0, onCluster));
    const one = await startRoster(ctx, prefix(ctx, `cluster-single-${n}`), "single", 0, EVERYONE);
    servers.push(one);
    // Receivers: a quarter on each cluster instance; all N on the single one.
    const quarter = Math.ceil(n / INSTANCES);
    for (let i = 0; i < INSTANCES; i++) {
      const c = await connectMany(ctx, `rx-c${i}`, urlOf(servers[i]!), range(i * quarter, Math.min(n, (i + 1) * quarter)), { workspace: MAIN });
      groups.push(`rx-c${i}`);
      if (c.failed) throw new Error(`${c.failed} cluster receivers failed to connect`);
    }
    const cs = await connectMany(ctx, "rx-s", urlOf(one), range(0, n), { workspace: MAIN });
    groups.push("rx-s");
    if (cs.failed) throw new Error(`${cs.failed} single receivers failed to connect`);
    await sleep(2_000);
    const onC = await addMover(ctx, "mvC", urlOf(servers[0]!), n);
    const onS = await addMover(ctx, "mvS", urlOf(one), n + 1);
    groups.push("mvC", "mvS");
    await sleep(500);
    // Background (heartbeats, reaper polls) over an idle window, taken off the toggles' window.
    const IDLE_MS = 10_000;
    const idle0 = await Promise.all([...nodes, single].map(calls));
    await sleep(IDLE_MS);
    const idle1 = await Promise.all([...nodes, single].map(calls));
    const before = await Promise.all([...nodes, single].map(calls));
    const t0 = Date.now();
    const m = await measure(ctx, [onC, onS], n, k);
    const windowMs = Date.now() - t0;
    const after = await Promise.all([...nodes, single].map(calls));
    const toggles = k + 2; // measure's warm-up toggles count too
    const per = after.map((a, i) => {
      const background = ((idle1[i]! - idle0[i]! - 1) * windowMs) / IDLE_MS; // less the INFO itself
      return Math.round(((a - before[i]! - background) / toggles) * 10) / 10;
    });
    const idlePerSec = idle1.map((x, i) => Math.round(((x - idle0[i]! - 1) / IDLE_MS) * 10_000) / 10);
    const result: Omit<ClusterResult, "storm"> = {
      n,
      instances: INSTANCES,
      masters: nodes.length,
      fanout: { cluster: { kind: "4 instances, cluster", n, connectMs: 0, ...m.get(onC.userId)! }, single: { kind: "1 instance, one Redis", n, connectMs: cs.ms, ...m.get(onS.userId)! } },
      commandsPerChange: { clusterNodes: per.slice(0, nodes.length), single: per[nodes.length]! },
      idleCommandsPerSec: { clusterNodes: idlePerSec.slice(0, nodes.length), single: idlePerSec[nodes.length]! },
    };
    ctx.log(`cluster fan-out N=${n}: p99 per change ${result.fanout.cluster.change.p99.toFixed(1)} ms (4 instances, 3 masters) vs ${result.fanout.single.change.p99.toFixed(1)} ms (1 instance, 1 Redis); commands per change per node ${per.join(" / ")}; idle commands/s per node ${idlePerSec.join(" / ")}`);
    for (const g of groups.splice(0)) await closeGroup(ctx, g);
    await sleep(3_000);

    // Connect storm: fresh users (not the receivers), all at once.
    const from = n + 10;
    const at = Date.now() + 1_000;
    const slice = Math.ceil(stormN / INSTANCES);
    const storms = await Promise.all(
      Array.from({ length: INSTANCES }, (_, i) => {
        groups.push(`st-c${i}`);
        return connectMany(ctx, `st-c${i}`, urlOf(servers[i]!), range(from + i * slice, from + Math.min(stormN, (i + 1) * slice)), { workspace: MAIN, at });
      }),
    );
    const stormC = { ms: Math.max(...storms.map((s) => s.ms)), failed: storms.reduce((a, s) => a + s.failed, 0) };
    for (const g of groups.splice(0)) await closeGroup(ctx, g);
    await sleep(3_000);
    groups.push("st-s");
    const s = await connectMany(ctx, "st-s", urlOf(one), range(from, from + stormN), { workspace: MAIN, at: Date.now() + 1_000 });
    const stormS = { ms: s.ms, failed: s.failed };
    ctx.log(`cluster connect storm ${stormN}: ${stormC.ms} ms over 4 instances (${stormC.failed} failed) vs ${stormS.ms} ms on one (${stormS.failed} failed)`);
    return { ...result, storm: { sockets: stormN, cluster: stormC, single: stormS } };
  } finally {
    for (const g of groups) await closeGroup(ctx, g);
    await Promise.all(servers.map((s) => s.stop()));
    [...nodes, single].forEach((r) => r.disconnect());
    await cluster.stop();
  }
}
