// What every scenario shares: the run's Redis and database, server and load-child launchers.
import { readEnv } from "../src/env";
import { Child } from "./proc";
import type { BenchRedis } from "./redis";
import type { Database } from "./seed";

/** Production defaults from src/env.ts (environment overrides ignored on purpose). */
const defaults = readEnv({} as NodeJS.ProcessEnv);
export const PRESENCE = { graceMs: defaults.PRESENCE_GRACE_MS, livenessMs: defaults.PRESENCE_LIVENESS_MS, tickMs: 100 };

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

export function startRoster(ctx: Ctx, redisPrefix: string, name = "roster"): Promise<Child> {
  const opts = { secret: ctx.secret, redisUrl: ctx.redis.url, redisPrefix, ...PRESENCE };
  return Child.start(name, "server.ts", { BENCH_SERVER: JSON.stringify(opts), DATABASE_URL: ctx.db.url, NODE_ENV: "production" }, { gc: true });
}

export function startBaseline(ctx: Ctx, redisPrefix: string): Promise<Child> {
  const opts = { redisUrl: ctx.redisB.url, redisPrefix, tickMs: PRESENCE.tickMs };
  return Child.start("baseline", "baseline.ts", { BENCH_SERVER: JSON.stringify(opts) }, { gc: true });
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
}

/** Connects the given user indices, spread over the receiver children. */
export async function connectMany(
  ctx: Ctx,
  group: string,
  url: string,
  indices: number[],
  opts: { workspace: string; smallSlugs?: (i: number) => string; heartbeat?: boolean; spreadMs?: number; concurrency?: number },
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
        },
        600_000,
      ),
    ),
  );
  return {
    connected: results.reduce((a, r) => a + r.connected, 0),
    failed: results.reduce((a, r) => a + r.failed, 0),
    ms: Math.max(...results.map((r) => r.ms)),
  };
}

export const closeGroup = (ctx: Ctx, group: string) => Promise.all([...ctx.loads, ctx.mover].map((c) => c.request("close", { group })));
