// Child process: socket.io-client load generator. Holds groups of sockets, records when
// presence:updated entries arrive (wall clock, sub-ms), counts messages, and toggles activity.
import fs from "node:fs";
import { io, type Socket } from "socket.io-client";
import { serve } from "./proc";
import { now, sleep } from "./metrics";
import { USERS_FILE } from "./seed";

type Update = { userId: string; status: string; lastSeenAt: string | null };
interface Sock {
  s: Socket;
  userId: string;
  idle: boolean;
  msgs: number;
  entries: number;
  seen: Map<string, number>; // tracked userId -> entries received since track()
  beat?: NodeJS.Timeout;
}

const users = JSON.parse(fs.readFileSync(USERS_FILE, "utf8")) as { id: string; cookie: string }[];
const groups = new Map<string, Sock[]>();
let tracked = new Set<string>();
let statusFilter: string | undefined;
/** times[userId][k] = receive times of the k-th tracked update of that user, one per socket. */
let times: Record<string, number[][]> = {};

function onUpdate(sock: Sock, updates: Update[]) {
  const t = now();
  sock.msgs++;
  sock.entries += updates.length;
  for (const u of updates) {
    if (!tracked.has(u.userId) || (statusFilter && u.status !== statusFilter)) continue;
    const k = sock.seen.get(u.userId) ?? 0;
    sock.seen.set(u.userId, k + 1);
    ((times[u.userId] ??= [])[k] ??= []).push(t);
  }
}

interface ConnectArgs {
  group: string;
  url: string;
  indices: number[];
  /** Workspace slug per socket: one slug, or "small" for the user's 100-member workspace. */
  workspace: string;
  smallSlugs?: string[];
  idle?: boolean;
  concurrency?: number;
  /** Spread connects evenly over this long instead of as fast as possible. */
  spreadMs?: number;
  /** Send presence:heartbeat every 30 s like the real client. */
  heartbeat?: boolean;
}

function open(a: ConnectArgs, i: number, j: number): Promise<Sock | null> {
  const u = users[i]!;
  const workspace = a.smallSlugs ? a.smallSlugs[j]! : a.workspace;
  const s = io(a.url, {
    transports: ["websocket"],
    extraHeaders: { cookie: u.cookie },
    auth: { workspace, idle: !!a.idle, userId: u.id },
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
  });
  const sock: Sock = { s, userId: u.id, idle: !!a.idle, msgs: 0, entries: 0, seen: new Map() };
  s.on("presence:updated", (p: { updates: Update[] }) => onUpdate(sock, p.updates));
  return new Promise((resolve) => {
    s.once("connect", () => {
      if (a.heartbeat) {
        const first = setTimeout(() => {
          sock.beat = setInterval(() => s.emit("presence:heartbeat", { idle: sock.idle }, () => {}), 30_000);
          s.emit("presence:heartbeat", { idle: sock.idle }, () => {});
        }, Math.random() * 30_000);
        sock.beat = first;
      }
      resolve(sock);
    });
    s.once("connect_error", (err) => {
      if (process.env.BENCH_DEBUG) console.error(`connect ${u.id}: ${err.message}`);
      s.close();
      resolve(null);
    });
  });
}

async function connect(a: ConnectArgs) {
  const list = groups.get(a.group) ?? [];
  groups.set(a.group, list);
  const start = Date.now();
  let failed = 0;
  let next = 0;
  const one = async () => {
    while (next < a.indices.length) {
      const j = next++;
      if (a.spreadMs) await sleep(start + (j / a.indices.length) * a.spreadMs - Date.now());
      const sock = await open(a, a.indices[j]!, j);
      if (sock) list.push(sock);
      else failed++;
    }
  };
  const lanes = a.spreadMs ? Math.min(a.indices.length, 200) : (a.concurrency ?? 50);
  await Promise.all(Array.from({ length: lanes }, one));
  return { connected: list.length, failed, ms: Date.now() - start };
}

const all = () => [...groups.values()].flat();

serve({
  connect,
  track: ({ userIds, status }: { userIds: string[]; status?: string }) => {
    tracked = new Set(userIds);
    statusFilter = status;
    times = {};
    for (const s of all()) s.seen.clear();
  },
  /** How many sockets have received the k-th tracked update of a user. */
  progress: ({ userId, k }: { userId: string; k: number }) => times[userId]?.[k]?.length ?? 0,
  times: () => times,
  resetCounts: () => {
    for (const s of all()) (s.msgs = 0), (s.entries = 0);
  },
  counts: ({ group }: { group: string }) => (groups.get(group) ?? []).map((s) => ({ msgs: s.msgs, entries: s.entries })),
  /** Flips one socket's activity; returns the send time (taken right before the emit). */
  toggle: ({ group, index }: { group: string; index: number }) => {
    const sock = groups.get(group)?.[index];
    if (!sock) throw new Error(`no socket ${group}[${index}]`);
    sock.idle = !sock.idle;
    const t = now();
    sock.s.emit("presence:activity", { idle: sock.idle }, () => {});
    return { t, userId: sock.userId, status: sock.idle ? "away" : "active" };
  },
  /** Flips sockets round-robin at `perSecond` for `ms`; counts acks that were ok. */
  churn: async ({ group, perSecond, ms }: { group: string; perSecond: number; ms: number }) => {
    const list = groups.get(group) ?? [];
    if (!list.length) return { sent: 0, ok: 0 };
    let sent = 0;
    let ok = 0;
    let cursor = 0;
    const start = Date.now();
    while (Date.now() - start < ms) {
      const due = Math.floor(((Date.now() - start) / 1000) * perSecond);
      while (sent < due) {
        const sock = list[cursor++ % list.length]!;
        sock.idle = !sock.idle;
        sock.s.emit("presence:activity", { idle: sock.idle }, (r: { ok: boolean }) => void (r?.ok && ok++));
        sent++;
      }
      await sleep(10);
    }
    await sleep(500);
    return { sent, ok };
  },
  close: ({ group }: { group?: string }) => {
    for (const [name, list] of groups) {
      if (group && name !== group) continue;
      for (const s of list) (clearTimeout(s.beat), s.s.close());
      groups.delete(name);
    }
  },
});
