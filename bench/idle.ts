// Idle phase (metrics 1, 6, 8). Roster and the baseline run side by side, each with N sockets
// (100 members per workspace) and, when redis-server is available, its own private Redis:
//  - heap per socket: forced GC with one warm-up socket, then with N sockets;
//  - Redis commands/s over the same window for both, every socket idle (INFO commandstats
//    delta without the measuring connection's INFO; MONITOR for requests sent);
//  - event-loop delay p99 in each server, idle (monitorEventLoopDelay over the window), and
//    under 100 status changes/s applied in alternating 2.5 s slices (Roster, baseline, ...) so
//    that other load on the machine hits both alike; each server records only in its own slices.
import type { Child } from "./proc";
import type { BenchRedis } from "./redis";
import { closeGroup, connectMany, prefix, range, startBaseline, startRoster, urlOf, type Ctx } from "./ctx";
import { delta, sleep } from "./metrics";
import { smallSlug } from "./seed";

type Eld = { p50: number; p99: number; max: number; mean: number; samples: number };
export interface IdleResult {
  kind: "roster" | "baseline";
  sockets: number;
  connectMs: number;
  failed: number;
  heapBefore: number;
  heapAfter: number;
  heapPerSocket: number;
  windowMs: number;
  commands: number;
  commandsPerSec: number;
  /** Commands sent by clients (MONITOR source not "lua"): one script call counts once. */
  requestsPerSec: number;
  byCommand: Record<string, number>;
  eldIdle: Eld;
  eldLoad: Eld;
  churn: { sent: number; ok: number };
}

interface Side {
  kind: "roster" | "baseline";
  srv: Child;
  redis: BenchRedis;
  group: string;
  r: Partial<IdleResult>;
}

/** Counts commands on one Redis over a window. */
async function window(side: Side, ms: number): Promise<void> {
  const monitor = await side.redis.client.monitor(); // its own connection
  let requests = 0;
  let counting = false;
  let monitorFailed = false;
  // ioredis' MONITOR client can trip on a reply under heavy traffic ("Command queue state error");
  // row 1a (requests sent) is then reported as missing instead of ending the run.
  monitor.on("error", () => (monitorFailed = true));
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (counting && source !== "lua" && args[0]?.toLowerCase() !== "info") requests++;
  });
  await sleep(200);
  const s0 = await side.redis.stats();
  counting = true;
  const t0 = Date.now();
  await sleep(ms);
  const s1 = await side.redis.stats();
  counting = false;
  const t1 = Date.now();
  monitor.disconnect();
  const byCommand = delta(s0, s1);
  delete byCommand.info; // the measuring connection's own commands
  delete byCommand.monitor;
  const commands = Object.values(byCommand).reduce((a, b) => a + b, 0);
  Object.assign(side.r, { windowMs: t1 - t0, commands, commandsPerSec: (commands * 1000) / (t1 - t0), requestsPerSec: monitorFailed ? Number.NaN : (requests * 1000) / (t1 - t0), byCommand });
}

export async function idlePhase(ctx: Ctx, n: number, windowMs: number, churnMs: number): Promise<{ roster: IdleResult; baseline: IdleResult }> {
  const [srvR, srvB] = await Promise.all([startRoster(ctx, prefix(ctx, "idle-roster")), startBaseline(ctx, prefix(ctx, "idle-baseline"))]);
  const sides: Side[] = [
    { kind: "roster", srv: srvR, redis: ctx.redis, group: "idle-r", r: { kind: "roster" } },
    { kind: "baseline", srv: srvB, redis: ctx.redisB, group: "idle-b", r: { kind: "baseline" } },
  ];
  try {
    // One warm socket first, so lazily created things (DB pool, compiled queries) count as fixed cost.
    for (const s of sides) await connectMany(ctx, `${s.group}-warm`, urlOf(s.srv), [0], { workspace: smallSlug(0) });
    await sleep(1_000);
    const before = await Promise.all(sides.map((s) => s.srv.request<{ heapUsed: number }>("heap")));
    await Promise.all(sides.map((s) => s.srv.request("snapshot", "before")));
    for (const s of sides) {
      ctx.log(`${s.kind}: connecting ${n} sockets`);
      const c = await connectMany(ctx, s.group, urlOf(s.srv), range(0, n), { workspace: "", smallSlugs: smallSlug, heartbeat: true });
      ctx.log(`${s.kind}: ${c.connected} connected (${c.failed} failed) in ${c.ms} ms; server sees ${await s.srv.request("clients")}`);
      Object.assign(s.r, { sockets: c.connected, connectMs: c.ms, failed: c.failed });
    }
    await sleep(3_000);
    const after = await Promise.all(sides.map((s) => s.srv.request<{ heapUsed: number }>("heap")));
    await Promise.all(sides.map((s) => s.srv.request("snapshot", "after")));
    sides.forEach((s, i) => Object.assign(s.r, { heapBefore: before[i]!.heapUsed, heapAfter: after[i]!.heapUsed, heapPerSocket: (after[i]!.heapUsed - before[i]!.heapUsed) / s.r.sockets! }));
    await srvB.request("arm");

    await Promise.all(sides.map((s) => s.srv.request("eldStart")));
    if (ctx.redisB !== ctx.redis) await Promise.all(sides.map((s) => window(s, windowMs)));
    else for (const s of sides) await window(s, windowMs); // one shared Redis: one window after the other
    for (const s of sides) {
      s.r.eldIdle = await s.srv.request<Eld>("eldStop");
      ctx.log(`${s.kind}: ${s.r.commands} Redis commands in ${s.r.windowMs} ms ${JSON.stringify(s.r.byCommand)}`);
    }

    // 100 status changes/s, spread over the load children, in alternating slices.
    await Promise.all(sides.map((s) => s.srv.request("sliceReset")));
    const slice = 2_500;
    for (let done = 0; done < churnMs; done += slice) {
      for (const s of sides) {
        await s.srv.request("sliceResume");
        const runs = await Promise.all(ctx.loads.map((l) => l.request<{ sent: number; ok: number }>("churn", { group: s.group, perSecond: 100 / ctx.loads.length, ms: slice })));
        await s.srv.request("slicePause");
        const c = (s.r.churn ??= { sent: 0, ok: 0 });
        for (const r of runs) (c.sent += r.sent), (c.ok += r.ok);
      }
    }
    for (const s of sides) {
      s.r.eldLoad = await s.srv.request<Eld>("sliceRead");
      ctx.log(`${s.kind}: event-loop delay p99 idle ${s.r.eldIdle!.p99.toFixed(1)} ms, under ${s.r.churn!.sent} changes ${s.r.eldLoad.p99.toFixed(1)} ms (${s.r.churn!.ok} acked ok)`);
    }
    return { roster: sides[0]!.r as IdleResult, baseline: sides[1]!.r as IdleResult };
  } finally {
    await Promise.all(sides.map((s) => s.srv.stop()));
    for (const s of sides) await Promise.all([closeGroup(ctx, s.group), closeGroup(ctx, `${s.group}-warm`)]);
  }
}
