// Idle phase (metrics 1, 6, 8): N connected sockets, 100 members per workspace.
//  - heap per socket: forced GC before (one warm-up socket) and after N sockets;
//  - Redis commands/s over a window with every socket idle (INFO commandstats delta, the
//    measuring connection's INFO calls removed);
//  - event-loop delay p99 in the server, idle and under 100 status changes/s.
import { closeGroup, connectMany, prefix, range, startBaseline, startRoster, urlOf, type Ctx } from "./ctx";
import { delta, sleep } from "./metrics";
import { smallSlug } from "./seed";

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
  eldIdle: { p50: number; p99: number; max: number };
  eldLoad: { p50: number; p99: number; max: number };
  churn: { sent: number; ok: number };
}

export async function idlePhase(ctx: Ctx, kind: "roster" | "baseline", n: number, windowMs: number, churnMs: number): Promise<IdleResult> {
  const p = prefix(ctx, `idle-${kind}`);
  const srv = kind === "roster" ? await startRoster(ctx, p) : await startBaseline(ctx, p);
  try {
    const url = urlOf(srv);
    // One warm socket first, so lazily created things (DB pool, compiled queries) count as fixed cost.
    await connectMany(ctx, "warm", url, [0], { workspace: smallSlug(0) });
    await sleep(1_000);
    const before = await srv.request<{ heapUsed: number }>("heap");
    ctx.log(`${kind}: connecting ${n} sockets`);
    const c = await connectMany(ctx, "idle", url, range(0, n), { workspace: "", smallSlugs: smallSlug, heartbeat: true });
    ctx.log(`${kind}: ${c.connected} connected (${c.failed} failed) in ${c.ms} ms; server sees ${await srv.request("clients")}`);
    await sleep(3_000);
    const after = await srv.request<{ heapUsed: number }>("heap");
    if (kind === "baseline") await srv.request("arm");

    await srv.request("eldStart");
    const monitor = await ctx.redis.client.monitor(); // its own connection
    let requests = 0;
    let counting = false;
    monitor.on("monitor", (_time: string, args: string[], source: string) => {
      if (counting && source !== "lua" && args[0]?.toLowerCase() !== "info") requests++;
    });
    await sleep(200);
    const s0 = await ctx.redis.stats();
    counting = true;
    const t0 = Date.now();
    await sleep(windowMs);
    const s1 = await ctx.redis.stats();
    counting = false;
    const t1 = Date.now();
    monitor.disconnect();
    const byCommand = delta(s0, s1);
    delete byCommand.info; // the measuring connection's own commands
    delete byCommand.monitor;
    const commands = Object.values(byCommand).reduce((a, b) => a + b, 0);
    ctx.log(`${kind}: ${commands} Redis commands (${requests} requests) in ${t1 - t0} ms ${JSON.stringify(byCommand)}`);

    return { ...(await loadPhase()), kind, sockets: c.connected, connectMs: c.ms, failed: c.failed, heapBefore: before.heapUsed, heapAfter: after.heapUsed, heapPerSocket: (after.heapUsed - before.heapUsed) / c.connected, windowMs: t1 - t0, commands, commandsPerSec: (commands * 1000) / (t1 - t0), requestsPerSec: (requests * 1000) / (t1 - t0), byCommand };

    async function loadPhase() {
      // 100 status changes/s in total, spread over the receiver children.
      const idleEld = await srv.request<IdleResult["eldIdle"]>("eldStop");
      await srv.request("eldStart");
      const runs = await Promise.all(ctx.loads.map((l) => l.request<{ sent: number; ok: number }>("churn", { group: "idle", perSecond: 100 / ctx.loads.length, ms: churnMs })));
      const eldLoad = await srv.request<IdleResult["eldLoad"]>("eldStop");
      const churn = { sent: runs.reduce((a, r) => a + r.sent, 0), ok: runs.reduce((a, r) => a + r.ok, 0) };
      ctx.log(`${kind}: event-loop delay idle p99 ${idleEld.p99.toFixed(1)} ms, under ${churn.sent} changes p99 ${eldLoad.p99.toFixed(1)} ms (${churn.ok} acked ok)`);
      return { eldIdle: idleEld, eldLoad, churn };
    }
  } finally {
    await srv.stop();
    await closeGroup(ctx, "warm");
    await closeGroup(ctx, "idle");
  }
}
