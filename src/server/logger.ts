import pino from "pino";

/**
 * Human-readable lines (pino-pretty) for a person at a terminal: never in production (JSON, one
 * object a line, for the log collector); in development when stdout is a terminal or LOG_PRETTY=1.
 * LOG_PRETTY=0 keeps JSON.
 */
export function prettyLogs(env: NodeJS.ProcessEnv, stdoutIsTty: boolean): boolean {
  if (env.NODE_ENV === "production" || env.LOG_PRETTY === "0") return false;
  return env.LOG_PRETTY === "1" || (stdoutIsTty && env.NODE_ENV !== "test");
}

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { pid: process.pid },
  ...(prettyLogs(process.env, !!process.stdout.isTTY)
    ? {
        transport: {
          target: "pino-pretty",
          // One line each; an access line's message already says method, path, status and time.
          options: { translateTime: "SYS:HH:MM:ss.l", singleLine: true, ignore: "pid,hostname,req.method,req.url,res,responseTime" },
        },
      }
    : {}),
});

/** The logger for lines about one socket: each names the socket and its user (null before sign-in is known). */
interface LazyTarget {
  socketId: string;
  userId: string | null;
  child?: pino.Logger;
}
/** One handler for every socket's logger: the pino child is made on the socket's first line. */
const lazyChild: ProxyHandler<LazyTarget> = {
  get(t, prop) {
    const c = (t.child ??= logger.child({ socketId: t.socketId, userId: t.userId }));
    const v = Reflect.get(c, prop, c) as unknown;
    return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(c) : v;
  },
};
export function socketLogger(socketId: string, userId: string | null): pino.Logger {
  // Most sockets never log a line, and a pino child costs about a kilobyte per socket.
  return new Proxy<LazyTarget>({ socketId, userId }, lazyChild) as unknown as pino.Logger;
}

const lastWarned = new Map<string, number>();

/** A warning logged at most once per `everyMs` for the same message (outages repeat themselves). */
export function warnThrottled(obj: Record<string, unknown>, msg: string, everyMs = 5_000): void {
  const now = Date.now();
  if (now - (lastWarned.get(msg) ?? 0) < everyMs) return;
  lastWarned.set(msg, now);
  logger.warn(obj, msg);
}
