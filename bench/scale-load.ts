// Child process: the clients of the company-scale phase (bench/scale.ts), socket.io-client.
// Every socket counts the bytes it receives (each engine.io packet as it came over the
// WebSocket: its type character plus its payload, handshake, pings and acks included), and the
// presence and member-list messages it gets.
//
// Two kinds of viewer:
// - "new" (Roster with subscriptions, like src/components/presence + use-member-list): on connect
//   `presence:activity`, `presence:subscribe` (itself), `presence:sync`, `members:range` 0..rows;
//   once the range answer is in, `presence:subscribe` of itself + the ids of those rows (the real
//   client debounces that by WATCH_DEBOUNCE_MS = 150 ms; not here, so the figure is the server's
//   and the network's part only). Shown = the range answer, the sync answer and the second
//   subscribe answer all in. `members:ops` are applied to the window copy with applyRangeOps.
// - "old" (today's design: the same server with watchAllUpTo 1e9): on connect
//   `presence:activity` and a full `presence:sync`; shown = its answer.
// "bare" sockets only connect (the mass of viewers before they open their page, and the old
// design's viewers, which never sync here: a full snapshot is megabytes per client).
import fs from "node:fs";
import { io, type Socket } from "socket.io-client";
import { applyRangeOps, type ListWindow, type MemberCounts, type MemberListPage, type RangeOp } from "../src/shared/member-list";
import type { PresenceSync, VisiblePresence } from "../src/shared/presence";
import { serve } from "./proc";
import { eldStart, eldStop } from "./heap";
import { now, sleep } from "./metrics";
import { USERS_FILE } from "./seed";

const ACK_MS = 30_000;
type AckRes<T> = { ok: true; data: T } | { ok: false; error: string };
type Flow = "bare" | "new" | "old";

interface Sock {
  s: Socket;
  userId: string;
  idle: boolean;
  /** Bytes received since the socket was created, and by kind (event name, "ack:<event>", engine packet type). */
  bytes: number;
  by: Map<string, number>;
  /** Ack id -> the event it answers (socket.io-client numbers acks per socket from 0). */
  ackOf: Map<number, string>;
  window?: ListWindow;
  counts?: MemberCounts;
  /** The ids this socket subscribes to besides itself (rows shown + extras). */
  rowIds: string[];
  extra: string[];
  // counters since the last reset
  updated: number;
  updatedWith: number;
  ops: number;
  opsRows: number;
  countsMsgs: number;
  invalidated: number;
}

/** Figures of one open (from the moment the socket was created; ms on the now() clock). */
export interface OpenFigures {
  userId: string;
  ok: boolean;
  error?: string;
  connectMs?: number;
  /** new: the range answer; old: the sync answer. */
  firstPageMs?: number;
  /** Everything shown (new: range + sync + second subscribe answers; old: the sync answer). */
  shownMs?: number;
  /** Bytes received until shown. */
  bytes?: number;
  /** Bytes until shown by kind (see Sock.by). */
  by?: Record<string, number>;
  /** Members in the sync answer / rows in the page / presence entries in the subscribe answers. */
  syncMembers?: number;
  rows?: number;
  subscribed?: number;
}

const users = JSON.parse(fs.readFileSync(USERS_FILE, "utf8")) as { id: string; cookie: string }[];
const groups = new Map<string, Sock[]>();
let tracked = "";

/** The id socket.io-client gives the next ack (a private counter; only labels the bytes). */
const nextAckId = (s: Socket) => (s as unknown as { ids: number }).ids;

const ack = <T>(sock: Sock, ev: string, payload: unknown): Promise<T> =>
  new Promise((resolve, reject) => {
    const s = sock.s;
    sock.ackOf.set(nextAckId(s), ev);
    s.timeout(ACK_MS).emit(ev, payload, (err: Error | null, res?: AckRes<T>) => {
      if (err) return reject(new Error(`${ev}: no answer`));
      if (!res?.ok) return reject(new Error(`${ev}: ${res ? res.error : "empty answer"}`));
      resolve(res.data);
    });
  });

/** Kind of a received packet, for the byte breakdown. */
function kindOf(sock: Sock, type: string, d: unknown): string {
  if (type !== "message" || typeof d !== "string") return `engine:${type}`;
  if (d[0] === "2") return /^2\d*\["([^"]+)"/.exec(d)?.[1] ?? "event:?";
  if (d[0] === "3") {
    const id = Number(/^3(\d+)/.exec(d)?.[1]);
    return `ack:${sock.ackOf.get(id) ?? "?"}`;
  }
  return d[0] === "0" ? "socket.io:connect" : `socket.io:${d[0]}`;
}

function newSock(url: string, index: number, workspace: string): Sock {
  const u = users[index];
  if (!u) throw new Error(`no user ${index} in ${USERS_FILE}`);
  const sock: Sock = { s: undefined as unknown as Socket, userId: u.id, idle: false, bytes: 0, by: new Map(), ackOf: new Map(), rowIds: [], extra: [], updated: 0, updatedWith: 0, ops: 0, opsRows: 0, countsMsgs: 0, invalidated: 0 };
  const s = io(url, { transports: ["websocket"], extraHeaders: { cookie: u.cookie }, auth: { workspace, idle: false }, reconnection: false, forceNew: true, timeout: 60_000 });
  sock.s = s;
  // Wire bytes: the engine is created synchronously by io() (autoConnect), so its first packet (the handshake) is seen.
  s.io.engine.on("packet", (p: { type: string; data?: unknown }) => {
    const d = p.data;
    const n = 1 + (typeof d === "string" ? Buffer.byteLength(d) : d instanceof ArrayBuffer || ArrayBuffer.isView(d) ? (d as ArrayBuffer).byteLength : 0);
    sock.bytes += n;
    const k = kindOf(sock, p.type, d);
    sock.by.set(k, (sock.by.get(k) ?? 0) + n);
  });
  s.on("presence:updated", (p: { updates: VisiblePresence[] }) => {
    sock.updated++;
    if (tracked && p?.updates?.some((x) => x.userId === tracked)) sock.updatedWith++;
  });
  s.on("members:ops", (p: { ops: RangeOp[]; counts: MemberCounts }) => {
    sock.ops++;
    sock.opsRows += p.ops.length;
    if (sock.window) sock.window = applyRangeOps(sock.window, p.ops);
    sock.counts = p.counts;
  });
  s.on("members:counts", (c: MemberCounts) => {
    sock.countsMsgs++;
    sock.counts = c;
  });
  s.on("members:invalidated", () => {
    sock.invalidated++;
    // Like the real client: ask for the range again.
    const w = sock.window;
    if (w) void ack<MemberListPage>(sock, "members:range", { start: w.start, end: w.start + w.rows.length }).then((p) => (sock.window = { start: p.start, rows: p.rows }), () => undefined);
  });
  return sock;
}

const connected = (sock: Sock) =>
  new Promise<void>((resolve, reject) => {
    if (sock.s.connected) return resolve();
    sock.s.once("connect", () => resolve());
    sock.s.once("connect_error", (err) => reject(new Error(`connect: ${err.message}`)));
  });

/** The page's first screen on a connected socket: see the top of this file. `t0`: when the socket was created. */
async function openPage(sock: Sock, flow: "new" | "old", rows: number, t0: number): Promise<OpenFigures> {
  const s = sock.s;
  const out: OpenFigures = { userId: sock.userId, ok: false };
  void ack(sock, "presence:activity", { idle: sock.idle }).catch(() => undefined);
  if (flow === "old") {
    const sync = await ack<PresenceSync>(sock, "presence:sync", {});
    const t = now();
    return { ...out, ok: true, firstPageMs: t - t0, shownMs: t - t0, bytes: sock.bytes, by: Object.fromEntries(sock.by), syncMembers: sync.members.length };
  }
  const first = ack<{ members: VisiblePresence[] }>(sock, "presence:subscribe", { userIds: [sock.userId] });
  const sync = ack<PresenceSync>(sock, "presence:sync", {});
  const page = ack<MemberListPage>(sock, "members:range", { start: 0, end: rows }).then(async (p) => {
    out.firstPageMs = now() - t0;
    out.rows = p.rows.length;
    sock.window = { start: p.start, rows: p.rows };
    sock.counts = p.counts;
    sock.rowIds = p.rows.map((r) => r.userId);
    const sub = await ack<{ members: VisiblePresence[] }>(sock, "presence:subscribe", { userIds: [sock.userId, ...sock.rowIds, ...sock.extra] });
    return sub.members.length;
  });
  const [a, b, c] = await Promise.all([first, sync, page]);
  const t = now();
  return { ...out, ok: true, shownMs: t - t0, bytes: sock.bytes, by: Object.fromEntries(sock.by), syncMembers: b.members.length, subscribed: a.members.length + c };
}

/** Runs `fn` over items with `lanes` in parallel, or evenly spread over `spreadMs` (at most 200 in flight). */
async function lanes<T, R>(items: T[], fn: (x: T, j: number) => Promise<R>, opts: { lanes?: number; spreadMs?: number }): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const start = now();
  const one = async () => {
    while (next < items.length) {
      const j = next++;
      if (opts.spreadMs) await sleep(start + (j / items.length) * opts.spreadMs - now());
      out[j] = await fn(items[j]!, j);
    }
  };
  const n = opts.spreadMs ? Math.min(items.length, 200) : (opts.lanes ?? 50);
  await Promise.all(Array.from({ length: Math.max(1, n) }, one));
  return out;
}

const fail = (userId: string, err: unknown): OpenFigures => ({ userId, ok: false, error: err instanceof Error ? err.message : String(err) });

interface ConnectArgs {
  group: string;
  url: string;
  indices: number[];
  workspace: string;
  flow: Flow;
  rows?: number;
  lanes?: number;
  spreadMs?: number;
}

serve({
  eldStart,
  eldStop,
  /** Opens sockets (and, for "new"/"old", their first screen); figures per socket. */
  connect: async (a: ConnectArgs): Promise<OpenFigures[]> => {
    let list = groups.get(a.group);
    if (!list) groups.set(a.group, (list = []));
    const l = list;
    return lanes(
      a.indices,
      async (i) => {
        const t0 = now();
        let sock: Sock | undefined;
        try {
          sock = newSock(a.url, i, a.workspace);
          await connected(sock);
          const connectMs = now() - t0;
          l.push(sock);
          if (a.flow === "bare") return { userId: sock.userId, ok: true, connectMs, bytes: sock.bytes };
          return { ...(await openPage(sock, a.flow, a.rows ?? 60, t0)), connectMs };
        } catch (err) {
          if (sock && !sock.s.connected) sock.s.close();
          return fail(users[i]?.id ?? String(i), err);
        }
      },
      { lanes: a.lanes, spreadMs: a.spreadMs },
    );
  },
  /** The first screen ("new" flow) on already connected sockets; times from the start of each. */
  open: async ({ group, rows, spreadMs, lanes: n }: { group: string; rows: number; spreadMs?: number; lanes?: number }): Promise<OpenFigures[]> =>
    lanes(
      groups.get(group) ?? [],
      async (sock) => {
        const t0 = now();
        const b0 = sock.bytes;
        try {
          const r = await openPage(sock, "new", rows, t0);
          return { ...r, bytes: r.bytes! - b0 };
        } catch (err) {
          return fail(sock.userId, err);
        }
      },
      { spreadMs, lanes: n },
    ),
  /**
   * Scroll: sockets `positions` of the group ask for rows [start, start + rows) and then subscribe to
   * themselves + those rows (the old rows unmount) + their extras; ms until both answers were in.
   */
  scroll: async ({ group, positions, starts, rows, spreadMs }: { group: string; positions: number[]; starts: number[]; rows: number; spreadMs: number }) => {
    const list = groups.get(group) ?? [];
    return lanes(
      positions,
      async (pos, j) => {
        const sock = list[pos];
        if (!sock) return { ok: false, error: `no socket ${pos}` };
        const t0 = now();
        try {
          const p = await ack<MemberListPage>(sock, "members:range", { start: starts[j]!, end: starts[j]! + rows });
          const rangeMs = now() - t0;
          sock.window = { start: p.start, rows: p.rows };
          sock.rowIds = p.rows.map((r) => r.userId);
          const sub = await ack<{ members: VisiblePresence[] }>(sock, "presence:subscribe", { userIds: [sock.userId, ...sock.rowIds, ...sock.extra] });
          return { ok: true, t0, rangeMs, ms: now() - t0, rows: p.rows.length, added: sub.members.length };
        } catch (err) {
          return { ok: false, error: err instanceof Error ? err.message : String(err) };
        }
      },
      { spreadMs },
    );
  },
  /** Every socket of the group subscribes to itself only (`rows` false) or to itself + its rows + extras again; how many answers were ok. */
  resubscribe: async ({ group, rows }: { group: string; rows: boolean }) => {
    const r = await lanes(
      groups.get(group) ?? [],
      (sock) =>
        ack(sock, "presence:subscribe", { userIds: rows ? [sock.userId, ...sock.rowIds, ...sock.extra] : [sock.userId] }).then(
          () => true,
          () => false,
        ),
      { lanes: 50 },
    );
    return r.filter(Boolean).length;
  },
  /** Sockets `positions` also watch `userId` (subscribe: itself + its rows + extras). */
  watchAlso: async ({ group, positions, userId }: { group: string; positions: number[]; userId: string }) => {
    const list = groups.get(group) ?? [];
    const r = await Promise.all(
      positions.map(async (pos) => {
        const sock = list[pos];
        if (!sock) throw new Error(`no socket ${pos}`);
        sock.extra = [userId];
        const res = await ack<{ members: VisiblePresence[] }>(sock, "presence:subscribe", { userIds: [sock.userId, ...sock.rowIds, ...sock.extra] });
        return res.members.some((m) => m.userId === userId);
      }),
    );
    return r.filter(Boolean).length;
  },
  /** Zeroes the message counters of every socket here; `userId`: count the presence:updated messages carrying it. */
  resetCounts: ({ userId }: { userId?: string }) => {
    tracked = userId ?? "";
    for (const list of groups.values()) for (const s of list) Object.assign(s, { updated: 0, updatedWith: 0, ops: 0, opsRows: 0, countsMsgs: 0, invalidated: 0 });
  },
  counts: ({ group }: { group: string }) => {
    const list = groups.get(group) ?? [];
    const sum = (k: "updated" | "updatedWith" | "ops" | "opsRows" | "countsMsgs" | "invalidated") => list.reduce((a, s) => a + s[k], 0);
    return { sockets: list.length, connected: list.filter((s) => s.s.connected).length, updated: sum("updated"), updatedWith: sum("updatedWith"), ops: sum("ops"), opsRows: sum("opsRows"), countsMsgs: sum("countsMsgs"), invalidated: sum("invalidated"), socketsWith: list.filter((s) => s.updatedWith > 0).length };
  },
  /** Flips one socket's activity. */
  toggle: ({ group, index }: { group: string; index: number }) => {
    const sock = groups.get(group)?.[index];
    if (!sock) throw new Error(`no socket ${group}[${index}]`);
    sock.idle = !sock.idle;
    const t = now();
    void ack(sock, "presence:activity", { idle: sock.idle }).catch(() => undefined);
    return { t, userId: sock.userId, idle: sock.idle };
  },
  close: ({ group }: { group?: string }) => {
    for (const [name, list] of groups) {
      if (group && name !== group) continue;
      for (const s of list) {
        s.s.removeAllListeners();
        s.s.close();
      }
      groups.delete(name);
    }
  },
});
