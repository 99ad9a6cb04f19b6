import type { Server as HttpServer } from "node:http";
import crypto from "node:crypto";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { z } from "zod";
import { userIdFromCookieHeader } from "../session-token";
import { requireMembership } from "../services/workspaces";
import { logger } from "../logger";
import { metrics } from "../metrics";
import { setRuntime } from "../runtime";
import { MemoryPresenceStore } from "../presence/memory-store";
import { RedisPresenceStore } from "../presence/redis-store";
import { SocketPresenceEmitter } from "../presence/emitter";
import { PresenceService } from "../presence/service";
import { registerPresenceHandlers } from "../presence/handlers";
import { RateLimiter } from "./handle";
import { registerConversationHandlers } from "./conversation-handlers";
import { memberRoom, workspaceRoom } from "./rooms";
import type { RosterServer } from "./types";

const handshakeAuth = z.object({ workspace: z.string().min(1).max(80), idle: z.boolean().default(false) });

export interface RealtimeOptions {
  secret: string;
  redisUrl?: string;
  /** Prefix of every Redis key and channel, so several deployments can share one Redis. */
  redisPrefix?: string;
  graceMs: number;
  livenessMs: number;
  /** Coalescing window of presence broadcasts. */
  tickMs?: number;
}

export interface Realtime {
  io: RosterServer;
  presence: PresenceService;
  /** Tells clients to reconnect elsewhere, then closes every socket and the HTTP server. */
  close(): Promise<void>;
}

export async function createRealtimeServer(httpServer: HttpServer, opts: RealtimeOptions): Promise<Realtime> {
  const io: RosterServer = new Server(httpServer, {
    path: "/socket.io",
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 5_000,
    serveClient: false,
  });

  const prefix = opts.redisPrefix ?? "roster:";
  const redis: Redis[] = [];
  if (opts.redisUrl) {
    const pub = new Redis(opts.redisUrl);
    const sub = pub.duplicate();
    redis.push(pub, sub);
    io.adapter(createAdapter(pub, sub, { key: `${prefix}socket.io` }));
  }
  const store = opts.redisUrl
    ? new RedisPresenceStore({ redis: opts.redisUrl, prefix: `${prefix}presence:`, livenessMs: opts.livenessMs })
    : new MemoryPresenceStore({ livenessMs: opts.livenessMs });
  const emitter = new SocketPresenceEmitter(io, opts.tickMs ?? 100);
  const presence = new PresenceService({
    store,
    emitter,
    instanceId: crypto.randomUUID(),
    graceMs: opts.graceMs,
    livenessMs: opts.livenessMs,
  });
  presence.start();

  let draining = false;
  // Who: the next-auth session cookie. Where: a workspace slug, checked against the database.
  io.use(async (socket, next) => {
    try {
      if (draining) return next(new Error("Server is restarting; reconnecting elsewhere."));
      const userId = await userIdFromCookieHeader(socket.handshake.headers.cookie, opts.secret);
      if (!userId) return next(new Error("Unauthorized: sign in first."));
      const auth = handshakeAuth.safeParse(socket.handshake.auth);
      if (!auth.success) return next(new Error("Bad handshake: a workspace is required."));
      const membership = await requireMembership(userId, auth.data.workspace).catch(() => null);
      if (!membership) return next(new Error("Workspace not found."));
      socket.data.userId = userId;
      socket.data.workspaceId = membership.workspaceId;
      socket.data.idle = auth.data.idle;
      next();
    } catch (err) {
      logger.error({ err }, "socket handshake failed");
      next(new Error("Server error during connect."));
    }
  });

  io.on("connection", (socket) => {
    const { userId, workspaceId, idle } = socket.data;
    void socket.join([workspaceRoom(workspaceId), memberRoom(workspaceId, userId)]);
    const limiter = new RateLimiter();
    registerConversationHandlers(io, socket, limiter);
    registerPresenceHandlers(presence, socket, limiter);
    presence
      .connect({ connId: socket.id, userId, workspaceId, instanceId: presence.instanceId, idle })
      .catch((err: unknown) => logger.error({ err }, "presence connect failed"));
    metrics.sockets.inc();
    socket.on("disconnect", () => {
      metrics.sockets.dec();
      presence.disconnect(socket.id);
    });
  });

  setRuntime({ io, presence });

  return {
    io,
    presence,
    async close() {
      draining = true;
      io.local.emit("server:draining");
      io.local.disconnectSockets(true);
      await presence.drain(); // closing connections finish their grace period here
      presence.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      emitter.close();
      setRuntime({});
      await store.close();
      await Promise.all(redis.map((r) => r.quit().catch(() => undefined)));
    },
  };
}
