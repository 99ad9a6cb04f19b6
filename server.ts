// One process, one port: Next.js pages and API routes plus the Socket.IO server.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { env } from "./src/env";
import { ensureAuthSecret } from "./src/server/secret";
import { createRealtimeServer } from "./src/server/realtime/server";
import { registerCommands } from "./src/server/commands";
import { closeDb, getDb } from "./src/server/db";
import { logger } from "./src/server/logger";
import { serveMetrics } from "./src/server/metrics";
import { observeHttp } from "./src/server/http-metrics";
import { createGuard } from "./src/server/http-guard";
import { makePrivate, privateUmask } from "./src/server/private-files";
import { createHealth } from "./src/server/health";
import { createAccessLog } from "./src/server/access-log";

// Files this process creates (embedded database, secret, outbox) are the owner's alone.
privateUmask();

async function main() {
  const dev = env.NODE_ENV !== "production";
  makePrivate(env.DATA_DIR); // also fixes folders made world-readable by older versions
  const secret = ensureAuthSecret(env.DATA_DIR);
  // Production needs the public URL: the base of emailed links and what makes the session
  // cookie Secure, decided by configuration, never by a client's Host or X-Forwarded-Proto.
  if (!dev && !env.NEXTAUTH_URL) throw new Error("Set NEXTAUTH_URL to the public URL (https://…) in production.");
  // next-auth v4 takes the origin from the request only when told to trust the host.
  if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";

  // The project folder: this file runs from it under tsx, and compiled from dist/.
  const root = path.basename(import.meta.dirname) === "dist" ? path.dirname(import.meta.dirname) : import.meta.dirname;
  const app = next({ dev, dir: root, turbopack: dev });
  const handleRequest = app.getRequestHandler();
  await app.prepare();
  await getDb().$connect();

  const guard = createGuard({
    dev,
    trustProxy: env.TRUST_PROXY,
    publicUrl: env.NEXTAUTH_URL,
    metricsToken: env.METRICS_TOKEN,
    serveMetrics,
    serveHealth: (path, req, res) => health.serve(path, req, res),
  });
  const accessLog = createAccessLog(logger);
  const httpServer = createServer((req, res) => {
    observeHttp(req, res);
    accessLog(req, res); // request id (X-Request-Id), then one log line when the response ends
    guard(req, res)
      .then((verdict) => (verdict === "next" ? handleRequest(req, res) : undefined))
      .catch((err) => {
        req.log.error({ err }, "request failed before the app");
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"ok":false,"error":"Something went wrong on our side."}');
        else res.destroy();
      });
  });
  // CONNECT (a proxy request) never reaches the app; without this Node drops the connection unanswered.
  httpServer.on("connect", (_req, socket) => {
    socket.on("error", () => {});
    socket.end("HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  // Metrics without a token on their own port, for a scraper on a private network.
  const metricsServer = env.METRICS_PORT
    ? createServer((req, res) => {
        if (req.method === "GET" && req.url?.split("?")[0] === "/metrics") return void serveMetrics(req, res);
        res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      })
    : null;
  if (metricsServer) await new Promise<void>((resolve) => metricsServer.listen(env.METRICS_PORT, env.HOST, resolve));
  const realtime = await createRealtimeServer(httpServer, {
    secret,
    redisUrl: env.REDIS_TARGET,
    pubsub: env.REDIS_PUBSUB,
    redisPrefix: env.REDIS_PREFIX,
    graceMs: env.PRESENCE_GRACE_MS,
    livenessMs: env.PRESENCE_LIVENESS_MS,
    restartGraceMs: env.PRESENCE_RESTART_GRACE_MS,
  });
  // The route handlers reach the realtime server only through these commands.
  registerCommands(realtime);
  const health = createHealth({
    database: () => getDb().$queryRaw`SELECT 1`,
    redis: realtime.pingRedis,
    lastBeatAt: () => realtime.presence.liveness.lastBeatAt,
    livenessMs: env.PRESENCE_LIVENESS_MS,
  });

  // A burst of arrivals (a restart, 9:00) must queue, not be reset: Node's default backlog is 511.
  await new Promise<void>((resolve) => httpServer.listen({ port: env.PORT, host: env.HOST, backlog: env.LISTEN_BACKLOG }, resolve));
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const database = env.DATABASE_URL ? "postgres" : "pglite";
  const presence = env.REDIS_CLUSTER_NODES ? "redis cluster" : env.REDIS_URL ? "redis" : "memory";
  const url = openableUrl(env.HOST, port);
  logger.info({ url, host: env.HOST, port, database, presence }, `Roster ready on ${url} (database: ${database}, presence: ${presence})`);

  // SIGTERM/SIGINT: /readyz answers 503 at once and the instance keeps serving for
  // SHUTDOWN_DELAY_MS (the load balancer takes it out of rotation), then drains. A second
  // signal cuts the wait short.
  let stopping = false;
  let endDelay = () => {};
  const shutdown = async (signal: string) => {
    if (stopping) return endDelay();
    stopping = true;
    health.markDraining();
    const delay = env.SHUTDOWN_DELAY_MS;
    logger.info({ signal, delayMs: delay }, delay ? `shutting down: not ready; draining in ${delay} ms` : "shutting down");
    const force = setTimeout(() => process.exit(1), delay + 10_000);
    force.unref();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      endDelay = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    if (delay) logger.info("draining");
    try {
      metricsServer?.close();
      await realtime.close(); // stops accepting, tells clients to reconnect, closes sockets and the HTTP server
      await app.close?.();
      await closeDb();
    } catch (err) {
      logger.error({ err }, "error during shutdown");
    }
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** The address a person can open: a loopback or wildcard bind is reachable as localhost. */
function openableUrl(host: string, port: number): string {
  const local = ["0.0.0.0", "::", "127.0.0.1", "::1", "localhost", ""].includes(host);
  const name = local ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

main().catch((err) => {
  logger.fatal({ err }, "failed to start");
  process.exit(1);
});
