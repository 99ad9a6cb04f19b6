// Company scale (row 12): one workspace of N members (50,000; BENCH_SCALE_N), V viewers connected
// (2,000; BENCH_SCALE_VIEWERS), Roster with subscriptions and the lazy member list against
// "today's design" in the same run: the same Roster code started with watchAllUpTo 1e9 (every
// socket watches everyone: every change and a full presence:sync), its clients doing a full sync.
// The clients are bench/scale-load.ts (two children); see there for what a viewer sends.
//
// Steps (both servers up side by side, each with its own Redis prefix; users by index, see `layout`):
//  1. seed the workspaces (N, and a smaller one, 5,000, BENCH_SCALE_SMALL_N, for row 12.1 at two sizes);
//  2. warm each server (one page open per workspace: the list and the views are built once);
//  3. V bare sockets to each server; heap after GC of Roster (12.5 "before");
//  4. Roster's V viewers open their page (subscribe, sync, range 0..60, subscribe to those rows),
//     spread at 200/s; heap after GC again (12.5 "after"): bytes per watched pair added;
//  5. 12.1 / 12.2: P new sockets (200; BENCH_SCALE_PROBES) open the page from connect, 4 at a time,
//     while the V viewers are connected: bytes received until shown, time to the range answer; the
//     old design: Q (20) sockets doing a full sync, 2 at a time; then the same at the smaller size;
//  6. 12.4: W = 10 of Roster's viewers also watch a mover; the movers (one per server) flip
//     presence:activity K = 10 times, 1.2 s apart, alternating servers; presence:updated messages
//     carrying the mover's update, at every socket of that server, per change; members:ops and
//     members:counts messages per change are counted apart (counts come at most once a second);
//  7. 12.3: S (1,000; BENCH_SCALE_SCROLLS) of Roster's viewers scroll to rows [s, s + 60), s random
//     in [0.4 N, 0.8 N), spread at 50/s: range answer, then subscribe to those rows; ms until both in.
import { Child } from "./proc";
import { prefix, range, split, startRoster, urlOf, type Ctx } from "./ctx";
import { sleep, summary, type Summary } from "./metrics";
import { scaleSlug, seedScale, userId } from "./seed";
import type { OpenFigures } from "./scale-load";

type Eld = { p50: number; p99: number; max: number; mean: number; samples: number };

export interface ScalePlan {
  n: number;
  /** Second size for row 12.1 (0: none). */
  smallN: number;
  viewers: number;
  probes: number;
  oldProbes: number;
  scrolls: number;
  rows: number;
  watchers: number;
  changes: number;
}

export interface OpenStats {
  size: number;
  sockets: number;
  failed: number;
  errors: string[];
  bytes: Summary;
  firstPageMs: Summary;
  shownMs: Summary;
  connectMs: Summary;
  /** Entries in the sync answers (the old design's: every member). */
  syncMembers: Summary;
  /** Mean bytes per socket until shown, by kind (event, ack:<event>, engine:<type>). */
  by: Record<string, number>;
}

export interface Deliveries {
  sockets: number;
  /** presence:updated messages carrying the mover's update, per change (all sockets of the server). */
  withMover: number;
  /** Sockets that got any such message. */
  socketsWith: number;
  /** Every presence:updated message, per change (other users' changes too, if any happened). */
  updated: number;
  ops: number;
  opsRows: number;
  counts: number;
  invalidated: number;
}

export interface ScaleResult {
  plan: ScalePlan;
  seedMs: number;
  wallMs: number;
  connect: { roster: Summary; old: Summary; failed: number };
  /** The first page open per server and size (it builds the list / the view): ms, failed tries. */
  warm: { size: number; side: "roster" | "old"; ms?: number; errors: string[] }[];
  /** Step 4: the V viewers opening their page at 200/s on already connected sockets (diagnostic). */
  wave: OpenStats;
  /** Rows 12.1 and 12.2, per size. */
  open: { size: number; roster: OpenStats; old: OpenStats }[];
  scroll: { n: number; failed: number; errors: string[]; ms: Summary; rangeMs: Summary; rows: Summary; slowest: { atMs: number; ms: number; rangeMs: number }[]; eld: { server: Eld; clients: Eld[] } };
  /** Event-loop delay while the pages of 12.1 / 12.2 were opened (Roster's server and the client children). */
  openEld: { server: Eld; clients: Eld[] };
  deliveries: { w: number; watching: number; k: number; roster: Deliveries; old: Deliveries };
  heap: { before0: number; before: number; after: number; dropped: number; again: number; oldWithViewers: number; pairsAdded: number; ranges: number; bytesPerPair: number; bytesPerPairWave: number; rss: number };
}

/** Which users play which part (indices into bench/out/users.json: the first 10,000 have sessions). */
export function layout(p: ScalePlan) {
  const V = p.viewers;
  let at = 2 * V;
  const take = (k: number) => {
    const r = range(at, at + k);
    at += k;
    return r;
  };
  const out = {
    newViewers: range(0, V),
    oldViewers: range(V, 2 * V),
    newProbes: take(p.probes),
    oldProbes: take(p.oldProbes),
    movers: take(2),
    warm: take(4),
    // The smaller workspace's probes: its last members (any user of it will do).
    smallNew: p.smallN ? range(p.smallN - 2 * p.oldProbes, p.smallN - p.oldProbes) : [],
    smallOld: p.smallN ? range(p.smallN - p.oldProbes, p.smallN) : [],
  };
  if (at > 10_000) throw new Error(`scale: ${at} users with sessions needed, the run seeds 10,000 (fewer viewers or probes)`);
  if (at > p.n) throw new Error(`scale: ${at} users needed but the workspace has ${p.n} members`);
  if (p.smallN && p.smallN < 2 * p.oldProbes) throw new Error("scale: the smaller workspace is too small");
  return out;
}

const opened = (size: number, list: OpenFigures[]): OpenStats => {
  const ok = list.filter((x) => x.ok);
  const nums = (k: keyof OpenFigures) => ok.map((x) => x[k]).filter((v): v is number => typeof v === "number");
  return {
    size,
    sockets: list.length,
    failed: list.length - ok.length,
    errors: [...new Set(list.filter((x) => !x.ok).map((x) => x.error ?? "?"))].slice(0, 5),
    bytes: summary(nums("bytes")),
    firstPageMs: summary(nums("firstPageMs")),
    shownMs: summary(nums("shownMs")),
    connectMs: summary(nums("connectMs")),
    syncMembers: summary(nums("syncMembers")),
    by: meanBy(ok.map((x) => x.by ?? {})),
  };
};

function meanBy(list: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of list) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v / list.length;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)]));
}
const byText = (by: Record<string, number>) => Object.entries(by).map(([k, v]) => `${k} ${v}`).join(", ");

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

export async function scalePhase(ctx: Ctx, plan: ScalePlan): Promise<ScaleResult> {
  const t0 = Date.now();
  const L = layout(plan);
  const sizes = plan.smallN ? [plan.n, plan.smallN] : [plan.n];
  ctx.log(`scale: seeding ${sizes.map((s) => s.toLocaleString("en")).join(" and ")}-member workspaces`);
  await seedScale(ctx.db, 10_000, sizes);
  const seedMs = Date.now() - t0;
  ctx.log(`scale: seeded in ${(seedMs / 1000).toFixed(1)} s`);

  const servers: Child[] = [];
  const kids: Child[] = [];
  try {
    servers.push(await startRoster(ctx, prefix(ctx, "scale-new"), "roster-scale"), await startRoster(ctx, prefix(ctx, "scale-old"), "today-scale", 0, { watchAllUpTo: 1e9 }));
    const [srvNew, srvOld] = servers as [Child, Child];
    const [urlNew, urlOld] = [urlOf(srvNew), urlOf(srvOld)];
    kids.push(...(await Promise.all([0, 1].map((i) => Child.start(`scale${i}`, "scale-load.ts", {})))));
    const big = scaleSlug(plan.n);

    /** Opens sockets spread over the two children; per-socket figures. */
    const connect = async (group: string, url: string, indices: number[], workspace: string, flow: "bare" | "new" | "old", lanes: number, spreadMs?: number) => {
      const parts = split(indices, kids.length);
      const r = await Promise.all(kids.map((k, j) => k.request<OpenFigures[]>("connect", { group, url, indices: parts[j], workspace, flow, rows: plan.rows, lanes, spreadMs }, 900_000)));
      return r.flat();
    };
    const all = <T>(cmd: string, args: unknown, ms = 300_000) => Promise.all(kids.map((k) => k.request<T>(cmd, args, ms)));

    // 2. Warm: the first page open on each server and workspace builds its list / views. Both
    // read the whole workspace from the presence store once (a 1 s command timeout), which can
    // fail on a loaded machine: up to 3 tries each, every failure recorded.
    const warm: ScaleResult["warm"] = [];
    for (const [i, size] of sizes.entries()) {
      const ws = scaleSlug(size);
      for (const [side, url, user] of [["roster", urlNew, L.warm[2 * i]!], ["old", urlOld, L.warm[2 * i + 1]!]] as const) {
        const w: ScaleResult["warm"][number] = { size, side, errors: [] };
        warm.push(w);
        for (let attempt = 0; attempt < 3 && w.ms === undefined; attempt++) {
          // A failed socket stays in the group (closed at the end); a try opens a new one.
          const r = (await connect(`warm-${side === "roster" ? "new" : "old"}-${size}`, url, [user], ws, side === "roster" ? "new" : "old", 1))[0]!;
          if (r.ok) w.ms = r.shownMs;
          else (w.errors.push(r.error ?? "?"), await sleep(2_000));
        }
        ctx.log(`scale: warm-up at ${size}, ${side === "roster" ? "Roster page" : "today's full sync"}: ${w.ms === undefined ? "FAILED" : `shown in ${w.ms.toFixed(0)} ms`}${w.errors.length ? ` (failed tries: ${w.errors.join("; ")})` : ""}`);
        if (side === "roster" && w.ms === undefined) throw new Error(`Roster's first page at ${size} members failed 3 times: ${w.errors[0]}`);
      }
    }

    // 3. The viewers, bare, on both servers at once.
    ctx.log(`scale: connecting ${plan.viewers} viewers to each server`);
    const [cNew, cOld] = await Promise.all([connect("viewers-new", urlNew, L.newViewers, big, "bare", 25), connect("viewers-old", urlOld, L.oldViewers, big, "bare", 25)]);
    const cFailed = [...cNew, ...cOld].filter((x) => !x.ok);
    if (cFailed.length) throw new Error(`${cFailed.length} viewers failed to connect: ${cFailed[0]!.error}`);
    const connectStats = { roster: summary(cNew.map((x) => x.connectMs!)), old: summary(cOld.map((x) => x.connectMs!)), failed: cFailed.length };
    await sleep(2_000); // the connect wave's batches drain
    const before0 = await srvNew.request<{ heapUsed: number; rss: number }>("heap");
    await sleep(2_000);
    const before = await srvNew.request<{ heapUsed: number; rss: number }>("heap");
    ctx.log(`scale: Roster heap after GC twice, 2 s apart, before the pages open: ${(before0.heapUsed / 2 ** 20).toFixed(1)} and ${(before.heapUsed / 2 ** 20).toFixed(1)} MB (drift)`);
    const oldHeap = await srvOld.request<{ heapUsed: number; rss: number }>("heap");
    ctx.log(`scale: connected (Roster p99 ${connectStats.roster.p99.toFixed(0)} ms, today's ${connectStats.old.p99.toFixed(0)} ms); heap after GC: Roster ${(before.heapUsed / 2 ** 20).toFixed(1)} MB, today's ${(oldHeap.heapUsed / 2 ** 20).toFixed(1)} MB`);

    // 4. Roster's viewers open their page (subscribe + range), 200/s.
    const waveList = (await all<OpenFigures[]>("open", { group: "viewers-new", rows: plan.rows, spreadMs: (plan.viewers / 200) * 1000 }, 900_000)).flat();
    const wave = opened(plan.n, waveList);
    if (wave.failed) throw new Error(`${wave.failed} viewers could not open their page: ${wave.errors.join("; ")}`);
    await sleep(1_000);
    const after = await srvNew.request<{ heapUsed: number; rss: number }>("heap");
    const pairsAdded = plan.viewers * plan.rows;
    // Control for other heap changes over the wave (caches reloaded, buffers): every viewer drops its
    // rows (subscribes to itself only; its range stays), then takes them back, a heap reading after each.
    const resub = async (rows: boolean) => {
      const n = (await all<number>("resubscribe", { group: "viewers-new", rows }, 600_000)).reduce((a, b) => a + b, 0);
      if (n < plan.viewers) throw new Error(`${plan.viewers - n} viewers could not ${rows ? "subscribe again" : "unsubscribe"}`);
      await sleep(1_000);
      return (await srvNew.request<{ heapUsed: number }>("heap")).heapUsed;
    };
    const dropped = await resub(false);
    const again = await resub(true);
    const heap = {
      before0: before0.heapUsed,
      before: before.heapUsed,
      after: after.heapUsed,
      dropped,
      again,
      oldWithViewers: oldHeap.heapUsed,
      pairsAdded,
      ranges: plan.viewers,
      /** (after - dropped) and (again - dropped), averaged, per pair: the subscriptions alone. */
      bytesPerPair: (after.heapUsed - dropped + (again - dropped)) / 2 / pairsAdded,
      /** before -> after over the wave, per pair: the ranges and everything else included. */
      bytesPerPairWave: (after.heapUsed - before.heapUsed) / pairsAdded,
      rss: after.rss,
    };
    const mb = (b: number) => (b / 2 ** 20).toFixed(1);
    ctx.log(
      `scale: ${plan.viewers} pages opened at 200/s: range answer p50 ${wave.firstPageMs.p50.toFixed(0)} / p99 ${wave.firstPageMs.p99.toFixed(0)} ms; heap ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} MB ` +
        `(${heap.bytesPerPairWave.toFixed(0)} bytes per pair, ranges included); rows dropped ${mb(dropped)} MB, taken again ${mb(again)} MB: ${heap.bytesPerPair.toFixed(0)} bytes per watched pair`,
    );

    /** Event-loop delay of Roster's server and of the client children around `fn`. */
    const eldAround = async <T>(fn: () => Promise<T>): Promise<[T, { server: Eld; clients: Eld[] }]> => {
      await Promise.all([srvNew.request("eldStart"), all("eldStart", {})]);
      const r = await fn();
      const [server, clients] = await Promise.all([srvNew.request<Eld>("eldStop"), all<Eld>("eldStop", {})]);
      return [r, { server, clients }];
    };
    const eldText = (e: { server: Eld; clients: Eld[] }) => `server p99 ${e.server.p99.toFixed(0)} / max ${e.server.max.toFixed(0)} ms, clients max ${e.clients.map((c) => c.max.toFixed(0)).join(", ")} ms`;

    // 5. Rows 12.1 / 12.2: pages opened from connect while the viewers are connected.
    const open: ScaleResult["open"] = [];
    let openEld: ScaleResult["openEld"] | undefined;
    for (const size of sizes) {
      const ws = scaleSlug(size);
      const isBig = size === plan.n;
      const probeNew = () => connect(`probe-new-${size}`, urlNew, isBig ? L.newProbes : L.smallNew, ws, "new", 2);
      let listNew: OpenFigures[];
      if (isBig) [listNew, openEld] = await eldAround(probeNew);
      else listNew = await probeNew();
      const rNew = opened(size, listNew);
      const rOld = opened(size, await connect(`probe-old-${size}`, urlOld, isBig ? L.oldProbes : L.smallOld, ws, "old", 1));
      open.push({ size, roster: rNew, old: rOld });
      ctx.log(
        `scale: open at ${size}: Roster ${rNew.sockets - rNew.failed}/${rNew.sockets} bytes p50 ${kb(rNew.bytes.p50)} max ${kb(rNew.bytes.max)}, range answer p50 ${rNew.firstPageMs.p50.toFixed(0)} / p99 ${rNew.firstPageMs.p99.toFixed(0)} ms, shown p99 ${rNew.shownMs.p99.toFixed(0)} ms` +
          (isBig ? ` (event-loop delay ${eldText(openEld!)})` : "") +
          `; today's ${rOld.sockets - rOld.failed}/${rOld.sockets} bytes p50 ${kb(rOld.bytes.p50)}, full sync (${rOld.syncMembers.p50} members) p50 ${rOld.shownMs.p50.toFixed(0)} / p99 ${rOld.shownMs.p99.toFixed(0)} ms` +
          (rNew.failed || rOld.failed ? `; errors: ${[...rNew.errors, ...rOld.errors].join("; ")}` : ""),
      );
      ctx.log(`scale: bytes by kind at ${size}, mean per socket: Roster ${byText(rNew.by)}; today's ${byText(rOld.by)}`);
    }

    // 6. Row 12.4: deliveries per change.
    const groupsOf = { roster: ["viewers-new", "mover-new", ...sizes.flatMap((s) => [`probe-new-${s}`, `warm-new-${s}`])], old: ["viewers-old", "mover-old", ...sizes.flatMap((s) => [`probe-old-${s}`, `warm-old-${s}`])] };
    const moverNew = (await connect("mover-new", urlNew, [L.movers[0]!], big, "bare", 1))[0]!;
    const moverOld = (await connect("mover-old", urlOld, [L.movers[1]!], big, "bare", 1))[0]!;
    if (!moverNew.ok || !moverOld.ok) throw new Error(`a mover could not connect: ${moverNew.error ?? moverOld.error}`);
    const each = Math.ceil(plan.watchers / kids.length);
    const watching = (await Promise.all(kids.map((k, j) => k.request<number>("watchAlso", { group: "viewers-new", positions: range(0, Math.max(0, Math.min(each, plan.watchers - j * each))), userId: userId(L.movers[0]!) })))).reduce((a, b) => a + b, 0);
    await sleep(1_500); // counts from the movers' connects go out first
    const moverIds = [userId(L.movers[0]!), userId(L.movers[1]!)];
    const deliveries: Partial<ScaleResult["deliveries"]> = { w: plan.watchers, watching, k: plan.changes };
    for (const [side, mv, kid] of [["roster", moverIds[0]!, "mover-new"], ["old", moverIds[1]!, "mover-old"]] as const) {
      await all("resetCounts", { userId: mv });
      const ownerChild = kids[0]!; // split() puts a single index in the first child
      for (let i = 0; i < plan.changes; i++) {
        await ownerChild.request("toggle", { group: kid, index: 0 });
        await sleep(1_200);
      }
      await sleep(1_500);
      const per = await Promise.all(groupsOf[side].map((g) => all<{ sockets: number; connected: number; updated: number; updatedWith: number; ops: number; opsRows: number; countsMsgs: number; invalidated: number; socketsWith: number }>("counts", { group: g })));
      const flat = per.flat();
      const sum = (k: "sockets" | "updated" | "updatedWith" | "ops" | "opsRows" | "countsMsgs" | "invalidated" | "socketsWith") => flat.reduce((a, c) => a + c[k], 0);
      const k = plan.changes;
      const d: Deliveries = { sockets: sum("sockets"), withMover: sum("updatedWith") / k, socketsWith: sum("socketsWith"), updated: sum("updated") / k, ops: sum("ops") / k, opsRows: sum("opsRows") / k, counts: sum("countsMsgs") / k, invalidated: sum("invalidated") / k };
      deliveries[side] = d;
      ctx.log(`scale: ${side === "roster" ? "Roster" : "today's"} deliveries per change (${d.sockets} sockets, ${k} changes): ${d.withMover.toFixed(1)} presence:updated with the mover (${d.socketsWith} sockets), ${d.updated.toFixed(1)} presence:updated in all, members:ops ${d.ops.toFixed(1)}, members:counts ${d.counts.toFixed(1)}, invalidated ${d.invalidated.toFixed(1)}`);
    }

    // 7. Row 12.3: scroll.
    const S = Math.min(plan.scrolls, plan.viewers);
    const lo = Math.floor(0.4 * plan.n);
    const span = Math.max(1, Math.floor(0.4 * plan.n) - plan.rows);
    const pos = split(range(0, S), kids.length);
    const [scRaw, scrollEld] = await eldAround(() =>
      Promise.all(
        kids.map((k, j) =>
          k.request<{ ok: boolean; error?: string; t0?: number; ms?: number; rangeMs?: number; rows?: number }[]>(
            "scroll",
            { group: "viewers-new", positions: pos[j]!.map((p) => Math.floor(p / kids.length)), starts: pos[j]!.map(() => lo + Math.floor(Math.random() * span)), rows: plan.rows, spreadMs: (S / 50) * 1000 },
            900_000,
          ),
        ),
      ),
    );
    const sc = scRaw.flat();
    const ok = sc.filter((x) => x.ok);
    const first = Math.min(...ok.map((x) => x.t0!));
    const slowest = [...ok].sort((a, b) => b.ms! - a.ms!).slice(0, 12).map((x) => ({ atMs: Math.round(x.t0! - first), ms: Math.round(x.ms!), rangeMs: Math.round(x.rangeMs!) }));
    const scroll = { n: sc.length, failed: sc.length - ok.length, errors: [...new Set(sc.filter((x) => !x.ok).map((x) => x.error ?? "?"))].slice(0, 5), ms: summary(ok.map((x) => x.ms!)), rangeMs: summary(ok.map((x) => x.rangeMs!)), rows: summary(ok.map((x) => x.rows!)), slowest, eld: scrollEld };
    ctx.log(`scale: ${ok.length}/${sc.length} scrolls to rows ${lo}..${lo + span + plan.rows}: both answers p50 ${scroll.ms.p50.toFixed(0)} / p99 ${scroll.ms.p99.toFixed(0)} ms (range answer p99 ${scroll.rangeMs.p99.toFixed(0)} ms); event-loop delay ${eldText(scrollEld)}`);
    ctx.log(`scale: slowest scrolls (ms after the first: total / range): ${slowest.map((x) => `${x.atMs}: ${x.ms}/${x.rangeMs}`).join(", ")}`);

    const wallMs = Date.now() - t0;
    ctx.log(`scale: phase wall time ${(wallMs / 1000).toFixed(0)} s (seeding ${(seedMs / 1000).toFixed(0)} s)`);
    return { plan, seedMs, wallMs, connect: connectStats, warm, wave, open, openEld: openEld!, scroll, deliveries: deliveries as ScaleResult["deliveries"], heap };
  } finally {
    await Promise.all(kids.map((k) => k.request("close", {}, 60_000).catch(() => undefined)));
    await Promise.all([...servers, ...kids].map((c) => c.stop()));
  }
}
