// Fan-out latency (metrics 2 and 7): N receivers in one workspace; a mover socket (its own
// child process) flips presence:activity; each receiver records when the matching
// presence:updated arrives. Latency = receive time - send time on the same machine clock.
// Toggles are spaced: the next one goes only after every receiver got the last (or 5 s), plus
// 150 ms (> tickMs), so each is a separate leading-edge broadcast.
import type { Child } from "./proc";
import { closeGroup, connectMany, prefix, range, startBaseline, startRoster, urlOf, type Ctx } from "./ctx";
import { sleep, summary, until, type Summary } from "./metrics";
import { MAIN, userId } from "./seed";

const WARMUP = 2;

export interface FanoutResult {
  kind: string;
  n: number;
  connectMs: number;
  latency: Summary;
  missing: number;
}

interface Mover {
  group: string;
  userId: string;
  sends: number[];
}

async function addMover(ctx: Ctx, group: string, url: string, index: number): Promise<Mover> {
  const r = await ctx.mover.request<{ connected: number }>("connect", { group, url, indices: [index], workspace: MAIN });
  if (r.connected !== 1) throw new Error(`mover ${group} could not connect`);
  return { group, userId: userId(index), sends: [] };
}

async function received(ctx: Ctx, userId: string, k: number): Promise<number> {
  const counts = await Promise.all(ctx.loads.map((l) => l.request<number>("progress", { userId, k })));
  return counts.reduce((a, b) => a + b, 0);
}

/** Runs `k + WARMUP` toggles per mover (movers alternate) and returns latencies per mover. */
async function measure(ctx: Ctx, movers: Mover[], n: number, k: number): Promise<Map<string, { latency: Summary; missing: number }>> {
  await Promise.all(ctx.loads.map((l) => l.request("track", { userIds: movers.map((m) => m.userId) })));
  await sleep(300);
  for (let i = 0; i < k + WARMUP; i++) {
    for (const m of movers) {
      const { t } = await ctx.mover.request<{ t: number }>("toggle", { group: m.group, index: 0 });
      m.sends.push(t);
      await until(async () => (await received(ctx, m.userId, i)) >= n, 5_000, 10);
      await sleep(150);
    }
  }
  const all = await Promise.all(ctx.loads.map((l) => l.request<Record<string, number[][]>>("times")));
  const out = new Map<string, { latency: Summary; missing: number }>();
  for (const m of movers) {
    const lat: number[] = [];
    let missing = 0;
    for (let i = WARMUP; i < m.sends.length; i++) {
      const got = all.flatMap((t) => t[m.userId]?.[i] ?? []);
      missing += n - got.length;
      for (const r of got) lat.push(r - m.sends[i]!);
    }
    out.set(m.userId, { latency: summary(lat), missing });
  }
  return out;
}

async function receivers(ctx: Ctx, url: string, n: number) {
  const c = await connectMany(ctx, "rx", url, range(0, n), { workspace: MAIN });
  if (c.failed) throw new Error(`${c.failed} receivers failed to connect`);
  await sleep(2_000); // let the connect wave's presence batches drain
  return c;
}

export async function fanoutPhase(ctx: Ctx, kind: "roster" | "baseline", n: number, k: number): Promise<FanoutResult> {
  const p = prefix(ctx, `fanout-${kind}-${n}`);
  const srv = kind === "roster" ? await startRoster(ctx, p) : await startBaseline(ctx, p);
  try {
    const c = await receivers(ctx, urlOf(srv), n);
    const mover = await addMover(ctx, "mv", urlOf(srv), n);
    await sleep(500);
    const r = (await measure(ctx, [mover], n, k)).get(mover.userId)!;
    ctx.log(`fan-out ${kind} N=${n}: p50 ${r.latency.p50.toFixed(1)} ms p99 ${r.latency.p99.toFixed(1)} ms (${r.latency.n} samples, ${r.missing} missing; connect ${c.ms} ms)`);
    return { kind, n, connectMs: c.ms, ...r };
  } finally {
    await srv.stop();
    await closeGroup(ctx, "rx");
    await closeGroup(ctx, "mv");
  }
}

export interface CrossResult {
  n: number;
  cross: FanoutResult;
  single: FanoutResult;
}

/** Two Roster instances sharing Redis: receivers on B; one mover on A (cross), one on B (single). */
export async function crossPhase(ctx: Ctx, n: number, k: number): Promise<CrossResult> {
  const p = prefix(ctx, `cross-${n}`);
  const servers: Child[] = [];
  try {
    servers.push(await startRoster(ctx, p, "rosterA"), await startRoster(ctx, p, "rosterB"));
    const [a, b] = servers as [Child, Child];
    const c = await receivers(ctx, urlOf(b), n);
    const onA = await addMover(ctx, "mvA", urlOf(a), n);
    const onB = await addMover(ctx, "mvB", urlOf(b), n + 1);
    await sleep(500);
    const r = await measure(ctx, [onA, onB], n, k);
    const cross = { kind: "roster A->B", n, connectMs: c.ms, ...r.get(onA.userId)! };
    const single = { kind: "roster B->B", n, connectMs: c.ms, ...r.get(onB.userId)! };
    ctx.log(`cross-instance N=${n}: p99 ${cross.latency.p99.toFixed(1)} ms vs single ${single.latency.p99.toFixed(1)} ms (missing ${cross.missing}/${single.missing})`);
    return { n, cross, single };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await closeGroup(ctx, "rx");
    await closeGroup(ctx, "mvA");
    await closeGroup(ctx, "mvB");
  }
}
