// What every scenario shares: the run's Redis and database, server and load-child launchers.
import { readEnv } from "../src/env";
import { Child } from "./proc";
import type { BenchRedis } from "./redis";
import type { Database } from "./seed";

/** Production defaults from src/env.ts (environment overrides ignored on purpose). */
const defaults = readEnv({} as NodeJS.ProcessEnv);
export const PRESENCE = { graceMs: defaults.PRESENCE_GRACE_MS, livenessMs: defaults.PRESENCE_LIVENESS_MS, restartGraceMs: (defaults as { PRESENCE_RESTART_GRACE_MS?: number }).PRESENCE_RESTART_GRACE_MS ?? 30_000, tickMs: 100 };

export interface Ctx {
  quick: boolean;
  runId: string;
  secret: string;
  /** Roster's Redis; the idle phase gives the baseline its own (redisB) so both windows run at once. */
  redis: BenchRedis;
  redisB: BenchRedis;
  db: Database;
  /** Two receiver load children and one mover. */
  loads: Child[];
  mover: Child;
  prefixes: string[];
  log(msg: string): void;
}

export function prefix(ctx: Ctx, phase: string): string {
  const p = `rbench:${ctx.runId}:${phase}:`;
  ctx.prefixes.push(p);
  return p;
}

/**
 * BENCH_CPU_PROF=dir: a V8 CPU profile of every server child (Roster and baseline), written to
 * dir/<name>/ when it exits after SIGTERM (not after SIGKILL). One file per thread; the tsx loader
 * thread writes a small one too, the big one is the server's.
 */
const cpuProf = (name: string) => (process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}/${name}`] : []);

/**
 * Rows 2-5 and 7 measure fan-out to receivers that each see every member of MAIN (10,000 members):
 * with subscriptions only sockets watching everyone do (as before subscriptions, the worst case).
 */
export const EVERYONE = { watchAllUpTo: 1e9 } as const;

/** `port`: listen there (0: any free port); `extra`: more createRealtimeServer options (e.g. watchAllUpTo). */
export function startRoster(ctx: Ctx, redisPrefix: string, name = "roster", port = 0, extra: Record<string, unknown> = {}): Promise<Child> {
  const opts = { secret: ctx.secret, redisUrl: ctx.redis.url, redisPrefix, ...PRESENCE, port, ...extra };
  return Child.start(name, "server.ts", { BENCH_SERVER: JSON.stringify(opts), DATABASE_URL: ctx.db.url, NODE_ENV: "production" }, { gc: true, execArgv: cpuProf(name) });
}

/** `members`: workspace slug -> member user indices [from, to), for full `presence:sync` answers. */
export function startBaseline(ctx: Ctx, redisPrefix: string, opts: { port?: number; members?: Record<string, [number, number]>; name?: string } = {}): Promise<Child> {
  const cfg = { redisUrl: ctx.redisB.url, redisPrefix, tickMs: PRESENCE.tickMs, port: opts.port ?? 0, members: opts.members };
  return Child.start(opts.name ?? "baseline", "baseline.ts", { BENCH_SERVER: JSON.stringify(cfg) }, { gc: true, execArgv: cpuProf(opts.name ?? "baseline") });
}

export const urlOf = (c: Child) => c.info.url as string;

/** Splits indices across the receiver children (round robin), with per-index extras. */
export function split<T>(items: T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  items.forEach((x, i) => out[i % parts]!.push(x));
  return out;
}

export const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

export interface ConnectResult {
  connected: number;
  failed: number;
  ms: number;
  /** When the last socket connected (now() clock). */
  lastConnect: number;
}

/** Connects the given user indices, spread over the receiver children. */
export async function connectMany(
  ctx: Ctx,
  group: string,
  url: string,
  indices: number[],
  opts: {
    workspace: string;
    smallSlugs?: (i: number) => string;
    heartbeat?: boolean;
    spreadMs?: number;
    concurrency?: number;
    /** Like the real client: a view kept over presence:sync and presence:updated. */
    sync?: boolean;
    /** Like the real client: reconnect by itself, sending `prev`. */
    reconnect?: boolean;
    idle?: boolean;
    /** Open every socket at once at this time (now() clock). */
    at?: number;
    openTimeoutMs?: number;
    /** Like the real client on a big workspace: `presence:subscribe` of these ids (+ itself) on every connect, before the sync. */
    subscribe?: string[];
    /** Like the real member list: `members:range` 0..list on every connect. */
    list?: number;
  },
): Promise<ConnectResult> {
  const parts = split(indices, ctx.loads.length);
  const results = await Promise.all(
    ctx.loads.map((c, j) =>
      c.request<ConnectResult>(
        "connect",
        {
          group,
          url,
          indices: parts[j],
          workspace: opts.workspace,
          smallSlugs: opts.smallSlugs ? parts[j]!.map(opts.smallSlugs) : undefined,
          heartbeat: opts.heartbeat,
          spreadMs: opts.spreadMs,
          concurrency: opts.concurrency,
          sync: opts.sync,
          reconnect: opts.reconnect,
          idle: opts.idle,
          at: opts.at,
          openTimeoutMs: opts.openTimeoutMs,
          subscribe: opts.subscribe,
          list: opts.list,
        },
        600_000,
      ),
    ),
  );
  return {
    connected: results.reduce((a, r) => a + r.connected, 0),
    failed: results.reduce((a, r) => a + r.failed, 0),
    ms: Math.max(...results.map((r) => r.ms)),
    lastConnect: Math.max(...results.map((r) => r.lastConnect)),
  };
}

/** Closes a group's sockets in every load child; never rejects (it runs in finally blocks, where it must not hide the phase's own error). */
export const closeGroup = (ctx: Ctx, group: string) =>
  Promise.all([...ctx.loads, ctx.mover].map((c) => (c.alive ? c.request("close", { group }, 60_000).catch((err: unknown) => ctx.log(`closing ${group} in ${c.name} failed: ${err instanceof Error ? err.message : String(err)}`)) : undefined)));
