// npm run bench [-- --quick] [-- --only=idle,fanout,cross,storm,crash,fetch]
// Starts a private Redis and a fresh Postgres schema, seeds users, runs every scenario against
// real Roster server processes and bare Socket.IO baselines, prints one table, writes
// bench/out/results.json, and cleans up (schema dropped, keys deleted, children stopped).
import crypto from "node:crypto";
import { execSync } from "node:child_process";
import os from "node:os";
import { Child, stopAll } from "./proc";
import { startRedis } from "./redis";
import fs from "node:fs";
import { seed, USERS_FILE } from "./seed";
import { PRESENCE, type Ctx } from "./ctx";
import { idlePhase } from "./idle";
import { fanoutPhase, crossPhase } from "./fanout";
import { stormPhase } from "./storm";
import { crashPhase } from "./crash";
import { fetchPhase } from "./fetch-phase";
import { report, type Results } from "./report";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const want = (s: string) => !only || only.includes(s);

const plan = quick
  ? { idleN: 1_000, windowMs: 15_000, churnMs: 7_500, fanoutNs: [1_000], k: 15, crashTrials: ["after-beat"] as const }
  : { idleN: 10_000, windowMs: 60_000, churnMs: 10_000, fanoutNs: [1_000, 5_000], k: 40, crashTrials: ["after-beat", "before-beat"] as const };

const started = Date.now();
/** Load average at each log line: other work on this shared machine shows up here. */
const loadTrace: { t: number; load1: number; msg: string }[] = [];
const log = (msg: string) => {
  const t = Math.round((Date.now() - started) / 1000);
  const load1 = Math.round(os.loadavg()[0]! * 100) / 100;
  loadTrace.push({ t, load1, msg: msg.slice(0, 60) });
  console.log(`[${String(t).padStart(4)} s, load ${load1.toFixed(2)}] ${msg}`);
};

const fdLimit = Number(execSync("ulimit -n", { shell: "/bin/bash" }).toString().trim());
if (fdLimit < plan.idleN + 2_000) {
  console.error(`open-file limit ${fdLimit} is too low for ${plan.idleN} sockets: run \`ulimit -n ${plan.idleN + 5_000}\` first`);
  process.exit(2);
}

const runId = `${process.pid}-${Date.now().toString(36)}`;
const secret = crypto.randomBytes(32).toString("hex");
log(`run ${runId} (${quick ? "quick" : "full"}); presence defaults ${JSON.stringify(PRESENCE)}`);
const redis = await startRedis();
const redisB = redis.private ? await startRedis() : redis;
log(`redis ${redis.url} and ${redisB.url} (${redis.private ? "private redis-servers for this run" : "shared"})`);
let ctx: Ctx | undefined;
let cleaned = false;
const cleanup = async () => {
  if (cleaned) return;
  cleaned = true;
  await stopAll();
  for (const p of ctx?.prefixes ?? []) await redis.clean(p).catch(() => undefined);
  for (const p of ctx?.prefixes ?? []) await redisB.clean(p).catch(() => undefined);
  await redis.stop().catch(() => undefined);
  if (redisB !== redis) await redisB.stop().catch(() => undefined);
  await ctx?.db.drop().catch((err: unknown) => console.error("schema drop failed", err));
  fs.rmSync(USERS_FILE, { force: true });
};
process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));
process.on("SIGTERM", () => void cleanup().finally(() => process.exit(143)));

const results: Results = { date: new Date().toISOString(), quick, command: `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`, machine: { nproc: os.availableParallelism(), memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, presence: PRESENCE, redisPrivate: redis.private, plan, wallSeconds: 0 };

try {
  const db = await seed(10_000, secret);
  log("seeded 10,000 users and memberships");
  const loads = await Promise.all([0, 1].map((i) => Child.start(`load${i}`, "load.ts", {})));
  const mover = await Child.start("mover", "load.ts", {});
  ctx = { quick, runId, secret, redis, redisB, db, loads, mover, prefixes: [], log };

  if (want("idle")) {
    results.idle = await idlePhase(ctx, plan.idleN, plan.windowMs, plan.churnMs);
  }
  if (want("fanout")) {
    results.fanout = [];
    for (const n of plan.fanoutNs) {
      results.fanout.push(await fanoutPhase(ctx, n, plan.k));
    }
  }
  if (want("cross")) results.cross = await crossPhase(ctx, 1_000, plan.k);
  if (want("storm")) results.storm = await stormPhase(ctx, 1_000, 100, 10_000);
  if (want("crash")) results.crash = await crashPhase(ctx, [...plan.crashTrials]);
  if (want("fetch")) results.fetch = await fetchPhase(ctx);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
  results.wallSeconds = Math.round((Date.now() - started) / 1000);
  results.loadTrace = loadTrace;
  report(results);
  log("done");
  process.exit(); // nothing may keep the run alive
}
