// Fan-out latency (metrics 2 and 7): N receivers in one workspace; a mover socket (its own
// child process) flips presence:activity; each receiver records when the matching
// presence:updated arrives. Latency = receive time - send time on the same machine clock.
// Reported per status change (p50/p99 over its N receivers, median over the K changes: one
// slow change, e.g. a GC or another process on the machine, cannot decide the figure) and
// pooled over all K x N samples. Roster and its baseline are measured in the same loop, movers alternating, so that other load
// on the machine falls on both alike. Toggles are spaced: the next one goes only after every receiver got the last (or 5 s), plus
// 150 ms (> tickMs), so each is a separate leading-edge broadcast.
import type { Child } from "./proc";
import { closeGroup, connectMany, EVERYONE, prefix, range, startBaseline, startRoster, urlOf, type Ctx } from "./ctx";
import { median, sleep, summary, until, type Summary } from "./metrics";
import { MAIN, userId } from "./seed";

const WARMUP = 2;

export interface FanoutResult {
  kind: string;
  n: number;
  connectMs: number;
  latency: Summary;
  missing: number;
  /** Per status change: p50 and p99 over its N receivers; then the median over the K changes. */
  change: { p50: number; p99: number };
  /** Slowest receiver of each measured toggle, ms (spots one slow toggle vs a slow tail). */
  perToggleMax: number[];
}
type Measured = Pick<FanoutResult, "latency" | "missing" | "change" | "perToggleMax">;

interface Mover {
  group: string;
  userId: string;
  sends: number[];
}

export async function addMover(ctx: Ctx, group: string, url: string, index: number): Promise<Mover> {
  const r = await ctx.mover.request<{ connected: number }>("connect", { group, url, indices: [index], workspace: MAIN });
  if (r.connected !== 1) throw new Error(`mover ${group} could not connect`);
  return { group, userId: userId(index), sends: [] };
}

async function received(ctx: Ctx, userId: string, k: number): Promise<number> {
  const counts = await Promise.all(ctx.loads.map((l) => l.request<number>("progress", { userId, k })));
  return counts.reduce((a, b) => a + b, 0);
}

/** Runs `k + WARMUP` toggles per mover (movers alternate) and returns latencies per mover. */
export async function measure(ctx: Ctx, movers: Mover[], n: number, k: number): Promise<Map<string, Measured>> {
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
  const out = new Map<string, Measured>();
  for (const m of movers) {
    const lat: number[] = [];
    const perToggle: Summary[] = [];
    let missing = 0;
    for (let i = WARMUP; i < m.sends.length; i++) {
      const got = all.flatMap((t) => t[m.userId]?.[i] ?? []).map((r) => r - m.sends[i]!);
      missing += n - got.length;
      lat.push(...got);
      perToggle.push(summary(got));
    }
    const change = { p50: median(perToggle.map((t) => t.p50)), p99: median(perToggle.map((t) => t.p99)) };
    out.set(m.userId, { latency: summary(lat), missing, change, perToggleMax: perToggle.map((t) => Math.round(t.max)) });
  }
  return out;
}

export async function receivers(ctx: Ctx, group: string, url: string, n: number) {
  const c = await connectMany(ctx, group, url, range(0, n), { workspace: MAIN });
  if (c.failed) throw new Error(`${c.failed} receivers failed to connect`);
  await sleep(2_000); // let the connect wave's presence batches drain
  return c;
}

/** Roster and the baseline side by side, each with its own N receivers; their movers alternate. */
export async function fanoutPhase(ctx: Ctx, n: number, k: number): Promise<{ n: number; roster: FanoutResult; baseline: FanoutResult }> {
  const servers: Child[] = [];
  try {
    servers.push(await startRoster(ctx, prefix(ctx, `fanout-${n}`), "roster", 0, EVERYONE), await startBaseline(ctx, prefix(ctx, `fanout-base-${n}`)));
    const [r, b] = servers as [Child, Child];
    const cr = await receivers(ctx, "rx-r", urlOf(r), n);
    const cb = await receivers(ctx, "rx-b", urlOf(b), n);
    const onR = await addMover(ctx, "mvR", urlOf(r), n);
    const onB = await addMover(ctx, "mvB", urlOf(b), n + 1);
    await sleep(500);
    const m = await measure(ctx, [onR, onB], n, k);
    const roster = { kind: "roster", n, connectMs: cr.ms, ...m.get(onR.userId)! };
    const baseline = { kind: "baseline", n, connectMs: cb.ms, ...m.get(onB.userId)! };
    for (const x of [roster, baseline]) {
      ctx.log(`fan-out ${x.kind} N=${n}: per change p50 ${x.change.p50.toFixed(1)} ms p99 ${x.change.p99.toFixed(1)} ms, pooled p99 ${x.latency.p99.toFixed(1)} ms (${x.latency.n} samples, ${x.missing} missing; connect ${x.connectMs} ms)`);
    }
    return { n, roster, baseline };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    for (const g of ["rx-r", "rx-b", "mvR", "mvB"]) await closeGroup(ctx, g);
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
    servers.push(await startRoster(ctx, p, "rosterA", 0, EVERYONE), await startRoster(ctx, p, "rosterB", 0, EVERYONE));
    const [a, b] = servers as [Child, Child];
    const c = await receivers(ctx, "rx", urlOf(b), n);
    const onA = await addMover(ctx, "mvA", urlOf(a), n);
    const onB = await addMover(ctx, "mvB", urlOf(b), n + 1);
    await sleep(500);
    const r = await measure(ctx, [onA, onB], n, k);
    const cross = { kind: "roster A->B", n, connectMs: c.ms, ...r.get(onA.userId)! };
    const single = { kind: "roster B->B", n, connectMs: c.ms, ...r.get(onB.userId)! };
    ctx.log(`cross-instance N=${n}: per change p99 ${cross.change.p99.toFixed(1)} ms vs single ${single.change.p99.toFixed(1)} ms; pooled ${cross.latency.p99.toFixed(1)} vs ${single.latency.p99.toFixed(1)} (missing ${cross.missing}/${single.missing})`);
    return { n, cross, single };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await closeGroup(ctx, "rx");
    await closeGroup(ctx, "mvA");
    await closeGroup(ctx, "mvB");
  }
}
