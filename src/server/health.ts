import type { IncomingMessage, ServerResponse } from "node:http";
import { warnThrottled } from "./logger";

// GET /healthz and /readyz, served by server.ts before Next (no auth, nothing sensitive).
// /healthz: the process is up and serving HTTP; it asks no dependency.
// /readyz: the database, Redis, this instance's presence liveness and whether it is draining;
// 200 when all are fine, 503 otherwise. The load balancer's health check points here.

export type CheckStatus = "ok" | "failing" | "not used";

export interface Check {
  status: CheckStatus;
  /** How long the dependency took to answer (or to be given up on). */
  latencyMs?: number;
  /** A generic reason; the details (addresses, messages) go to the log only. */
  error?: string;
}

export interface PresenceCheck extends Check {
  /** Time since this instance's last successful liveness heartbeat; null before the first. */
  lastBeatAgoMs: number | null;
}

export interface Readiness {
  ok: boolean;
  draining: boolean;
  checks: { database: Check; redis: Check; presence: PresenceCheck };
}

export const HEALTH_PATHS = ["/healthz", "/readyz"] as const;
export type HealthPath = (typeof HEALTH_PATHS)[number];
export const isHealthPath = (path: string): path is HealthPath => (HEALTH_PATHS as readonly string[]).includes(path);

/**
 * The presence liveness check: fine while this instance's heartbeat succeeded within the
 * liveness period (the others reap an instance silent longer than that).
 */
export function presenceCheck(lastBeatAt: number | null, livenessMs: number, now: number): PresenceCheck {
  if (lastBeatAt === null) return { status: "failing", lastBeatAgoMs: null, error: "no successful heartbeat yet" };
  const ago = Math.max(0, now - lastBeatAt);
  if (ago > livenessMs) return { status: "failing", lastBeatAgoMs: ago, error: "heartbeat lapsed" };
  return { status: "ok", lastBeatAgoMs: ago };
}

/** The verdict: ready only when no check is failing and the instance is not draining. */
export function readinessVerdict(checks: Readiness["checks"], draining: boolean): { status: 200 | 503; body: Readiness } {
  const ok = !draining && Object.values(checks).every((c) => c.status !== "failing");
  return { status: ok ? 200 : 503, body: { ok, draining, checks } };
}

/**
 * Runs one dependency probe with a timeout. The answer says only "ok", "timed out" or "error";
 * the error itself is logged (at most once per 5 s per check).
 */
export async function probe(name: string, fn: () => PromiseLike<unknown>, timeoutMs: number, now: () => number = Date.now): Promise<Check> {
  const start = now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const answer = await Promise.race([Promise.resolve().then(fn), timeout]);
    const latencyMs = now() - start;
    if (answer === "timeout") {
      warnThrottled({ check: name, timeoutMs }, `readiness: ${name} did not answer in time`);
      return { status: "failing", latencyMs, error: `no answer within ${timeoutMs} ms` };
    }
    return { status: "ok", latencyMs };
  } catch (err) {
    warnThrottled({ check: name, err: String(err) }, `readiness: ${name} check failed`);
    return { status: "failing", latencyMs: now() - start, error: "error" };
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthOptions {
  /** A trivial query (SELECT 1) through the app's database client. */
  database: () => PromiseLike<unknown>;
  /** PING through the app's Redis client; absent when REDIS_URL is not set. */
  redis?: () => PromiseLike<unknown>;
  /** When this instance's liveness heartbeat last succeeded (ms), null before the first. */
  lastBeatAt: () => number | null;
  livenessMs: number;
  /** Per dependency; default 1 s. */
  timeoutMs?: number;
  now?: () => number;
}

export interface Health {
  /** From now on /readyz answers 503 (SIGTERM: the load balancer takes the instance out). */
  markDraining(): void;
  readonly draining: boolean;
  readiness(): Promise<{ status: 200 | 503; body: Readiness }>;
  /** Answers GET or HEAD of /healthz or /readyz. */
  serve(path: HealthPath, req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export function createHealth(opts: HealthOptions): Health {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 1_000;
  let draining = false;

  const readiness = async () => {
    const [database, redis] = await Promise.all([
      probe("database", opts.database, timeoutMs, now),
      opts.redis ? probe("redis", opts.redis, timeoutMs, now) : Promise.resolve<Check>({ status: "not used" }),
    ]);
    const presence = presenceCheck(opts.lastBeatAt(), opts.livenessMs, now());
    return readinessVerdict({ database, redis, presence }, draining);
  };

  return {
    markDraining() {
      draining = true;
    },
    get draining() {
      return draining;
    },
    readiness,
    async serve(path, _req, res) {
      const { status, body } = path === "/healthz" ? { status: 200, body: { ok: true } } : await readiness();
      const json = JSON.stringify(body);
      // HEAD: Node sends the headers and drops the body.
      res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(json),
        "cache-control": "no-store",
      });
      res.end(json);
    },
  };
}
