// One table of ratios (Roster against the baseline measured in the same run) plus results.json.
import fs from "node:fs";
import path from "node:path";
import type { IdleResult } from "./idle";
import type { ClusterResult } from "./cluster";
import type { CrossResult, FanoutResult } from "./fanout";
import type { StormResult } from "./storm";
import type { CrashTrial } from "./crash";
import type { FetchResult } from "./fetch-phase";
import type { StormSide, StormsResult } from "./storms";
import { P99_LIMIT_MS, type SatResult, type SatSide } from "./saturation";
import type { ScaleResult } from "./scale";
import type { SubResult } from "./storm-sub";

export interface Results {
  date: string;
  quick: boolean;
  command: string;
  machine: { nproc: number; memGiB: number; node: string };
  presence: { graceMs: number; livenessMs: number; restartGraceMs: number; tickMs: number };
  redisPrivate: boolean;
  plan: unknown;
  wallSeconds: number;
  loadTrace?: { t: number; load1: number; msg: string }[];
  idle?: { roster: IdleResult; baseline: IdleResult };
  fanout?: { n: number; roster: FanoutResult; baseline: FanoutResult }[];
  cross?: CrossResult;
  storm?: StormResult;
  crash?: { livenessMs: number; baselineTtlMs: number; trials: CrashTrial[] };
  fetch?: FetchResult;
  storms?: StormsResult & { restartWanted: boolean };
  saturation?: SatResult;
  scale?: ScaleResult;
  subscribed?: SubResult;
  cluster?: ClusterResult;
  /** Phases that failed (an error or their time limit): each is a NO row in the table. */
  failures?: { phase: string; error: string }[];
  rows?: Row[];
}

export interface Row {
  metric: string;
  roster: string;
  baseline: string;
  ratio: string;
  target: string;
  met: "yes" | "NO" | "-";
}

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const met = (ok: boolean): Row["met"] => (ok ? "yes" : "NO");

export function rows(r: Results): Row[] {
  const out: Row[] = [];
  if (r.idle) {
    const { roster: a, baseline: b } = r.idle;
    const x = b.commandsPerSec / a.commandsPerSec;
    out.push({ metric: `1 Redis cmds/s, ${a.sockets} idle sockets, ${f(a.windowMs / 1000, 0)} s`, roster: f(a.commandsPerSec, 2), baseline: f(b.commandsPerSec, 2), ratio: `${f(x)}x fewer`, target: ">= 100x fewer", met: met(x >= 100) });
    const y = b.requestsPerSec / a.requestsPerSec;
    out.push({ metric: "1a  requests/s sent (commands run inside Lua not counted)", roster: f(a.requestsPerSec, 2), baseline: f(b.requestsPerSec, 2), ratio: `${f(y)}x fewer`, target: "(diagnostic)", met: "-" });
  }
  for (const fo of r.fanout ?? []) {
    const [a, b] = [fo.roster, fo.baseline];
    const x = a.change.p99 / b.change.p99;
    const x50 = a.change.p50 / b.change.p50;
    const pooled = a.latency.p99 / b.latency.p99;
    out.push({ metric: `2 fan-out p50 / p99 ms per change [pooled p99], N=${fo.n}`, roster: `${f(a.change.p50)} / ${f(a.change.p99)} [${f(a.latency.p99)}]`, baseline: `${f(b.change.p50)} / ${f(b.change.p99)} [${f(b.latency.p99)}]`, ratio: `${f(x50, 2)}x / ${f(x, 2)}x [${f(pooled, 2)}x]`, target: "p99 <= 1.2x", met: met(x <= 1.2 && !a.missing) });
  }
  if (r.storm) {
    const s = r.storm;
    const x = s.changes / s.messagesPerWatcher.mean;
    out.push({ metric: `3 msgs/client, ${s.users} users back over ${f(s.connectMs / 1000)} s (aimed ${s.spreadMs / 1000} s)`, roster: `${f(s.messagesPerWatcher.mean)} (max ${s.messagesPerWatcher.max})`, baseline: `${s.changes} (1 per change)`, ratio: `${f(x)}x fewer`, target: ">= 5x fewer", met: met(x >= 5) });
  }
  if (r.crash) {
    const seen = r.crash.trials.map((t) => t.seenOfflineMs ?? Infinity);
    const worst = Math.max(...seen);
    out.push({ metric: `4 offline seen after SIGKILL, s (${r.crash.trials.map((t) => t.trial).join(", ")})`, roster: seen.map((s) => f(s / 1000, 2)).join(", "), baseline: `${r.crash.baselineTtlMs / 1000} (TTL, constant)`, ratio: `${f(worst / r.crash.baselineTtlMs, 2)}x`, target: "<= 15 s", met: met(worst <= 15_000) });
  }
  if (r.fetch) {
    const { snapshot, store, pipeline, members, dbPipeline } = r.fetch;
    out.push({ metric: "5 initial fetch ms, 10,000 members (snapshot)", roster: f(snapshot.medianMs), baseline: f(pipeline.medianMs), ratio: `${f(snapshot.medianMs / pipeline.medianMs, 2)}x`, target: "<= 2x", met: met(snapshot.medianMs / pipeline.medianMs <= 2) });
    out.push({ metric: "5a  store read alone (DB members query alone)", roster: `${f(store.medianMs)} (${f(members.medianMs)})`, baseline: f(pipeline.medianMs), ratio: `${f(store.medianMs / pipeline.medianMs, 2)}x`, target: "(diagnostic)", met: "-" });
    out.push({ metric: "5b  snapshot vs same DB query + pipeline", roster: f(snapshot.medianMs), baseline: f(dbPipeline.medianMs), ratio: `${f(snapshot.medianMs / dbPipeline.medianMs, 2)}x`, target: "(diagnostic)", met: "-" });
  }
  if (r.idle) {
    const { roster: a, baseline: b } = r.idle;
    const x = a.heapPerSocket / b.heapPerSocket;
    out.push({ metric: `6 heap bytes/socket, 0 -> ${a.sockets}`, roster: f(a.heapPerSocket, 0), baseline: f(b.heapPerSocket, 0), ratio: `${f(x, 2)}x`, target: "<= 1.5x", met: met(x <= 1.5) });
  }
  if (r.cross) {
    const { cross: a, single: b } = r.cross;
    const x = a.change.p99 / b.change.p99;
    out.push({ metric: `7 cross-instance fan-out p99 ms per change [pooled], N=${r.cross.n}`, roster: `${f(a.change.p99)} [${f(a.latency.p99)}]`, baseline: `${f(b.change.p99)} [${f(b.latency.p99)}] (single)`, ratio: `${f(x, 2)}x [${f(a.latency.p99 / b.latency.p99, 2)}x]`, target: "<= 1.5x", met: met(x <= 1.5 && !a.missing) });
  }
  if (r.cluster) {
    const { fanout, commandsPerChange: cpc, storm, n, instances, masters } = r.cluster;
    const x = fanout.cluster.change.p99 / fanout.single.change.p99;
    out.push({ metric: `13a cross-instance fan-out p99 ms per change [pooled], N=${n}: ${instances} instances on ${masters} cluster masters vs 1 on one Redis`, roster: `${f(fanout.cluster.change.p99)} [${f(fanout.cluster.latency.p99)}]`, baseline: `${f(fanout.single.change.p99)} [${f(fanout.single.latency.p99)}] (single)`, ratio: `${f(x, 2)}x`, target: "<= 1.5x", met: met(x <= 1.5 && !fanout.cluster.missing) });
    out.push({ metric: "13b Redis commands per presence change, per cluster node (one Redis)", roster: cpc.clusterNodes.map((c) => f(c)).join(" / "), baseline: f(cpc.single), ratio: "-", target: "(diagnostic)", met: "-" });
    const idle = r.cluster.idleCommandsPerSec;
    out.push({ metric: `13b' Redis commands/s with no change, per cluster node (${instances} instances) vs one Redis (1 instance)`, roster: idle.clusterNodes.map((c) => f(c)).join(" / "), baseline: f(idle.single), ratio: "-", target: "(diagnostic)", met: "-" });
    const y = storm.cluster.ms / storm.single.ms;
    out.push({ metric: `13c connect storm, ${storm.sockets} sockets at once: ${instances} instances on the cluster vs 1 on one Redis, ms`, roster: `${storm.cluster.ms} (${storm.cluster.failed} failed)`, baseline: `${storm.single.ms} (${storm.single.failed} failed)`, ratio: `${f(y, 2)}x`, target: "(diagnostic)", met: "-" });
  }
  if (r.idle) {
    const { roster: a, baseline: b } = r.idle;
    const x = a.eldLoad.p99 / b.eldLoad.p99;
    out.push({ metric: `8 event-loop delay p99 ms, ${a.sockets} sockets, 100 changes/s`, roster: f(a.eldLoad.p99), baseline: f(b.eldLoad.p99), ratio: `${f(x, 2)}x`, target: "<= 1.5x", met: met(x <= 1.5) });
  }
  if (r.storms) out.push(...stormRows(r.storms));
  if (r.saturation) out.push(saturationRow(r.saturation));
  if (r.scale) out.push(...scaleRows(r.scale));
  if (r.subscribed) out.push(...subRows(r.subscribed));
  for (const x of r.failures ?? []) {
    out.push({ metric: `phase ${x.phase} FAILED: ${x.error.replace(/\|/g, "/").slice(0, 160)}`, roster: "-", baseline: "-", ratio: "-", target: "runs to the end", met: "NO" });
  }
  return out;
}

const sec = (ms: number | null | undefined) => (ms === null || ms === undefined ? "never" : f(ms / 1000, 2));
const why = (side: StormSide) => (side.error ? `failed: ${side.error.replace(/\|/g, "/").slice(0, 80)}` : !side.supported ? "not measured: no answer to presence:sync" : "not measured");

function stormRows(s: StormsResult & { restartWanted: boolean }): Row[] {
  const out: Row[] = [];
  const { roster: a, baseline: b } = s;
  const target9 = "<= 1.5x, <= 20 msgs/client";
  const metric9 = `9 connect storm, ${s.n} members at once (every client sees every member; Roster watchAllUpTo 1e9): s to all connected / all views all active [presence msgs/client]`;
  if (a.connect && b.connect) {
    const [ac, bc] = [a.connect, b.connect];
    const xc = (ac.allConnectedMs ?? Infinity) / (bc.allConnectedMs ?? Infinity);
    const xa = (ac.allActiveMs ?? Infinity) / (bc.allActiveMs ?? Infinity);
    const cell = (c: NonNullable<StormSide["connect"]>) => `${sec(c.allConnectedMs)} / ${sec(c.allActiveMs)} [${f(c.msgs.mean)}, max ${c.msgs.max}]`;
    out.push({ metric: metric9, roster: cell(ac), baseline: cell(bc), ratio: `${f(xc, 2)}x / ${f(xa, 2)}x`, target: target9, met: met(xc <= 1.5 && xa <= 1.5 && ac.msgs.mean <= 20 && ac.failed === 0) });
  } else {
    out.push({ metric: metric9, roster: a.connect ? "measured" : why(a), baseline: b.connect ? "measured" : why(b), ratio: "n/a", target: target9, met: "NO" });
  }
  if (!s.restartWanted) return out;
  const target10 = "<= 2x, 0 shown offline/away";
  const metric10 = `10 restart storm (SIGTERM, new process), ${s.n} members: s until all views all active again [clients that showed a member offline/away, max at once]`;
  if (a.restart && b.restart) {
    const [ar, br] = [a.restart, b.restart];
    const x = (ar.allActiveMs ?? Infinity) / (br.allActiveMs ?? Infinity);
    const cell = (r: NonNullable<StormSide["restart"]>) => `${sec(r.allActiveMs)} [${r.clientsEver}, max ${r.maxClientsAtOnce}]`;
    out.push({ metric: metric10, roster: cell(ar), baseline: cell(br), ratio: `${f(x, 2)}x`, target: target10, met: met(x <= 2 && ar.clientsEver === 0) });
    out.push({ metric: "10a  s to old process gone / new ready / all reconnected; most members not active in one view", roster: `${sec(ar.exitMs)} / ${sec(ar.readyMs)} / ${sec(ar.allReconnectedMs)}; ${ar.maxMembersAtOnce}`, baseline: `${sec(br.exitMs)} / ${sec(br.readyMs)} / ${sec(br.allReconnectedMs)}; ${br.maxMembersAtOnce}`, ratio: "-", target: "(diagnostic)", met: "-" });
  } else {
    out.push({ metric: metric10, roster: a.restart ? "measured" : why(a), baseline: b.restart ? "measured" : why(b), ratio: "n/a", target: target10, met: "NO" });
  }
  return out;
}

function saturationRow(s: SatResult): Row {
  const metric = `11 saturation, ${s.n} observers: highest flips/s with delivery p99 <= ${P99_LIMIT_MS} ms, >= 99% delivered (p99 ms there)`;
  const cell = (x: SatSide) => {
    if (x.error && !x.steps.length) return `failed: ${x.error.slice(0, 60)}`;
    const at = x.steps.find((st) => st.rate === x.best && st.pass);
    return `${x.best}${x.top ? "+" : ""} (${at ? f(at.p99) : "-"})`;
  };
  const x = s.roster.best / s.baseline.best;
  const capped = s.roster.top && s.baseline.top ? " (both at the top of the ladder)" : "";
  if (!s.baseline.best) return { metric, roster: cell(s.roster), baseline: cell(s.baseline), ratio: "n/a (baseline passed no step)", target: ">= 1x (match bare)", met: "NO" };
  return { metric, roster: cell(s.roster), baseline: cell(s.baseline), ratio: `${f(x, 2)}x${capped}`, target: ">= 1x (match bare)", met: met(x >= 1) };
}

/** Row 12: company scale, Roster (subscriptions + the lazy list) against today's design (watchAllUpTo 1e9, full sync). */
function scaleRows(s: ScaleResult): Row[] {
  const out: Row[] = [];
  const p = s.plan;
  const KB = (b: number) => f(b / 1024, 1);
  const bytesLimit = 64 * 1024;
  const sizes = s.open.map((o) => o.size);
  // 12.1: bytes until the first screen is shown, at each size; flat = the largest size within 1.25x of the smallest.
  const newMax = s.open.map((o) => o.roster.bytes.max);
  const flat = Math.max(...newMax) / Math.min(...newMax);
  const failed = s.open.reduce((a, o) => a + o.roster.failed, 0);
  const oldFailed = (o: ScaleResult["open"][number]) => (o.old.failed ? ` [${o.old.failed}/${o.old.sockets} failed]` : "");
  out.push({
    metric: `12.1 KB received to open the workspace per viewer, p50 (max), members ${sizes.join(" / ")}: first 60 rows + their presence vs a full sync`,
    roster: s.open.map((o) => `${KB(o.roster.bytes.p50)} (${KB(o.roster.bytes.max)})`).join(" / "),
    baseline: s.open.map((o) => `${KB(o.old.bytes.p50)} (${KB(o.old.bytes.max)})${oldFailed(o)}`).join(" / "),
    ratio: s.open.map((o) => `${f(o.old.bytes.p50 / o.roster.bytes.p50, 0)}x`).join(" / ") + " fewer",
    target: `<= 64 KB, flat in N${sizes.length > 1 ? ` (${f(flat, 2)}x)` : ""}`,
    met: met(Math.max(...newMax) <= bytesLimit && (sizes.length < 2 || flat <= 1.25) && failed === 0),
  });
  const big = s.open.find((o) => o.size === p.n)!;
  out.push({
    metric: `12.2 ms to the first list page p50 / p99 (${big.roster.sockets} pages opened from connect, ${p.viewers} viewers connected, N=${p.n}); today's: full sync answer (${big.old.sockets})`,
    roster: `${f(big.roster.firstPageMs.p50, 0)} / ${f(big.roster.firstPageMs.p99, 0)} (connected p99 ${f(big.roster.connectMs.p99, 0)}, shown p99 ${f(big.roster.shownMs.p99, 0)})`,
    baseline: `${f(big.old.firstPageMs.p50, 0)} / ${f(big.old.firstPageMs.p99, 0)}${oldFailed(big)}`,
    ratio: `${f(big.roster.firstPageMs.p99 / big.old.firstPageMs.p99, 2)}x`,
    target: "p99 <= 300 ms",
    met: met(big.roster.firstPageMs.p99 <= 300 && big.roster.failed === 0),
  });
  const warmCell = (side: "roster" | "old") =>
    s.warm
      .filter((w) => w.side === side)
      .map((w) => (w.ms === undefined ? "failed" : f(w.ms, 0)) + (w.errors.length ? ` (${w.errors.length} failed tries)` : ""))
      .join(" / ");
  out.push({ metric: `12.2a  ms to the first page after a server start (builds the list / the view), members ${[...new Set(s.warm.map((w) => w.size))].join(" / ")}`, roster: warmCell("roster"), baseline: warmCell("old"), ratio: "-", target: "(diagnostic)", met: "-" });
  out.push({
    metric: `12.3 ms to scroll to rows ~${Math.floor(0.4 * p.n)}-${Math.floor(0.8 * p.n)} p50 / p99 (range answer, then subscribe answer; ${s.scroll.n} viewers, 50/s)`,
    roster: `${f(s.scroll.ms.p50, 0)} / ${f(s.scroll.ms.p99, 0)} (range answer p99 ${f(s.scroll.rangeMs.p99, 0)})${s.scroll.failed ? ` [${s.scroll.failed} failed]` : ""}`,
    baseline: "local (every member loaded up front)",
    ratio: "-",
    target: "p99 <= 150 ms",
    met: met(s.scroll.ms.p99 <= 150 && s.scroll.failed === 0),
  });
  const d = s.deliveries;
  out.push({
    metric: `12.4 presence:updated per change of a member watched by W=${d.watching} viewers (all sockets of the server: ${d.roster.sockets} / ${d.old.sockets})`,
    roster: f(d.roster.withMover, 1),
    baseline: f(d.old.withMover, 1),
    ratio: `${f(d.old.withMover / d.roster.withMover, 0)}x fewer`,
    target: `<= W + 1 = ${d.watching + 1}`,
    met: met(d.roster.withMover <= d.watching + 1 && d.watching === d.w),
  });
  out.push({
    metric: "12.4a  list sockets per change: members:counts (<= 1/s per socket) / members:ops / invalidated",
    roster: `${f(d.roster.counts, 0)} / ${f(d.roster.ops, 0)} / ${f(d.roster.invalidated, 0)}`,
    baseline: "- (no list)",
    ratio: "-",
    target: "(diagnostic)",
    met: "-",
  });
  const h = s.heap;
  const mb = (b: number) => f(b / 2 ** 20);
  out.push({
    metric: `12.5 server heap bytes per watched pair, ${p.viewers} viewers x ${p.rows} ids: rows dropped and taken again [over the page opens, ranges included; MB before -> after]`,
    roster: `${f(h.bytesPerPair, 0)} [${f(h.bytesPerPairWave, 0)}; ${mb(h.before)} -> ${mb(h.after)}]`,
    baseline: `- (today's heap ${f(h.oldWithViewers / 2 ** 20)} MB)`,
    ratio: "-",
    target: "(diagnostic)",
    met: "-",
  });
  out.push({ metric: "12  scale phase wall time, s (seeding)", roster: `${f(s.wallMs / 1000, 0)} (${f(s.seedMs / 1000, 0)})`, baseline: "-", ratio: "-", target: "(diagnostic)", met: "-" });
  return out;
}

/** Rows 9s / 10s: the storms on a 20,000-member workspace, subscribed clients against today's full view (fewer clients, extrapolated). */
function subRows(r: SubResult): Row[] {
  const out: Row[] = [];
  const { plan: p, subscribed: a, today: b } = r;
  const KB = (x: number) => f(x / 1024, 1);
  const MB = (x: number) => f(x / 2 ** 20, 2);
  const C = p.clients;
  const who = `${C} subscribed clients (${p.watched} ids${p.list ? ` + rows 0..${p.list}` : ""}) vs today's full view, ${b.n} clients`;
  const head = `M=${p.members}`;
  if (a.connect && b.connect) {
    const [ac, bc] = [a.connect, b.connect];
    const cell = (c: NonNullable<StormSide["connect"]>) => `${sec(c.allConnectedMs)} / ${sec(c.allActiveMs)} [${KB(c.bytes?.perClient.mean ?? NaN)} KB/client]`;
    out.push({
      metric: `9s connect storm, ${head}, ${who}: s to all connected / all views of the ${p.watched} watched active [KB received per client]`,
      roster: cell(ac) + (ac.failed ? ` (${ac.failed} failed)` : ""),
      baseline: cell(bc) + (bc.failed ? ` (${bc.failed} failed)` : ""),
      ratio: `${f((bc.bytes?.perClient.mean ?? NaN) / (ac.bytes?.perClient.mean ?? NaN), 0)}x fewer bytes/client`,
      target: "all views active",
      met: met(ac.allActiveMs !== null && ac.failed === 0),
    });
  } else out.push({ metric: `9s connect storm, ${head}`, roster: a.connect ? "measured" : why(a), baseline: b.connect ? "measured" : why(b), ratio: "n/a", target: "all views active", met: "NO" });
  if (a.restart && b.restart) {
    const [ar, br] = [a.restart, b.restart];
    const cell = (x: NonNullable<StormSide["restart"]>) => `${sec(x.allActiveMs)} [${x.clientsEver}, max ${x.maxClientsAtOnce}]`;
    out.push({
      metric: `10s restart storm (SIGTERM, new process), ${head}, ${who}: s until all views of the watched active again [clients that showed a watched member offline/away, max at once]`,
      roster: cell(ar),
      baseline: cell(br),
      ratio: `${f((ar.allActiveMs ?? Infinity) / (br.allActiveMs ?? Infinity), 2)}x`,
      target: "0 shown offline/away",
      met: met(ar.clientsEver === 0 && ar.allActiveMs !== null),
    });
    if (ar.bytesBack && br.bytesBack && ar.bytesWindow && br.bytesWindow) {
      const ext = br.bytesBack.perClient.mean * C;
      const extW = br.bytesWindow.perClient.mean * C;
      out.push({
        metric: `10s.1 MB received by all clients from SIGTERM until all views active again [KB per client]; today's: ${b.n} clients measured, x ${C / b.n} = ${C} EXTRAPOLATED`,
        roster: `${MB(ar.bytesBack.total)} [${KB(ar.bytesBack.perClient.mean)}]`,
        baseline: `${MB(ext)} extrapolated (${MB(br.bytesBack.total)} measured) [${KB(br.bytesBack.perClient.mean)}]`,
        ratio: `1/${f(ext / ar.bytesBack.total, 1)}`,
        target: "(diagnostic: today's delta sync)",
        met: "-",
      });
      // The issue's measure: a restart moved the whole workspace to every client (a full view, as
      // today's clients receive on connect: 9s, same run).
      const full = b.connect?.bytes?.perClient.mean;
      if (full !== undefined) {
        out.push({
          metric: `10s.1a KB per client back after the restart against a full view per client (today's connect, 9s: what every client fetched again before deltas)`,
          roster: KB(ar.bytesBack.perClient.mean),
          baseline: KB(full),
          ratio: `1/${f(full / ar.bytesBack.perClient.mean, 0)}`,
          target: "<= 1/20",
          met: met(ar.bytesBack.perClient.mean * 20 <= full),
        });
      }
      out.push({
        metric: `10s.2  the same over the whole window (${sec(ar.windowMs)} / ${sec(br.windowMs)} s after SIGTERM: all back + 2 s, at least restart grace + 5 s after the exit)`,
        roster: `${MB(ar.bytesWindow.total)} [${KB(ar.bytesWindow.perClient.mean)}]`,
        baseline: `${MB(extW)} extrapolated (${MB(br.bytesWindow.total)} measured) [${KB(br.bytesWindow.perClient.mean)}]`,
        ratio: `1/${f(extW / ar.bytesWindow.total, 1)}`,
        target: "(diagnostic)",
        met: "-",
      });
    }
    out.push({ metric: "10s.3  s to old process gone / new ready / all reconnected; most watched members not active in one view", roster: `${sec(ar.exitMs)} / ${sec(ar.readyMs)} / ${sec(ar.allReconnectedMs)}; ${ar.maxMembersAtOnce}`, baseline: `${sec(br.exitMs)} / ${sec(br.readyMs)} / ${sec(br.allReconnectedMs)}; ${br.maxMembersAtOnce}`, ratio: "-", target: "(diagnostic)", met: "-" });
  } else out.push({ metric: `10s restart storm, ${head}`, roster: a.restart ? "measured" : why(a), baseline: b.restart ? "measured" : why(b), ratio: "n/a", target: "0 shown offline/away, bytes <= 1/20", met: "NO" });
  if (r.firstPage) out.push({ metric: `9s.1  list rows 0..${p.watched} after the connect storm are the watched ids (active)`, roster: `${r.firstPage.same ? "yes" : "NO"} (${r.firstPage.active})`, baseline: "-", ratio: "-", target: "(check)", met: r.firstPage.same ? "yes" : "NO" });
  return out;
}

export function table(list: Row[]): string {
  const head: Row = { metric: "metric", roster: "Roster", baseline: "baseline", ratio: "ratio", target: "target", met: "-" };
  const cols = ["metric", "roster", "baseline", "ratio", "target", "met"] as const;
  const line = (r: Row) => `| ${cols.map((c) => (r === head && c === "met" ? "met" : r[c])).join(" | ")} |`;
  return [line(head), `|${cols.map(() => "---").join("|")}|`, ...list.map(line)].join("\n");
}

export function report(r: Results): void {
  r.rows = rows(r);
  console.log(`\n${table(r.rows)}\n`);
  const file = path.join(import.meta.dirname, "out", "results.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(r, null, 2));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
