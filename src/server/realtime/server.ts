import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { z } from "zod";
import { userIdFromCookieHeader } from "../session-token";
import { requireMembership } from "../services/workspaces";
import { logger } from "../logger";
import { setIo } from "../runtime";
import { RateLimiter } from "./handle";
import { registerConversationHandlers } from "./conversation-handlers";
import { memberRoom, workspaceRoom } from "./rooms";
import type { RosterServer } from "./types";

const handshakeAuth = z.object({ workspace: z.string().min(1).max(80) });

export interface RealtimeOptions {
  secret: string;
  redisUrl?: string;
}

export interface Realtime {
  io: RosterServer;
  /** Tells clients to reconnect elsewhere, then closes every socket. */
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

  const redis: Redis[] = [];
  if (opts.redisUrl) {
    const pub = new Redis(opts.redisUrl, { lazyConnect: false });
    const sub = pub.duplicate();
    redis.push(pub, sub);
    io.adapter(createAdapter(pub, sub));
  }

  // Who: the next-auth session cookie. Where: a workspace slug, checked against the database.
  io.use(async (socket, next) => {
    try {
      const userId = await userIdFromCookieHeader(socket.handshake.headers.cookie, opts.secret);
      if (!userId) return next(new Error("Unauthorized: sign in first."));
      const auth = handshakeAuth.safeParse(socket.handshake.auth);
      if (!auth.success) return next(new Error("Bad handshake: a workspace is required."));
      const membership = await requireMembership(userId, auth.data.workspace).catch(() => null);
      if (!membership) return next(new Error("Workspace not found."));
      socket.data.userId = userId;
      socket.data.workspaceId = membership.workspaceId;
      next();
    } catch (err) {
      logger.error({ err }, "socket handshake failed");
      next(new Error("Server error during connect."));
    }
  });

  io.on("connection", (socket) => {
    const { userId, workspaceId } = socket.data;
    void socket.join([workspaceRoom(workspaceId), memberRoom(workspaceId, userId)]);
    const limiter = new RateLimiter();
    registerConversationHandlers(io, socket, limiter);
  });

  setIo(io);

  return {
    io,
    async close() {
      io.local.emit("server:draining");
      io.local.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      setIo(undefined);
      await Promise.all(redis.map((r) => r.quit().catch(() => undefined)));
    },
  };
}
