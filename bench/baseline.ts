// Child process: the baseline, a bare Socket.IO server with the same options as Roster's.
// - joins each socket to its workspace room (no auth beyond the handshake's userId/workspace);
// - design card: SET presence:<user> PX 60000 on connect, and, once armed, the same SET per
//   socket every 30 s (the design-card heartbeat: one Redis write per socket per 30 s);
// - presence:activity: ack, then (when the socket's activity changed) io.to(room).emit of a
//   presence:updated of the same shape as Roster's (with a version), with the same leading-edge
//   + tick coalescing (so fan-out volume is the same);
// - on connect it announces the user active to the room (the same coalescing), and offline when
//   the user's last socket in the room goes;
// - presence:sync: answers a full snapshot of the same size as Roster's (every member of the
//   workspace when the run told it the member list, else every user seen in the room), whatever
//   the request; members it has not seen since it started are offline. Versions are taken from
//   the clock (max(last + 1, ms * 1000)), so a restarted baseline's entries win over old ones.
// `port` in BENCH_SERVER: listen there (the restart storm starts a new process on the same port).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { Redis } from "ioredis";
import { presenceDigest } from "../src/shared/presence-sync";
import { serve } from "./proc";
import { eldStart, eldStop, heapAfterGc, heapSnapshot, slicePause, sliceRead, sliceReset, sliceResume } from "./heap";
import { userId as userIdOf } from "./seed";

const opts = JSON.parse(process.env.BENCH_SERVER ?? "{}") as {
  redisUrl: string;
  redisPrefix: string;
  tickMs: number;
  port?: number;
  /** Workspace slug -> member user indices [from, to). */
  members?: Record<string, [number, number]>;
};
const TTL_MS = 60_000;
const BEAT_MS = 30_000;

const http = createServer((_, res) => res.writeHead(404).end());
const io = new Server(http, { path: "/socket.io", maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 5_000, serveClient: false });
const redis = new Redis(opts.redisUrl);
redis.on("error", (err) => console.error(`baseline redis: ${err.message}`));
const key = (userId: string) => `${opts.redisPrefix}presence:${userId}`;
const beats = new Map<string, NodeJS.Timeout>();
let armed = false;

let lastVersion = 0;
const nextVersion = () => (lastVersion = Math.max(lastVersion + 1, Date.now() * 1000));
const startVersion = nextVersion();
const startedAt = new Date().toISOString();

type Update = { userId: string; status: string; lastSeenAt: string | null; version: number };
/** Per room: user -> latest entry, and user -> open sockets (with their activity). */
const state = new Map<string, { entries: Map<string, Update>; socks: Map<string, Map<string, boolean>>; members?: string[] }>();
const roomOf = (room: string) => {
  let r = state.get(room);
  if (!r) {
    const m = opts.members?.[room.slice(3)];
    state.set(room, (r = { entries: new Map(), socks: new Map(), members: m ? Array.from({ length: m[1] - m[0] }, (_, i) => userIdOf(m[0] + i)) : undefined }));
  }
  return r;
};

const pending = new Map<string, Map<string, Update>>();
const timers = new Map<string, NodeJS.Timeout>();
function toRoom(room: string, update: Update) {
  roomOf(room).entries.set(update.userId, update);
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

/** The user's status from its open sockets in the room (auto mode: active while any socket is). */
function statusIn(room: string, userId: string): Update {
  const socks = roomOf(room).socks.get(userId);
  if (!socks?.size) return { userId, status: "offline", lastSeenAt: new Date().toISOString(), version: nextVersion() };
  const active = [...socks.values()].some((idle) => !idle);
  return { userId, status: active ? "active" : "away", lastSeenAt: null, version: nextVersion() };
}
function changed(room: string, userId: string) {
  const next = statusIn(room, userId);
  if (roomOf(room).entries.get(userId)?.status === next.status) return;
  toRoom(room, next);
}

function snapshot(room: string) {
  const r = roomOf(room);
  const ids = r.members ?? [...new Set([...r.entries.keys(), ...r.socks.keys()])];
  const members = ids.map((id) => r.entries.get(id) ?? { userId: id, status: "offline", lastSeenAt: startedAt, version: startVersion });
  return { full: true, members, digest: presenceDigest(members), me: { mode: "auto", allowlist: [] }, serverTime: new Date().toISOString() };
}

function beat(socketId: string, userId: string, firstMs: number) {
  const t = setTimeout(() => {
    void redis.set(key(userId), "1", "PX", TTL_MS).catch(() => undefined);
    beats.set(socketId, setInterval(() => void redis.set(key(userId), "1", "PX", TTL_MS).catch(() => undefined), BEAT_MS));
  }, firstMs);
  beats.set(socketId, t);
}

io.use((socket, next) => {
  const a = socket.handshake.auth as { userId?: unknown; workspace?: unknown; idle?: unknown };
  if (typeof a.userId !== "string" || typeof a.workspace !== "string") return next(new Error("Bad handshake"));
  socket.data = { userId: a.userId, room: `ws:${a.workspace}`, idle: a.idle === true };
  next();
});

io.on("connection", (socket) => {
  const data = socket.data as { userId: string; room: string; idle: boolean };
  const { userId, room } = data;
  void socket.join(room);
  void redis.set(key(userId), "1", "PX", TTL_MS).catch(() => undefined);
  if (armed) beat(socket.id, userId, BEAT_MS);
  const r = roomOf(room);
  let mine = r.socks.get(userId);
  if (!mine) r.socks.set(userId, (mine = new Map()));
  mine.set(socket.id, data.idle);
  changed(room, userId);
  socket.on("presence:activity", (p: { idle?: unknown }, ack?: unknown) => {
    const idle = p?.idle === true;
    if (typeof ack === "function") ack({ ok: true, data: { idle } });
    if (data.idle === idle) return;
    data.idle = idle;
    mine.set(socket.id, idle);
    // Each flip is rebroadcast as it is (the fan-out rows' baseline), not recomputed per user.
    toRoom(room, { userId, status: idle ? "away" : "active", lastSeenAt: null, version: nextVersion() });
  });
  socket.on("presence:heartbeat", (p: { idle?: unknown }, ack?: unknown) => {
    if (typeof ack === "function") ack({ ok: true, data: { serverTime: new Date().toISOString() } });
  });
  socket.on("presence:sync", (_p: unknown, ack?: unknown) => {
    if (typeof ack === "function") ack({ ok: true, data: snapshot(room) });
  });
  socket.on("disconnect", () => {
    clearTimeout(beats.get(socket.id));
    beats.delete(socket.id);
    void redis.del(key(userId)).catch(() => undefined);
    mine.delete(socket.id);
    if (!mine.size) r.socks.delete(userId);
    changed(room, userId);
  });
});

await new Promise<void>((resolve) => http.listen(opts.port ?? 0, "127.0.0.1", 2048, resolve));
const port = (http.address() as AddressInfo).port;
process.on("SIGTERM", () => process.exit(0));

serve(
  {
    heap: heapAfterGc,
    snapshot: (name: string) => heapSnapshot(`baseline-${name}`),
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
