// Starts real Roster realtime servers (Socket.IO + presence) on loopback for integration tests,
// and connects real socket.io-client sockets with a real next-auth session cookie.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { Redis } from "ioredis";
import { io as connectClient, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/shared/events";
import type { VisiblePresence } from "@/shared/presence";
import { getDb, setDb } from "@/server/db";
import { createRealtimeServer, type Realtime, type RealtimeOptions } from "@/server/realtime/server";

export const SECRET = "integration-test-secret-0123456789abcdef";
export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Instance {
  url: string;
  realtime: Realtime;
  http: HttpServer;
  stop(): Promise<void>;
}

export async function startInstance(opts: Partial<RealtimeOptions> = {}): Promise<Instance> {
  const http = createServer((_, res) => res.writeHead(404).end());
  const realtime = await createRealtimeServer(http, { secret: SECRET, graceMs: 300, livenessMs: 3_000, tickMs: 20, throttleConnects: false, maxSocketsPerIp: 100_000, ...opts });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { url, realtime, http, stop: () => realtime.close() };
}

/** What sessionCookie needs of a client: getDb()'s (timed) or a test's own PrismaClient. */
interface SessionRows {
  session: { create(args: { data: { userId: string; expiresAt: Date } }): PromiseLike<{ id: string }> };
}

/** A signed-in session for `userId`: a Session row and the cookie naming it. */
export async function sessionCookie(userId: string, db: SessionRows = getDb()): Promise<string> {
  const { id: sid } = await db.session.create({ data: { userId, expiresAt: new Date(Date.now() + 86_400_000) } });
  return `next-auth.session-token=${await encode({ token: { sub: userId, sid }, secret: SECRET })}`;
}

/** Connects and resolves once connected, or rejects with the server's refusal message. */
export async function connect(url: string, cookie: string | null, auth: Record<string, unknown>): Promise<TestSocket> {
  const socket: TestSocket = connectClient(url, {
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    auth,
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err) => {
      socket.close();
      reject(err);
    });
  });
  return socket;
}

/** Collects presence updates received by a socket. */
export function collect(socket: TestSocket) {
  const seen: VisiblePresence[] = [];
  socket.on("presence:updated", ({ updates }) => seen.push(...updates));
  return seen;
}

/**
 * Polls `check` (sync or async) every `intervalMs` until it holds; throws after `timeoutMs`.
 * Resolves with the time it took, for tests that assert a bound on it.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = "condition",
  intervalMs = 20,
): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return Date.now() - start;
}

/** Deletes every Redis key a test run created under its prefix. */
export async function clearRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

/** After a suite: closes its sockets, stops its instances, drops its Redis keys, then its database client. */
/** A null redisUrl: the suite's Redis is its own (a private cluster it stops), nothing to drop. */
export async function tearDown(o: { sockets: TestSocket[]; instances: (Instance | undefined)[]; redisUrl: string | null; prefix: string; closeDb: () => Promise<void> }): Promise<void> {
  for (const s of o.sockets) s.close();
  for (const i of o.instances) await i?.stop();
  if (o.redisUrl) await clearRedisPrefix(o.redisUrl, o.prefix);
  await o.closeDb();
  setDb(undefined);
}
