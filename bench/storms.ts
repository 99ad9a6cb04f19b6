// Connect storm and restart storm (rows 9 and 10). N members of one workspace (seeded as STORM,
// users 0..N-1), one socket each, spread over the receiver children, every one behaving like the
// real client (bench/load.ts: a view kept with presence:sync + presence:updated, reconnects with
// socket.io-client's backoff, reconnectionDelayMax 5 s, `prev` in the handshake).
//
// Connect storm: every socket is opened at once (the same instant in both children); we time
// until the last one connected and until the last view showed all N active (after a sync answer
// on its connection), and count presence messages per client (presence:updated + sync answers)
// until then + 1 s.
// Restart storm: then the server gets SIGTERM; as soon as the process has exited a new one is
// started on the same port (same Redis prefix, same database). We time from SIGTERM until every
// view shows all N active again, each on a newer connection with a sync answer, and, from
// SIGTERM until the window ends (all back + 2 s; for Roster at least max(liveness, restart grace)
// + 5 s after the exit, so a late reap of the old instance's connections would show), count the clients that ever showed a member offline or away, the most
// clients doing so at once, and the most members one view showed so.
// Roster runs with `watchAllUpTo: 1e9`: bench-storm has 2,000 members, above the default 1,000 up to which a
// socket that never subscribes watches everyone, and these rows measure every client seeing every member
// (the full-view design their targets were set for). Every client counts the bytes it receives.
// Baseline: the same clients against bare Socket.IO (baseline.ts: announces each connect to the
// room, answers presence:sync with a same-sized snapshot; a restarted baseline knows nobody, so
// members not yet back are offline in its snapshots). Baseline first, then Roster.
import type { Child } from "./proc";
import { closeGroup, connectMany, PRESENCE, prefix, range, startBaseline, startRoster, urlOf, type Ctx } from "./ctx";
import { now, sleep, summary, until, type Summary } from "./metrics";
import { freePort } from "./redis";
import { MAIN, STORM, userId } from "./seed";

/** Bytes received by all clients (engine.io packets, see bench/load.ts), total and per client, by kind (summed). */
export interface Bytes {
  total: number;
  perClient: Summary;
  by: Record<string, number>;
}

export interface StormSide {
  kind: "roster" | "baseline";
  /** Clients (one socket each); also the members watched unless `watched` says otherwise. */
  n: number;
  /** Members each view must show active (default n). */
  watched?: number;
  /** False: the server does not answer presence:sync, so no view can load (not measured). */
  supported: boolean;
  /** The side failed (its figures are missing or partial). */
  error?: string;
  connect?: {
    connected: number;
    failed: number;
    /** From the common start until the last socket connected / the last view showed all N active; null if not all did. */
    allConnectedMs: number | null;
    allActiveMs: number | null;
    converged: number;
    /** presence:updated messages + sync answers per client, until all active + 1 s. */
    msgs: Summary;
    syncErrors: number;
    /** Sync answers, of which full snapshots; delta answers whose digest disagreed (a full sync followed). */
    syncs: number;
    fulls: number;
    mismatches: number;
    /** From socket creation until all active + 1 s. */
    bytes?: Bytes;
  };
  restart?: {
    /** From SIGTERM: the old process exited; the new one was ready; every client was connected again; every view showed all N active again. */
    exitMs: number;
    readyMs: number;
    allReconnectedMs: number | null;
    allActiveMs: number | null;
    reconverged: number;
    /** Clients whose view showed any member offline or away after SIGTERM (window: see above). */
    clientsEver: number;
    maxClientsAtOnce: number;
    maxMembersAtOnce: number;
    windowMs: number;
    msgs: Summary;
    syncErrors: number;
    syncs: number;
    fulls: number;
    mismatches: number;
    killed: boolean;
    /** From SIGTERM until every view was all active again (+ up to one 250 ms poll) / until the window ended. */
    bytesBack?: Bytes;
    bytesWindow?: Bytes;
  };
}

export interface StormsResult {
  n: number;
  roster: StormSide;
  baseline: StormSide;
}

type Stats = {
  sockets: number;
  connected: number;
  lastConnect: number | null;
  converged: number;
  lastConverged: number | null;
  reconnected: number;
  lastReconnect: number | null;
  reconverged: number;
  lastReconverged: number | null;
  ever: number;
  maxMissing: number;
  intervals: number[];
  msgs: number[];
  syncErrors: number;
  syncErrorsBy: Record<string, number>;
  syncs: number;
  fulls: number;
  mismatches: number;
  bytes: number[];
  by: Record<string, number>;
};
type Progress = Pick<Stats, "sockets" | "connected" | "converged" | "reconnected" | "reconverged" | "ever">;

/** The sync errors by message, for the log: " (timeout: 12, ...)". */
const errorsBy = (s: Stats) => {
  const e = Object.entries(s.syncErrorsBy).sort((a, b) => b[1] - a[1]);
  return e.length ? ` (${e.slice(0, 4).map(([k, n]) => `${k}: ${n}`).join(", ")})` : "";
};

const maxOf = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : Math.max(...(xs as number[])));

async function stats(ctx: Ctx, group: string): Promise<Stats> {
  const all = await Promise.all(ctx.loads.map((l) => l.request<Stats>("watchStats", { group })));
  const sum = (k: keyof Stats) => all.reduce((a, s) => a + (s[k] as number), 0);
  return {
    sockets: sum("sockets"),
    connected: sum("connected"),
    lastConnect: maxOf(all.map((s) => s.lastConnect)),
    converged: sum("converged"),
    lastConverged: maxOf(all.map((s) => s.lastConverged)),
    reconnected: sum("reconnected"),
    lastReconnect: maxOf(all.map((s) => s.lastReconnect)),
    reconverged: sum("reconverged"),
    lastReconverged: maxOf(all.map((s) => s.lastReconverged)),
    ever: sum("ever"),
    maxMissing: Math.max(...all.map((s) => s.maxMissing)),
    intervals: all.flatMap((s) => s.intervals),
    msgs: all.flatMap((s) => s.msgs),
    syncErrors: sum("syncErrors"),
    syncErrorsBy: addBy(all.map((s) => s.syncErrorsBy ?? {})),
    syncs: sum("syncs"),
    fulls: sum("fulls"),
    mismatches: sum("mismatches"),
    bytes: all.flatMap((s) => s.bytes ?? []),
    by: addBy(all.map((s) => s.by ?? {})),
  };
}

function addBy(list: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of list) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

const bytesOf = (list: number[], by: Record<string, number>): Bytes => ({ total: list.reduce((a, b) => a + b, 0), perClient: summary(list), by });

async function bytesNow(ctx: Ctx, group: string): Promise<Bytes> {
  const all = await Promise.all(ctx.loads.map((l) => l.request<{ bytes: number[]; by: Record<string, number> }>("bytes", { group })));
  return bytesOf(all.flatMap((x) => x.bytes), addBy(all.map((x) => x.by)));
}

export const mb = (b: number) => `${(b / 2 ** 20).toFixed(2)} MB`;

async function progress(ctx: Ctx, group: string): Promise<Progress> {
  const all = await Promise.all(ctx.loads.map((l) => l.request<Progress>("watchProgress", { group })));
  const out = { sockets: 0, connected: 0, converged: 0, reconnected: 0, reconverged: 0, ever: 0 };
  for (const p of all) for (const k of Object.keys(out) as (keyof Progress)[]) out[k] += p[k];
  return out;
}

/** Most [from, to) intervals open at one moment. */
function maxOverlap(pairs: number[]): number {
  const ev: [number, number][] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) ev.push([pairs[i]!, 1], [pairs[i + 1]!, -1]);
  ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let max = 0;
  for (const [, d] of ev) max = Math.max(max, (cur += d));
  return max;
}

/** Whether a Roster server answers presence:sync (before the "Presence core:" commit it does not). */
export async function answersSync(ctx: Ctx, url: string): Promise<boolean> {
  const r = await ctx.mover.request<{ connected: boolean; answers: boolean }>("probeSync", { url, index: 9_999, workspace: MAIN });
  if (!r.connected) throw new Error("probe socket could not connect");
  return r.answers;
}

/** One side of a storm: who connects, whom their views must show active, which server. */
export interface SideSpec {
  /** Log label, Redis prefix and load group. */
  name: string;
  workspace: string;
  indices: number[];
  watch: string[];
  /** Starts the server on `port` with the Redis prefix `p` (the restart calls it again with the same ones). */
  start: (port: number, p: string) => Promise<Child>;
  /** Check first that the server answers presence:sync (Roster before the "Presence core:" commit does not). */
  checkSync?: boolean;
  /** Client behaviour (bench/load.ts): subscribe to these ids on every connect; members:range 0..list on every connect. */
  subscribe?: string[];
  list?: number;
  /** Runs after the connect storm's figures are taken (before the restart). */
  afterConnect?: (group: string) => Promise<void>;
}

/** Rows 9 and 10: N members of bench-storm, every client watching all N (Roster with watchAllUpTo 1e9, today's full view). */
const stormSpec = (ctx: Ctx, kind: "roster" | "baseline", n: number): SideSpec => ({
  name: kind,
  workspace: STORM,
  indices: range(0, n),
  watch: range(0, n).map(userId),
  start: (port, p) => (kind === "roster" ? startRoster(ctx, p, "roster", port, { watchAllUpTo: 1e9 }) : startBaseline(ctx, p, { port, members: { [STORM]: [0, n] } })),
  checkSync: kind === "roster",
});

/** Fills `out` as it goes, so a failure keeps what was measured. */
export async function oneSide(ctx: Ctx, out: StormSide, restart: boolean, timeoutMs: number, spec: SideSpec): Promise<void> {
  const { kind } = out;
  const n = spec.indices.length;
  const label = spec.name;
  const port = await freePort();
  const p = prefix(ctx, `storms-${label}`);
  const start = () => spec.start(port, p);
  const group = `storm-${label}`;
  let srv: Child = await start();
  try {
    const url = urlOf(srv);
    if (spec.checkSync && !(await answersSync(ctx, url))) {
      ctx.log(`${label}: the server does not answer presence:sync; storms not measured`);
      out.supported = false;
      return;
    }
    await Promise.all(ctx.loads.map((l) => l.request("watch", { group, userIds: spec.watch })));

    // Connect storm.
    const at = now() + 500;
    ctx.log(`${label}: connect storm, ${n} sockets at once${spec.subscribe ? `, each subscribing to ${spec.subscribe.length} ids` : ""}${spec.list ? ` and asking rows 0..${spec.list}` : ""}; views must show ${spec.watch.length} members active`);
    const c = await connectMany(ctx, group, url, spec.indices, { workspace: spec.workspace, sync: true, reconnect: true, at, openTimeoutMs: timeoutMs, subscribe: spec.subscribe, list: spec.list });
    await until(async () => (await progress(ctx, group)).converged >= c.connected, timeoutMs, 250);
    await sleep(1_000); // trailing batches count too
    const s1 = await stats(ctx, group);
    out.connect = {
      connected: c.connected,
      failed: c.failed,
      allConnectedMs: c.failed || s1.lastConnect === null ? null : s1.lastConnect - at,
      allActiveMs: s1.converged < n || s1.lastConverged === null ? null : s1.lastConverged - at,
      converged: s1.converged,
      msgs: summary(s1.msgs),
      syncErrors: s1.syncErrors,
      syncs: s1.syncs,
      fulls: s1.fulls,
      mismatches: s1.mismatches,
      bytes: bytesOf(s1.bytes, s1.by),
    };
    const cs = out.connect;
    ctx.log(
      `${label}: connect storm: ${cs.connected} connected (${cs.failed} failed) in ${fmt(cs.allConnectedMs)}, ${cs.converged} views all active in ${fmt(cs.allActiveMs)}; ` +
        `${cs.msgs.mean.toFixed(1)} presence messages per client (max ${cs.msgs.max}); sync answers ${cs.syncs} (${cs.fulls} full, ${cs.mismatches} digest mismatches), ${cs.syncErrors} errors${errorsBy(s1)}; ` +
        `received ${mb(cs.bytes!.total)} (${(cs.bytes!.perClient.mean / 1024).toFixed(1)} KB per client)`,
    );
    if (spec.afterConnect) await spec.afterConnect(group);
    if (!restart) return;

    // Restart storm.
    await Promise.all(ctx.loads.map((l) => l.request("resetCounts", { group })));
    await Promise.all(ctx.loads.map((l) => l.request("mark", { group })));
    const tTerm = now();
    srv.proc.kill("SIGTERM");
    const killed = await Promise.race([srv.exited.then(() => false), sleep(15_000).then(() => true)]);
    if (killed) await srv.stop("SIGKILL");
    const tExit = now();
    srv = await start();
    const tReady = now();
    if (urlOf(srv) !== url) throw new Error(`restarted server is on ${urlOf(srv)}, not ${url}`);
    ctx.log(`${label}: SIGTERM; old process gone after ${fmt(tExit - tTerm)}${killed ? " (SIGKILL after 15 s)" : ""}, new one ready after ${fmt(tReady - tTerm)}`);
    const connected = c.connected;
    await until(async () => (await progress(ctx, group)).reconverged >= connected, timeoutMs, 250);
    const bytesBack = await bytesNow(ctx, group);
    ctx.log(`${label}: all views all active again after ${fmt(now() - tTerm)}; received since SIGTERM ${mb(bytesBack.total)} (${(bytesBack.perClient.mean / 1024).toFixed(1)} KB per client)`);
    // Roster: watch on until the old instance's connections would have been reaped (restart
    // grace or liveness, + a reaper poll and margin), so a late offline would show. A restarted
    // baseline has nothing left to reap.
    const late = kind === "roster" ? tExit + Math.max(PRESENCE.livenessMs, PRESENCE.restartGraceMs) + 5_000 : 0;
    const settle = Math.max(now() + 2_000, late);
    await sleep(settle - now());
    const s2 = await stats(ctx, group);
    out.restart = {
      exitMs: tExit - tTerm,
      readyMs: tReady - tTerm,
      allReconnectedMs: s2.reconnected < connected || s2.lastReconnect === null ? null : s2.lastReconnect - tTerm,
      allActiveMs: s2.reconverged < connected || s2.lastReconverged === null ? null : s2.lastReconverged - tTerm,
      reconverged: s2.reconverged,
      clientsEver: s2.ever,
      maxClientsAtOnce: maxOverlap(s2.intervals),
      maxMembersAtOnce: s2.maxMissing,
      windowMs: now() - tTerm,
      msgs: summary(s2.msgs),
      syncErrors: s2.syncErrors,
      syncs: s2.syncs,
      fulls: s2.fulls,
      mismatches: s2.mismatches,
      killed,
      bytesBack,
      bytesWindow: bytesOf(s2.bytes, s2.by),
    };
    const rs = out.restart;
    ctx.log(
      `${label}: restart storm: ${s2.reconnected} reconnected in ${fmt(rs.allReconnectedMs)}, ${rs.reconverged} views all active again in ${fmt(rs.allActiveMs)} after SIGTERM; ` +
        `${rs.clientsEver} clients showed a member offline/away (max ${rs.maxClientsAtOnce} at once, up to ${rs.maxMembersAtOnce} members in one view); ` +
        `${rs.msgs.mean.toFixed(1)} presence messages per client; sync answers ${rs.syncs} (${rs.fulls} full, ${rs.mismatches} digest mismatches), ${rs.syncErrors} errors${errorsBy(s2)}; ` +
        `received over the ${fmt(rs.windowMs)} window ${mb(rs.bytesWindow!.total)} (${(rs.bytesWindow!.perClient.mean / 1024).toFixed(1)} KB per client)`,
    );
  } finally {
    await srv.stop();
    await closeGroup(ctx, group);
  }
}

const fmt = (ms: number | null) => (ms === null ? "never (timeout)" : `${(ms / 1000).toFixed(2)} s`);

/** `restart`: also the restart storm (row 10) after the connect storm (row 9). */
export async function stormsPhase(ctx: Ctx, n: number, restart: boolean, timeoutMs: number): Promise<StormsResult> {
  const run = async (kind: "roster" | "baseline") => {
    const out: StormSide = { kind, n, supported: true };
    try {
      await oneSide(ctx, out, restart, timeoutMs, stormSpec(ctx, kind, n));
    } catch (err) {
      out.error = err instanceof Error ? err.message : String(err);
      ctx.log(`${kind}: storms FAILED: ${out.error}`);
    }
    return out;
  };
  const baseline = await run("baseline");
  const roster = await run("roster");
  return { n, roster, baseline };
}
