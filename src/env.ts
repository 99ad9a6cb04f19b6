import { z } from "zod";
import { redisTarget } from "./server/redis-connect";

// Environment, validated once. Everything has a default so a fresh clone runs as is.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: 127.0.0.1 in development (this machine only), 0.0.0.0 in production. */
  HOST: z.string().optional(),
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  REDIS_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  /** A Redis Cluster instead of one Redis: "host:port,host:port" (any of its nodes; the rest are found). */
  REDIS_CLUSTER_NODES: z.string().optional().or(z.literal("").transform(() => undefined)),
  /** How instances exchange broadcasts: classic pub/sub, or sharded pub/sub (Redis 7+: SPUBLISH/SSUBSCRIBE). Default: classic on one Redis, sharded on a cluster. */
  REDIS_PUBSUB: z.enum(["classic", "sharded"]).optional().or(z.literal("").transform(() => undefined)),
  /** Prefix of Redis keys and channels. */
  REDIS_PREFIX: z.string().default("roster:"),
  DATA_DIR: z.string().default(".data"),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  /** After a user's last connection closes, offline is announced only after this long. */
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(5_000),
  /** A connection with no input for this long counts as idle. */
  PRESENCE_IDLE_MS: z.coerce.number().int().min(1_000).default(600_000),
  /** The away setting's "after a minute" choice: hidden or blurred this long makes a tab idle (tests shorten it). */
  PRESENCE_AWAY_DELAY_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /** An instance whose liveness lapses this long is reaped by the others. */
  PRESENCE_LIVENESS_MS: z.coerce.number().int().min(500).default(12_000),
  /** After a graceful shutdown, the instance's connections keep counting this long (clients reconnect). */
  PRESENCE_RESTART_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** Outgoing mail (verification, password reset, invitations), e.g. smtp://user:pass@smtp.example.com:587. Unset: mail goes to the development outbox (DATA_DIR/outbox and the log). */
  SMTP_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().default("Roster <no-reply@roster.local>"),
  /** Public URL of the app (links in emails, cookie security). Required in production. */
  NEXTAUTH_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  /** Set when a reverse proxy you run sets X-Forwarded-For/-Proto; the client address and scheme are then taken from it. */
  TRUST_PROXY: z.enum(["true", "false", "1", "0", ""]).default("").transform((v) => v === "true" || v === "1"),
  /** Bearer token for GET /metrics. Unset: /metrics is not served on the app port. */
  METRICS_TOKEN: z.string().min(16).optional().or(z.literal("").transform(() => undefined)),
  /** Serve /metrics without a token on this separate port (bind it to a private interface). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional().or(z.literal("").transform(() => undefined)),
  /** Open sockets one user may hold on one instance, and one client address. */
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(20),
  MAX_SOCKETS_PER_IP: z.coerce.number().int().min(1).default(300),
  /** Pending connections the kernel may queue for the listening socket (arrival bursts); capped by net.core.somaxconn. */
  LISTEN_BACKLOG: z.coerce.number().int().min(1).max(65535).default(4096),
  /** Multiplies every per-address throttle (many users behind one NAT). */
  IP_LIMIT_FACTOR: z.coerce.number().min(1).default(1),
  /** After SIGTERM/SIGINT, /readyz answers 503 this long before the drain starts. Unset: 5000 in production, 0 otherwise. */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).optional().or(z.literal("").transform(() => undefined)),
  /** 1: pretty (pino-pretty) logs outside production even when stdout is not a terminal; 0: JSON always. */
  LOG_PRETTY: z.enum(["0", "1", ""]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = Omit<z.infer<typeof schema>, "HOST" | "SHUTDOWN_DELAY_MS" | "REDIS_PUBSUB"> & {
  HOST: string;
  SHUTDOWN_DELAY_MS: number;
  /** Where Redis is: REDIS_URL, or the cluster of REDIS_CLUSTER_NODES (src/server/redis-connect.ts); unset: no Redis. */
  REDIS_TARGET: string | undefined;
  REDIS_PUBSUB: "classic" | "sharded";
};

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const data = parsed.data;
  const production = data.NODE_ENV === "production";
  const target = redisTarget(data.REDIS_URL, data.REDIS_CLUSTER_NODES);
  // Classic pub/sub on a cluster is broadcast to every node: not what a cluster is for.
  if (data.REDIS_CLUSTER_NODES && data.REDIS_PUBSUB === "classic") throw new Error("Invalid environment:\n  REDIS_PUBSUB: classic pub/sub is not used on a Redis Cluster; leave it unset or set sharded.");
  return {
    ...data,
    REDIS_TARGET: target,
    REDIS_PUBSUB: data.REDIS_PUBSUB ?? (data.REDIS_CLUSTER_NODES ? "sharded" : "classic"),
    HOST: data.HOST || (production ? "0.0.0.0" : "127.0.0.1"),
    SHUTDOWN_DELAY_MS: data.SHUTDOWN_DELAY_MS ?? (production ? 5_000 : 0),
  };
}

export const env = readEnv();
