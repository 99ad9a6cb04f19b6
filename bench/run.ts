// npm run bench [-- --quick] [-- --only=idle,fanout,cross,storm,crash,fetch,connect,restart,saturation,scale,subscribed,cluster]
// Starts a private Redis and a fresh Postgres schema, seeds users, runs every scenario against
// real Roster server processes and bare Socket.IO baselines, prints one table, writes
// bench/out/results.json, and cleans up (schema dropped, keys deleted, children stopped).
// A phase that fails (an error, or its time limit) is recorded as failed in the table and the
// next phases still run; an uncaught error anywhere is logged and the run goes on to cleanup.
import crypto from "node:crypto";
import { execSync } from "node:child_process";
import os from "node:os";
import { Child, stopAll } from "./proc";
import { startRedis, type BenchRedis } from "./redis";
import fs from "node:fs";
import { SAT, seed, STORM, USERS_FILE, type Database } from "./seed";
import { PRESENCE, type Ctx } from "./ctx";
import { idlePhase } from "./idle";
import { fanoutPhase, crossPhase } from "./fanout";
import { stormPhase } from "./storm";
import { crashPhase } from "./crash";
import { fetchPhase } from "./fetch-phase";
import { stormsPhase } from "./storms";
import { saturationPhase } from "./saturation";
import { scalePhase } from "./scale";
import { subscribedPhase } from "./storm-sub";
import { clusterPhase } from "./cluster";
import { report, type Results } from "./report";

const PHASES = ["idle", "fanout", "cross", "storm", "crash", "fetch", "connect", "restart", "saturation", "scale", "subscribed", "cluster"];
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const unknown = only?.filter((p) => !PHASES.includes(p));
if (unknown?.length) {
  console.error(`unknown phase(s) ${unknown.join(", ")}; known: ${PHASES.join(", ")}`);
  process.exit(2);
}
const want = (s: string) => !only || only.includes(s);

const plan = quick
  ? { idleN: 1_000, windowMs: 15_000, churnMs: 7_500, fanoutNs: [1_000], k: 15, crashTrials: ["after-beat"] as const, stormN: 300, stormTimeoutMs: 60_000, satN: 300, satRates: [100, 200, 400, 800], satStepMs: 3_000, scale: { n: 20_000, smallN: 5_000, viewers: 500, probes: 100, oldProbes: 10, scrolls: 300, rows: 60, watchers: 10, changes: 6 }, sub: { members: 20_000, clients: 500, todayClients: 100, watched: 60, list: 200, timeoutMs: 180_000 }, cluster: { n: 400, stormN: 400 } }
  : { idleN: 10_000, windowMs: 60_000, churnMs: 10_000, fanoutNs: [1_000, 5_000], k: 40, crashTrials: ["after-beat", "before-beat"] as const, stormN: 2_000, stormTimeoutMs: 120_000, satN: 1_000, satRates: [100, 200, 400, 800, 1_600, 2_400, 3_200], satStepMs: 5_000, scale: { n: 50_000, smallN: 5_000, viewers: 2_000, probes: 200, oldProbes: 20, scrolls: 1_000, rows: 60, watchers: 10, changes: 10 }, sub: { members: 20_000, clients: 2_000, todayClients: 200, watched: 60, list: 200, timeoutMs: 180_000 }, cluster: { n: 1_000, stormN: 2_000 } };
// Overrides for trying the new rows at other sizes (recorded in results.json with the plan).
const env = process.env;
if (env.BENCH_IDLE_N) plan.idleN = Number(env.BENCH_IDLE_N);
if (env.BENCH_IDLE_WINDOW_MS) plan.windowMs = Number(env.BENCH_IDLE_WINDOW_MS);
if (env.BENCH_STORM_N) plan.stormN = Number(env.BENCH_STORM_N);
if (env.BENCH_SAT_N) plan.satN = Number(env.BENCH_SAT_N);
if (env.BENCH_SAT_RATES) plan.satRates = env.BENCH_SAT_RATES.split(",").map(Number);
if (env.BENCH_SAT_STEP_MS) plan.satStepMs = Number(env.BENCH_SAT_STEP_MS);
if (env.BENCH_SCALE_N) plan.scale.n = Number(env.BENCH_SCALE_N);
if (env.BENCH_SCALE_SMALL_N) plan.scale.smallN = Number(env.BENCH_SCALE_SMALL_N);
if (env.BENCH_SCALE_VIEWERS) plan.scale.viewers = Number(env.BENCH_SCALE_VIEWERS);
if (env.BENCH_SCALE_PROBES) plan.scale.probes = Number(env.BENCH_SCALE_PROBES);
if (env.BENCH_SCALE_SCROLLS) plan.scale.scrolls = Number(env.BENCH_SCALE_SCROLLS);
if (env.BENCH_STORM_SUB_MEMBERS) plan.sub.members = Number(env.BENCH_STORM_SUB_MEMBERS);
if (env.BENCH_STORM_SUB_CLIENTS) plan.sub.clients = Number(env.BENCH_STORM_SUB_CLIENTS);
if (env.BENCH_STORM_SUB_TODAY_CLIENTS) plan.sub.todayClients = Number(env.BENCH_STORM_SUB_TODAY_CLIENTS);
if (env.BENCH_STORM_SUB_LIST) plan.sub.list = Number(env.BENCH_STORM_SUB_LIST);

const started = Date.now();
/** Load average at each log line: other work on this shared machine shows up here. */
const loadTrace: { t: number; load1: number; msg: string }[] = [];
const log = (msg: string) => {
  const t = Math.round((Date.now() - started) / 1000);
  const load1 = Math.round(os.loadavg()[0]! * 100) / 100;
  loadTrace.push({ t, load1, msg: msg.slice(0, 60) });
  console.log(`[${String(t).padStart(4)} s, load ${load1.toFixed(2)}] ${msg}`);
};
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

// Nothing uncaught ends a run: log it; the phase it belongs to fails by its own error or time limit.
process.on("unhandledRejection", (err) => console.error("[bench] unhandled rejection (run goes on):", err));
process.on("uncaughtException", (err) => console.error("[bench] uncaught exception (run goes on):", err));

const fdLimit = Number(execSync("ulimit -n", { shell: "/bin/bash" }).toString().trim());
const fdNeed = Math.max(plan.idleN, plan.stormN, want("scale") ? plan.scale.viewers + plan.scale.probes + 100 : 0, want("subscribed") ? plan.sub.clients : 0) + 2_000;
if (fdLimit < fdNeed) {
  console.error(`open-file limit ${fdLimit} is too low for ${fdNeed - 2_000} sockets: run \`ulimit -n ${fdNeed + 3_000}\` first`);
  process.exit(2);
}

const runId = `${process.pid}-${Date.now().toString(36)}`;
const secret = crypto.randomBytes(32).toString("hex");
const results: Results = {
  date: new Date().toISOString(),
  quick,
  command: `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`,
  machine: { nproc: os.availableParallelism(), memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  presence: PRESENCE,
  redisPrivate: false,
  plan,
  wallSeconds: 0,
  failures: [],
};

let redis: BenchRedis | undefined;
let redisB: BenchRedis | undefined;
let db: Database | undefined;
let ctx: Ctx | undefined;
let cleaned: Promise<void> | undefined;
/** Every step runs even if an earlier one failed; each is bounded in time. */
const cleanup = () =>
  (cleaned ??= (async () => {
    const step = async (what: string, fn: () => Promise<unknown>, ms = 60_000) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), ms)))]);
      } catch (err) {
        console.error(`[bench] cleanup: ${what} failed: ${message(err)}`);
      } finally {
        clearTimeout(timer);
      }
    };
    await step("stopping children", () => stopAll());
    for (const r of new Set([redis, redisB])) {
      if (!r) continue;
      for (const p of ctx?.prefixes ?? []) await step(`deleting ${p}* keys`, () => r.clean(p));
      await step("stopping redis", () => r.stop());
    }
    if (db) await step("dropping the Postgres schema", () => db!.drop());
    try {
      fs.rmSync(USERS_FILE, { force: true });
    } catch (err) {
      console.error(`[bench] cleanup: removing ${USERS_FILE} failed: ${message(err)}`);
    }
  })());
process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));
process.on("SIGTERM", () => void cleanup().finally(() => process.exit(143)));

/** After a failed phase: stop its servers, close every socket, and replace dead load children. */
async function recover(c: Ctx): Promise<void> {
  await stopAll([...c.loads, c.mover]);
  await Promise.all([...c.loads, c.mover].map((l) => l.request("close", {}, 60_000).catch(() => undefined)));
  await heal(c);
}

/** Replaces load children that died (before every phase, and after a failed one). */
async function heal(c: Ctx): Promise<void> {
  for (let i = 0; i < c.loads.length; i++) {
    if (c.loads[i]!.alive) continue;
    log(`load${i} died: starting a new one`);
    await c.loads[i]!.stop("SIGKILL");
    c.loads[i] = await Child.start(`load${i}`, "load.ts", {});
  }
  if (!c.mover.alive) {
    log("mover died: starting a new one");
    await c.mover.stop("SIGKILL");
    c.mover = await Child.start("mover", "load.ts", {});
  }
}

/** Runs one phase; a failure (or its time limit) is recorded, then the harness recovers. */
async function phase<T>(name: string, limitMs: number, fn: () => Promise<T>): Promise<T | undefined> {
  const c = ctx!;
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await heal(c);
  } catch (err) {
    log(`phase ${name} not run: the load children could not be restarted: ${message(err)}`);
    results.failures!.push({ phase: name, error: `not run: ${message(err)}` });
    return undefined;
  }
  const run = fn();
  try {
    return await Promise.race([run, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`time limit of ${Math.round(limitMs / 1000)} s reached`)), limitMs)))]);
  } catch (err) {
    log(`phase ${name} FAILED after ${Math.round((Date.now() - t0) / 1000)} s: ${message(err)}`);
    results.failures!.push({ phase: name, error: message(err) });
    await recover(c).catch((e: unknown) => log(`recovery after ${name} failed: ${message(e)}`));
    // The phase's own cleanup (its finally) runs now that its servers are gone; wait a little for it.
    await Promise.race([run.catch(() => undefined), new Promise((r) => setTimeout(r, 30_000))]);
    await Promise.all([...c.loads, c.mover].map((l) => l.request("close", {}, 60_000).catch(() => undefined)));
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

try {
  log(`run ${runId} (${quick ? "quick" : "full"}); presence defaults ${JSON.stringify(PRESENCE)}`);
  redis = await startRedis();
  redisB = redis.private ? await startRedis() : redis;
  results.redisPrivate = redis.private;
  log(`redis ${redis.url} and ${redisB.url} (${redis.private ? "private redis-servers for this run" : "shared"})`);
  const seeded = await seed(10_000, secret, { [STORM]: plan.stormN, [SAT]: plan.satN }, (d) => (db = d));
  db = seeded;
  log(`seeded 10,000 users and memberships (+ ${STORM}: ${plan.stormN}, ${SAT}: ${plan.satN})`);
  const loads = await Promise.all([0, 1].map((i) => Child.start(`load${i}`, "load.ts", {})));
  const mover = await Child.start("mover", "load.ts", {});
  ctx = { quick, runId, secret, redis, redisB, db: seeded, loads, mover, prefixes: [], log };
  const c = ctx;
  const min = 60_000;

  if (want("idle")) results.idle = await phase("idle", 20 * min, () => idlePhase(c, plan.idleN, plan.windowMs, plan.churnMs));
  if (want("fanout")) {
    results.fanout = [];
    for (const n of plan.fanoutNs) {
      const r = await phase(`fanout-${n}`, 10 * min, () => fanoutPhase(c, n, plan.k));
      if (r) results.fanout.push(r);
    }
  }
  if (want("cross")) results.cross = await phase("cross", 10 * min, () => crossPhase(c, 1_000, plan.k));
  if (want("storm")) results.storm = await phase("storm", 5 * min, () => stormPhase(c, 1_000, 100, 10_000));
  if (want("crash")) results.crash = await phase("crash", 10 * min, () => crashPhase(c, [...plan.crashTrials]));
  if (want("fetch")) results.fetch = await phase("fetch", 10 * min, () => fetchPhase(c));
  if (want("connect") || want("restart")) {
    const r = await phase(want("restart") ? "connect+restart" : "connect", 15 * min, () => stormsPhase(c, plan.stormN, want("restart"), plan.stormTimeoutMs));
    if (r) results.storms = { ...r, restartWanted: want("restart") };
    if (r?.roster.error || r?.baseline.error) process.exitCode = 1; // shown as failed in rows 9/10
  }
  if (want("saturation")) results.saturation = await phase("saturation", 15 * min, () => saturationPhase(c, plan.satN, plan.satRates, plan.satStepMs));
  if (want("scale")) results.scale = await phase("scale", 15 * min, () => scalePhase(c, plan.scale));
  if (want("subscribed")) results.subscribed = await phase("subscribed", 15 * min, () => subscribedPhase(c, plan.sub));
  if (want("cluster")) results.cluster = await phase("cluster", 10 * min, () => clusterPhase(c, plan.cluster.n, plan.k, plan.cluster.stormN));
} catch (err) {
  log(`setup FAILED: ${message(err)}`);
  results.failures!.push({ phase: "setup", error: message(err) });
  process.exitCode = 1;
} finally {
  await cleanup();
  results.wallSeconds = Math.round((Date.now() - started) / 1000);
  results.loadTrace = loadTrace;
  try {
    report(results);
  } catch (err) {
    console.error("[bench] report failed:", err);
    process.exitCode = 1;
  }
  if (results.failures?.length) process.exitCode = 1;
  log("done");
  process.exit(); // nothing may keep the run alive
}
