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
// Baseline: the same clients against bare Socket.IO (baseline.ts: announces each connect to the
// room, answers presence:sync with a same-sized snapshot; a restarted baseline knows nobody, so
// members not yet back are offline in its snapshots). Baseline first, then Roster.
import type { Child } from "./proc";
import { closeGroup, connectMany, PRESENCE, prefix, range, startBaseline, startRoster, urlOf, type Ctx } from "./ctx";
import { now, sleep, summary, until, type Summary } from "./metrics";
import { freePort } from "./redis";
import { MAIN, STORM, userId } from "./seed";

export interface StormSide {
  kind: "roster" | "baseline";
  n: number;
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
  syncs: number;
  fulls: number;
  mismatches: number;
};
type Progress = Pick<Stats, "sockets" | "connected" | "converged" | "reconnected" | "reconverged" | "ever">;

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
    syncs: sum("syncs"),
    fulls: sum("fulls"),
    mismatches: sum("mismatches"),
  };
}

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

/** Fills `out` as it goes, so a failure keeps what was measured. */
async function oneSide(ctx: Ctx, out: StormSide, restart: boolean, timeoutMs: number): Promise<void> {
  const { kind, n } = out;
  const port = await freePort();
  const p = prefix(ctx, `storms-${kind}`);
  const start = () => (kind === "roster" ? startRoster(ctx, p, "roster", port) : startBaseline(ctx, p, { port, members: { [STORM]: [0, n] } }));
  const group = `storm-${kind}`;
  let srv: Child = await start();
  try {
    const url = urlOf(srv);
    if (kind === "roster" && !(await answersSync(ctx, url))) {
      ctx.log(`${kind}: the server does not answer presence:sync; storms not measured`);
      out.supported = false;
      return;
    }
    await Promise.all(ctx.loads.map((l) => l.request("watch", { group, userIds: range(0, n).map(userId) })));

    // Connect storm.
    const at = now() + 500;
    ctx.log(`${kind}: connect storm, ${n} sockets at once`);
    const c = await connectMany(ctx, group, url, range(0, n), { workspace: STORM, sync: true, reconnect: true, at, openTimeoutMs: timeoutMs });
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
    };
    const cs = out.connect;
    ctx.log(
      `${kind}: connect storm: ${cs.connected} connected (${cs.failed} failed) in ${fmt(cs.allConnectedMs)}, ${cs.converged} views all active in ${fmt(cs.allActiveMs)}; ` +
        `${cs.msgs.mean.toFixed(1)} presence messages per client (max ${cs.msgs.max}); sync answers ${cs.syncs} (${cs.fulls} full, ${cs.mismatches} digest mismatches), ${cs.syncErrors} errors`,
    );
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
    ctx.log(`${kind}: SIGTERM; old process gone after ${fmt(tExit - tTerm)}${killed ? " (SIGKILL after 15 s)" : ""}, new one ready after ${fmt(tReady - tTerm)}`);
    const connected = c.connected;
    await until(async () => (await progress(ctx, group)).reconverged >= connected, timeoutMs, 250);
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
    };
    const rs = out.restart;
    ctx.log(
      `${kind}: restart storm: ${s2.reconnected} reconnected in ${fmt(rs.allReconnectedMs)}, ${rs.reconverged} views all active again in ${fmt(rs.allActiveMs)} after SIGTERM; ` +
        `${rs.clientsEver} clients showed a member offline/away (max ${rs.maxClientsAtOnce} at once, up to ${rs.maxMembersAtOnce} members in one view); ` +
        `${rs.msgs.mean.toFixed(1)} presence messages per client; sync answers ${rs.syncs} (${rs.fulls} full, ${rs.mismatches} digest mismatches), ${rs.syncErrors} errors`,
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
      await oneSide(ctx, out, restart, timeoutMs);
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
