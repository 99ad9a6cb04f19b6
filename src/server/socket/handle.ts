import * as z from "zod/mini";
import "@/shared/zod";
import type { Ack, AckResult } from "@/shared/events";
import { firstError } from "@/shared/schemas";
import { unstorableText } from "@/shared/text";
import type { Logger } from "pino";
import { AppError, isBadInput } from "../errors";

export interface RateLimiterOptions {
  /** Tokens added per second (default 20). */
  perSecond?: number;
  /** Bucket size: the most events in one burst (default 40). */
  burst?: number;
  /** The clock, in ms (default Date.now; tests move it by hand). */
  now?: () => number;
}

/** Token bucket per socket: bounds floods without punishing normal bursts. */
export class RateLimiter {
  private readonly perSecond: number;
  private readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private last: number;
  constructor(opts: RateLimiterOptions = {}) {
    this.perSecond = opts.perSecond ?? 20;
    this.burst = opts.burst ?? 40;
    this.now = opts.now ?? Date.now;
    this.tokens = this.burst;
    this.last = this.now();
  }
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** One socket's handler context: its rate limit, and its logger (every line names socketId and userId). */
export interface SocketContext {
  limiter: RateLimiter;
  log: Logger;
}

/**
 * Runs one event: rate limit, zod validation, and an ack of `{ ok, data | error }`.
 * Every string that passed the schema is checked once more against what no text may hold (NUL,
 * lone surrogates), so a schema without the text rule still cannot send them to the database.
 * It never throws; unexpected errors are logged (on the socket's logger, made only then) and
 * answered with a generic message.
 */
export async function answer<S extends z.core.$ZodType, T>(
  limiter: RateLimiter,
  log: () => Logger,
  schema: S,
  fn: (input: z.infer<S>) => Promise<T> | T,
  payload: unknown,
  ack?: unknown,
): Promise<void> {
  const reply: Ack<T> = typeof ack === "function" ? (ack as Ack<T>) : () => {};
  const send = (r: AckResult<T>) => {
    try {
      reply(r);
    } catch (err) {
      log().warn({ err }, "ack failed");
    }
  };
  if (!limiter.take()) return send({ ok: false, error: "Too many requests; slow down." });
  const parsed = z.safeParse(schema, payload);
  if (!parsed.success) return send({ ok: false, error: firstError(parsed.error) });
  const bad = unstorableText(parsed.data);
  if (bad) return send({ ok: false, error: bad });
  try {
    send({ ok: true, data: await fn(parsed.data) });
  } catch (err) {
    if (err instanceof AppError) return send({ ok: false, error: err.message });
    if (isBadInput(err)) return send({ ok: false, error: "The request has an invalid value." });
    log().error({ err }, "socket handler failed");
    send({ ok: false, error: "Something went wrong on our side." });
  }
}

/** One event handler with its own limiter and logger (tests; sockets go through the event router). */
export function handle<S extends z.core.$ZodType, T>({ limiter, log }: SocketContext, schema: S, fn: (input: z.infer<S>) => Promise<T> | T) {
  return (payload: unknown, ack?: unknown) => answer(limiter, () => log, schema, fn, payload, ack);
}
