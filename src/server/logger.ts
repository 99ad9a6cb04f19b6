import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { pid: process.pid },
});

const lastWarned = new Map<string, number>();

/** A warning logged at most once per `everyMs` for the same message (outages repeat themselves). */
export function warnThrottled(obj: Record<string, unknown>, msg: string, everyMs = 5_000): void {
  const now = Date.now();
  if (now - (lastWarned.get(msg) ?? 0) < everyMs) return;
  lastWarned.set(msg, now);
  logger.warn(obj, msg);
}
