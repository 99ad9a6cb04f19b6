// Child process: the baseline, a bare Socket.IO server with the same options as Roster's.
// - joins each socket to its workspace room (no auth beyond the handshake's userId/workspace);
// - design card: SET presence:<user> PX 60000 on connect, and, once armed, the same SET per
//   socket every 30 s (the design-card heartbeat: one Redis write per socket per 30 s);
// - presence:activity: ack, then io.to(room).emit of a presence:updated of the same shape as
//   Roster's, with the same leading-edge + tick coalescing (so fan-out volume is the same).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { Redis } from "ioredis";
import { serve } from "./proc";
import { eldStart, eldStop, heapAfterGc, slicePause, sliceRead, sliceReset, sliceResume } from "./heap";

const opts = JSON.parse(process.env.BENCH_SERVER ?? "{}") as { redisUrl: string; redisPrefix: string; tickMs: number };
const TTL_MS = 60_000;
const BEAT_MS = 30_000;

const http = createServer((_, res) => res.writeHead(404).end());
const io = new Server(http, { path: "/socket.io", maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 5_000, serveClient: false });
const redis = new Redis(opts.redisUrl);
const key = (userId: string) => `${opts.redisPrefix}presence:${userId}`;
const beats = new Map<string, NodeJS.Timeout>();
let armed = false;

type Update = { userId: string; status: string; lastSeenAt: string | null };
const pending = new Map<string, Map<string, Update>>();
const timers = new Map<string, NodeJS.Timeout>();
function toRoom(room: string, update: Update) {
  if (!timers.has(room)) {
    io.to(room).emit("presence:updated", { updates: [update] });
    return arm(room);
  }
  let batch = pending.get(room);
  if (!batch) pending.set(room, (batch = new Map()));
  batch.set(update.userId, update);
}
function arm(room: string) {
  timers.set(
    room,
    setTimeout(() => {
      timers.delete(room);
      const batch = pending.get(room);
      if (!batch?.size) return;
      pending.delete(room);
      io.to(room).emit("presence:updated", { updates: [...batch.values()] });
      arm(room);
    }, opts.tickMs),
  );
}

function beat(socketId: string, userId: string, firstMs: number) {
  const t = setTimeout(() => {
    void redis.set(key(userId), "1", "PX", TTL_MS);
    beats.set(socketId, setInterval(() => void redis.set(key(userId), "1", "PX", TTL_MS), BEAT_MS));
  }, firstMs);
  beats.set(socketId, t);
}

io.use((socket, next) => {
  const a = socket.handshake.auth as { userId?: unknown; workspace?: unknown };
  if (typeof a.userId !== "string" || typeof a.workspace !== "string") return next(new Error("Bad handshake"));
  socket.data = { userId: a.userId, room: `ws:${a.workspace}` };
  next();
});

io.on("connection", (socket) => {
  const { userId, room } = socket.data as { userId: string; room: string };
  void socket.join(room);
  void redis.set(key(userId), "1", "PX", TTL_MS);
  if (armed) beat(socket.id, userId, BEAT_MS);
  socket.on("presence:activity", (p: { idle?: unknown }, ack?: unknown) => {
    const idle = p?.idle === true;
    if (typeof ack === "function") ack({ ok: true, data: { idle } });
    toRoom(room, { userId, status: idle ? "away" : "active", lastSeenAt: null });
  });
  socket.on("presence:heartbeat", (p: { idle?: unknown }, ack?: unknown) => {
    if (typeof ack === "function") ack({ ok: true, data: { serverTime: new Date().toISOString() } });
  });
  socket.on("disconnect", () => {
    clearTimeout(beats.get(socket.id));
    beats.delete(socket.id);
    void redis.del(key(userId));
  });
});

await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", 2048, resolve));
const port = (http.address() as AddressInfo).port;
process.on("SIGTERM", () => process.exit(0));

serve(
  {
    heap: heapAfterGc,
    eldStart,
    eldStop,
    sliceReset,
    sliceResume,
    slicePause,
    sliceRead,
    clients: () => io.engine.clientsCount,
    /** Starts the 30 s per-socket heartbeat writes, each socket at a random phase. */
    arm: () => {
      armed = true;
      for (const [id, s] of io.of("/").sockets) beat(id, (s.data as { userId: string }).userId, Math.random() * BEAT_MS);
      return beats.size;
    },
  },
  { url: `http://127.0.0.1:${port}` },
);
