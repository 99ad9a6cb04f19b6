import type { Server as HttpServer } from "node:http";
import crypto from "node:crypto";
import { Server, type DisconnectReason } from "socket.io";
import { typingRelay } from "./typing-handlers";
import { guardShardedSubscriptions, redisAdapter, type AdapterKind } from "./adapter";
import { z } from "zod";
import { REFUSED_RESTARTING, REFUSED_UNAVAILABLE, SIGNED_OUT_REFUSAL } from "@/shared/events";
import { isMobileUserAgent } from "@/shared/device";
import { env } from "@/env";
import { sessionFromCookieHeader } from "../session-token";
import { addressKey, consume, TooManyRequests } from "../limits";
import { SessionCheck } from "./session-check";
import { sessionAdmit, sweepSessions } from "./session-guard";
import { clientAddress } from "../http-guard/client-ip";
import { forwardedHost } from "../http-guard/checks";
import { SocketCaps, socketOriginAllowed } from "./socket-guard";
import { countDisconnect, countRefusals, watchSockets } from "./socket-metrics";
import { logger, socketLogger, warnThrottled } from "../logger";
import { metrics } from "../metrics";
import type { Commands } from "../commands";
import { MemoryPresenceStore } from "../presence/memory-store";
import { failFastRedisOptions, RedisPresenceStore } from "../presence/redis-store";
import { connectRedis, pingAll, type RedisClient } from "../redis-connect";
import { SocketPresenceEmitter } from "../presence/emitter";
import { PresenceService } from "../presence/service";
import { presenceEvents } from "../presence/handlers";
import { unwatch, watchEvents, watchSelf } from "../presence/watch-handlers";
import { Watchers } from "../presence/watchers";
import { MemberLists } from "../presence/member-lists";
import { StatusService } from "../presence/status-service";
import { statusEvents } from "../presence/status-handlers";
import { DndService } from "../presence/dnd";
import { DbDirectory } from "../presence/directory";
import { UserWrites } from "../presence/user-writes";
import { loadSeeds, loadUser, writeUser } from "../presence/users";
import { eventRouter } from "../socket/router";
import { announceConversation, conversationEvents } from "./conversation-handlers";
import { messageEvents } from "./message-handlers";
import { everyoneRoom, memberRoom, userRoom, workspaceRoom } from "../socket/rooms";
import { channelEvents } from "./channel-handlers";
import type { RosterServer, RosterSocket } from "../socket/types";

/** The handshake waits this long at most for the socket's channels (then reads them once connected). */
const HANDSHAKE_CHANNELS_MS = 1_000;

const handshakeAuth = z.object({
  workspace: z.string().min(1).max(80),
  idle: z.boolean().default(false),
  prev: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().catch(undefined),
});

export interface RealtimeOptions {
  secret: string;
  /** One Redis (a redis:// URL) or a cluster ("redis+cluster://host:port,...": src/server/redis-connect.ts). */
  redisUrl?: string;
  /** How instances exchange broadcasts through Redis (default classic pub/sub; sharded needs Redis 7). */
  pubsub?: AdapterKind;
  /** Prefix of every Redis key and channel, so several deployments can share one Redis. */
  redisPrefix?: string;
  graceMs: number;
  livenessMs: number;
  /** After a graceful shutdown, this instance's connections count this long (default 30 s). */
  restartGraceMs?: number;
  /** Coalescing window of presence broadcasts. */
  tickMs?: number;
  /** Public URL (NEXTAUTH_URL); a browser's Origin must match it (else the Host header). */
  publicUrl?: string;
  trustProxy?: boolean;
  maxSocketsPerUser?: number;
  maxSocketsPerIp?: number;
  /** Throttle new connections per client address (socketConnectsIp); tests that open hundreds from loopback turn it off. */
  throttleConnects?: boolean;
  /** How often every open socket's session is looked up again (default 30 s). */
  sessionSweepMs?: number;
  /** A privileged event trusts a session answer at most this old (default 5 s). */
  sessionFreshMs?: number;
  /** Do-not-disturb sweep: its period and clock (tests move the clock by hand). */
  dndSweepMs?: number;
  dndClock?: () => number;
  /**
   * A socket that never subscribed watches every member of a workspace up to this size (as
   * before subscriptions); in a bigger one, only itself (default 1,000).
   */
  watchAllUpTo?: number;
  /** Clock of the per-socket rate limiters (tests move it by hand instead of waiting for the bucket to refill). */
  limiterClock?: () => number;
}

/** The running server; server.ts registers it as the routes' commands (registerCommands). */
export interface Realtime extends Commands {
  io: RosterServer;
  presence: PresenceService;
  /** Custom statuses: set and clear, and who is told. */
  statuses: StatusService;
  /** Mode changes with timed and scheduled do-not-disturb. */
  dnd: DndService;
  /** Tells clients to reconnect elsewhere, then closes every socket and the HTTP server. */
  close(): Promise<void>;
  /** PING through the presence store's Redis client (readiness); absent without Redis. */
  pingRedis?: () => Promise<unknown>;
}

/** Resolves when the client is connected, or after `timeoutMs` (a recovery does not wait for ever). */
function whenReady(client: RedisClient, timeoutMs = 5_000): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.once("ready", done);
  });
}

/** Logs a Redis client's errors (at most one line per 5 s each), instead of an unhandled error event. */
function watch<C extends RedisClient>(client: C, name: string): C {
  let last = 0;
  client.on("error", (err: Error) => {
    if (Date.now() - last < 5_000) return;
    last = Date.now();
    logger.warn({ err: err.message, client: name }, "redis connection error");
  });
  return client;
}

export async function createRealtimeServer(httpServer: HttpServer, opts: RealtimeOptions): Promise<Realtime> {
  const io: RosterServer = new Server(httpServer, {
    path: "/socket.io",
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 5_000,
    serveClient: false,
    // Browsers here use WebSocket only; long-polling would be one more surface to guard.
    transports: ["websocket"],
    allowRequest: (req, callback) => {
      const host = trustProxy ? (forwardedHost(req.headers["x-forwarded-host"] as string | undefined) ?? req.headers.host) : req.headers.host;
      const ok = socketOriginAllowed(req.headers.origin, host, opts.publicUrl ?? env.NEXTAUTH_URL);
      callback(ok ? null : "Cross-site connection refused.", ok);
    },
  });
  const trustProxy = opts.trustProxy ?? env.TRUST_PROXY;
  const caps = new SocketCaps(opts.maxSocketsPerUser ?? env.MAX_SOCKETS_PER_USER, opts.maxSocketsPerIp ?? env.MAX_SOCKETS_PER_IP * env.IP_LIMIT_FACTOR);
  const sessions = new SessionCheck();
  // Every open socket's session is looked up afresh this often (ended or expired: signed out).
  const sessionSweep = setInterval(() => {
    sweepSessions(io, sessions).catch((err: unknown) => warnThrottled({ err: String(err) }, "session sweep failed"));
  }, opts.sessionSweepMs ?? 30_000);
  sessionSweep.unref();

  const prefix = opts.redisPrefix ?? "roster:";
  const clients: RedisClient[] = [];
  let storeClient: RedisClient | undefined;
  /** The adapter's connections: publishing, and the subscription other instances' changes arrive by. */
  let adapterClients: { pub: RedisClient; sub: RedisClient } | undefined;
  if (opts.redisUrl) {
    // Broadcasts while Redis is down are dropped, not queued (clients resync when it is back).
    const pub = watch(connectRedis(opts.redisUrl, { enableOfflineQueue: false }), "adapter-pub");
    const publish = pub.publish.bind(pub);
    pub.publish = ((...args: Parameters<typeof publish>) => publish(...args).catch(() => 0)) as typeof pub.publish;
    const spublish = pub.spublish.bind(pub);
    pub.spublish = ((...args: Parameters<typeof spublish>) => spublish(...args).catch(() => 0)) as typeof pub.spublish;
    const sub = watch(connectRedis(opts.redisUrl), "adapter-sub");
    guardShardedSubscriptions(sub, (err) => warnThrottled({ err: String(err) }, "sharded subscription failed"));
    // No auto-pipelining: in a connect storm it sent scripts and whole-workspace reads as one
    // pipeline and commands passed their 1 s timeout (bench row 9: views active 31.6 s against
    // 18.0 s without it). Activity flips are batched by the store itself (setIdleMany).
    storeClient = watch(connectRedis(opts.redisUrl, failFastRedisOptions), "presence");
    clients.push(pub, sub, storeClient);
    adapterClients = { pub, sub };
    io.adapter(await redisAdapter(opts.pubsub ?? "classic", pub, sub, prefix));
  }
  const store = storeClient
    ? new RedisPresenceStore({ redis: storeClient, prefix: `${prefix}presence:`, livenessMs: opts.livenessMs })
    : new MemoryPresenceStore({ livenessMs: opts.livenessMs });
  const watchers = new Watchers();
  const directory = new DbDirectory();
  let lists: MemberLists | undefined = undefined;
  const emitter = new SocketPresenceEmitter(io, watchers, {
    tickMs: opts.tickMs ?? 100,
    cluster: Boolean(opts.redisUrl),
    onDeliver: (workspaceId, deliveries) => lists?.apply(workspaceId, deliveries),
    onResync: () => lists?.forget(),
  });
  const writes = new UserWrites(writeUser);
  const presence = new PresenceService({
    store,
    emitter,
    directory,
    users: { loadUser, loadSeeds },
    writes,
    instanceId: crypto.randomUUID(),
    graceMs: opts.graceMs,
    restartGraceMs: opts.restartGraceMs ?? 30_000,
    livenessMs: opts.livenessMs,
    transportReady: adapterClients ? () => Promise.all([whenReady(adapterClients!.pub), whenReady(adapterClients!.sub)]).then(() => undefined) : undefined,
  });
  const statuses = new StatusService({ presence });
  lists = new MemberLists({
    load: async (workspaceId) => {
      const view = await presence.workspaceView(workspaceId);
      const rows = new Map((await directory.members(workspaceId)).map((m) => [m.userId, m]));
      return {
        members: view.publicEntries.map((e) => {
          const m = rows.get(e.userId);
          return { userId: e.userId, name: m?.name ?? e.userId, email: m?.email, status: e.status, version: e.version };
        }),
        hidden: view.hiddenMembers(),
      };
    },
    outbox: {
      ops: (socketIds, ops, counts) => void io.local.to([...socketIds]).emit("members:ops", { ops, counts }),
      counts: (socketIds, counts) => void io.local.to([...socketIds]).emit("members:counts", counts),
      invalidated: (socketIds) => void (socketIds.length && io.local.to([...socketIds]).emit("members:invalidated")),
    },
  });
  const memberLists = lists;
  io.on("presence:deliver", (workspaceId, deliveries) => emitter.deliverLocal(workspaceId, deliveries));
  if (storeClient && storeClient.status !== "ready") {
    // Register once Redis answers (or go on after 3 s: the instance registers when it comes back).
    const client = storeClient;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3_000);
      client.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  presence.start();
  const dnd = new DndService({
    presence,
    now: opts.dndClock,
    sweepMs: opts.dndSweepMs,
  });
  dnd.start();
  if (adapterClients) {
    // ioredis subscribes again on reconnect; what other instances published meanwhile is lost.
    const { sub } = adapterClients;
    let subReady = sub.status === "ready";
    sub.on("ready", () => {
      if (subReady) presence.deliveriesBack();
      subReady = true;
    });
  }
  if (storeClient) {
    let seenReady = storeClient.status === "ready";
    storeClient.on("ready", () => {
      if (seenReady) void presence.storeBack().catch((err: unknown) => logger.warn({ err }, "presence re-registration failed"));
      seenReady = true;
    });
  }
  io.on("presence:membersChanged", (workspaceId) => {
    directory.forgetMembers(workspaceId);
    memberLists.forget(workspaceId);
  });
  const endLocalSessions = async (userId: string, sessionIds: string[] | null) => {
    sessions.forget(userId, sessionIds);
    const ids = sessionIds && new Set(sessionIds);
    for (const s of await io.local.in(userRoom(userId)).fetchSockets()) {
      if (!ids || (s.data.sessionId && ids.has(s.data.sessionId))) {
        s.emit("auth:signedOut");
        s.disconnect(true);
      }
    }
  };
  io.on("auth:sessionsEnded", (userId, sessionIds) => void endLocalSessions(userId, sessionIds));

  let draining = false;
  // Who: the next-auth session cookie. Where: a workspace slug, checked against the database.
  io.use(countRefusals(async (socket, next) => {
    let log = socketLogger(socket.id, null);
    // Refusals are routine (signed out, restarting); throttles and caps say more about load.
    const refuse = (reason: string, level: "info" | "warn" = "info") => {
      log[level]({ reason }, "socket refused");
      next(new Error(reason));
    };
    try {
      if (draining) return refuse(REFUSED_RESTARTING);
      const ip = clientAddress(socket.request.socket.remoteAddress, socket.request.headers["x-forwarded-for"], trustProxy);
      if (opts.throttleConnects !== false) {
        try {
          await consume("socketConnectsIp", ip);
        } catch (err) {
          if (err instanceof TooManyRequests) return refuse(err.message, "warn");
          throw err;
        }
      }
      const session = await sessionFromCookieHeader(socket.handshake.headers.cookie, opts.secret);
      if (!session) return refuse(SIGNED_OUT_REFUSAL);
      const { userId, sessionId } = session;
      log = socketLogger(socket.id, userId);
      const auth = handshakeAuth.safeParse(socket.handshake.auth);
      if (!auth.success) return refuse("Bad handshake: a workspace is required.");
      const alive = await sessions.alive(sessionId, userId);
      if (alive === "down") return refuse(REFUSED_UNAVAILABLE, "warn");
      if (!alive) return refuse(SIGNED_OUT_REFUSAL);
      const found = await directory.lookupConnect(userId, auth.data.workspace).catch((err: unknown) => {
        warnThrottled({ err: String(err), socketId: socket.id, userId }, "membership check failed");
        return "down" as const;
      });
      if (found === "down") return refuse(REFUSED_UNAVAILABLE, "warn");
      if (!found) return refuse("Workspace not found.");
      // Read now so the socket is in its channels' rooms before the client hears it is connected.
      // A database that fails or is slow holds no handshake: the read is tried again once connected.
      socket.data.channelIds = await channels.channelsOf(userId, found.workspaceId, HANDSHAKE_CHANNELS_MS).catch((err: unknown) => {
        warnThrottled({ err: String(err), socketId: socket.id, userId }, "channels not read at connect; tried again once connected");
        return undefined;
      });
      socket.data.ip = addressKey(ip);
      const refused = caps.admit(userId, socket.data.ip);
      if (refused) return refuse(refused, "warn");
      socket.data.userId = userId;
      socket.data.sessionId = sessionId;
      socket.data.workspaceId = found.workspaceId;
      socket.data.idle = auth.data.idle;
      socket.data.seed = found.seed;
      socket.data.prev = auth.data.prev;
      const size = (await directory.members(found.workspaceId).catch(() => null))?.length ?? Infinity;
      socket.data.watchAll = size <= (opts.watchAllUpTo ?? 1_000);
      next();
    } catch (err) {
      log.error({ err }, "socket handshake failed");
      next(new Error("Server error during connect."));
    }
  }));
  watchSockets(io);

  const typing = typingRelay(io, presence);
  const channels = channelEvents(io, memberLists);
  const attachEvents = eventRouter(
    {
      ...conversationEvents(io),
      ...channels.events,
      ...messageEvents(io),
      ...typing.events,
      ...presenceEvents(presence, dnd, watchers),
      ...watchEvents({ presence, watchers, lists: memberLists }),
      ...statusEvents(statuses),
    },
    { admit: sessionAdmit(sessions, opts.sessionFreshMs ?? 5_000), limiterClock: opts.limiterClock },
  );
  // One listener for every socket's close: it finds its socket as `this` (no closure per socket).
  function closed(this: RosterSocket, reason: DisconnectReason) {
    const { userId, ip } = this.data;
    logger.info({ socketId: this.id, userId, reason }, "socket disconnected");
    countDisconnect(reason);
    caps.release(userId, ip);
    metrics.sockets.dec();
    presence.disconnect(this.id);
    unwatch({ watchers, lists: memberLists }, this.id);
    typing.closed(this);
  }

  io.on("connection", (socket) => {
    const { userId, workspaceId, idle, seed, prev } = socket.data;
    // Routine lines through the root logger: no per-socket child logger is made for them.
    logger.info({ socketId: socket.id, userId, workspaceId }, "socket connected");
    void socket.join([workspaceRoom(workspaceId), memberRoom(workspaceId, userId), userRoom(userId)]);
    if (socket.data.watchAll) void socket.join(everyoneRoom(workspaceId));
    else watchSelf(socket);
    socket.data.joinedAt = Date.now();
    // Its channels' messages reach it from here on (the page refreshes its sidebar once connected).
    channels.connected(socket, socket.data.channelIds).catch((err: unknown) => warnThrottled({ err: String(err), socketId: socket.id, userId }, "channel rooms not joined"));
    attachEvents(socket);
    socket.on("disconnect", closed);
    presence
      .connect({ connId: socket.id, userId, workspaceId, instanceId: presence.instanceId, idle, mobile: isMobileUserAgent(socket.handshake.headers["user-agent"]) }, seed, prev)
      .catch((err: unknown) => warnThrottled({ err: String(err), socketId: socket.id, userId }, "presence connect failed; registered when the store is back"));
    // Used once, at connect.
    delete (socket.data as Partial<typeof socket.data>).seed;
    delete socket.data.prev;
    delete socket.data.channelIds;
    metrics.sockets.inc();
  });

  const membersChanged = (workspaceId: string) => {
    directory.forgetMembers(workspaceId);
    memberLists.forget(workspaceId);
    if (opts.redisUrl) io.serverSideEmit("presence:membersChanged", workspaceId);
    io.to(workspaceRoom(workspaceId)).emit("workspace:membersChanged");
  };
  const pingClient = storeClient;
  const realtime: Realtime = {
    io,
    presence,
    statuses,
    dnd,
    ...(pingClient ? { pingRedis: () => pingAll(pingClient) } : {}),
    membersChanged,
    memberCounts: (workspaceId, viewerId) => memberLists.counts(workspaceId, viewerId),
    firstPaint: async (workspaceId, viewerId, rows, watched, alsoIds) => {
      const page = await memberLists.peek(workspaceId, viewerId, 0, rows);
      const ids = new Set([viewerId, ...page.rows.slice(0, watched).map((r) => r.userId), ...alsoIds]);
      return { page, sync: await presence.syncWatched(workspaceId, viewerId, {}, ids) };
    },
    memberRemoved: (workspaceId, userId) => {
      io.in(memberRoom(workspaceId, userId)).disconnectSockets(true);
      membersChanged(workspaceId);
    },
    sessionsEnded: (userId, sessionIds) => {
      if (sessionIds?.length === 0) return;
      void endLocalSessions(userId, sessionIds);
      if (opts.redisUrl) io.serverSideEmit("auth:sessionsEnded", userId, sessionIds);
    },
    conversationCreated: (workspaceId, creator, opened) => announceConversation(io, workspaceId, creator, opened),
    channelJoined: channels.joined,
    channelLeft: channels.left,
    channelUpdated: channels.updated,
    // The user's room spans instances (through the adapter), like presence:me.
    awaySettingChanged: (userId, awayAfter) => void io.to(userRoom(userId)).emit("presence:awayUpdated", { awayAfter }),
    async close() {
      draining = true;
      clearInterval(sessionSweep);
      dnd.stop();
      io.local.emit("server:draining");
      io.local.disconnectSockets(true);
      await presence.drain(); // connections keep counting for the restart grace period
      presence.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      emitter.close();
      memberLists.close();
      await store.close();
      await Promise.all(clients.map((r) => r.quit().catch(() => r.disconnect())));
    },
  };
  return realtime;
}
