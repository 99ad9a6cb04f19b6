// Child process: socket.io-client load generator. Holds groups of sockets, records when
// presence:updated entries arrive (wall clock, sub-ms), counts messages, and toggles activity.
//
// Groups opened with `sync` behave like the real client (src/components/presence and
// src/lib/presence-sync-client.ts): a view per socket kept with the pure merge of
// src/shared/presence-sync.ts (applyUpdates on `presence:updated`, applySync on the answer of
// `presence:sync`: full on the first connect, `{ since, digest }` afterwards, full again after a
// digest mismatch, again on `presence:resync`, retried 2 s -> 10 s, every 20-25 s as anti-entropy).
// Groups opened with `reconnect` reconnect like the real client (socket.io-client backoff,
// reconnectionDelayMax 5 s, a server-side disconnect or a "Server is restarting" refusal retried
// by hand) and send `prev`, the id of the socket's previous connection, in the handshake.
//
// `watch` then reports per socket whether its view shows a set of users all `active`, when it
// first did (after a sync answer on its current connection), and whether, after that, it ever
// showed any of them otherwise (offline, away: "ever not active"), with the intervals it did.
// `probe` records, for the saturation row, every accepted entry of some users at every socket.
// Groups opened with `subscribe` (the subscribed storm rows) watch only those ids + the viewer, like
// the real client on a big workspace (src/lib/presence-watch.ts): on every connect
// `presence:subscribe` first (its answer merged by version), then the sync; with `list`, also
// `members:range` 0..list on every connect (src/components/workspace/member-range.ts asks
// MAX_RANGE_ROWS from row 0), kept with `members:ops`. Every socket counts the bytes it receives
// (every engine.io packet: type character + payload, handshake and pings included, on every
// engine of its reconnects), by kind (event name, ack:<event>, engine:<type>).
import fs from "node:fs";
import { io, type Socket } from "socket.io-client";
import type { PresenceSync, VisiblePresence } from "../src/shared/presence";
import { applySync, applyUpdates, highestVersion, presenceDigest, type PresenceMap } from "../src/shared/presence-sync";
import { applyRangeOps, rowsDigest, type ListWindow, type MemberListPage, type RangeOp } from "../src/shared/member-list";
import { serve } from "./proc";
import { now, sleep } from "./metrics";
import { USERS_FILE } from "./seed";
import { RETRYABLE_REFUSALS } from "../src/shared/events";
import { ANTI_ENTROPY_JITTER_MS, ANTI_ENTROPY_MS, RETRY_MAX_MS as SYNC_RETRY_MAX_MS, RETRY_MIN_MS as SYNC_RETRY_MIN_MS } from "../src/lib/presence-sync-client";

// The real client's numbers (the refusal backoff is realtime-provider.tsx's).
const SYNC_TIMEOUT_MS = 10_000;
const REFUSAL_RETRY_MIN_MS = 1_000;
const REFUSAL_RETRY_MAX_MS = 10_000;

type Update = Pick<VisiblePresence, "userId" | "status" | "lastSeenAt"> & { version?: number };
type AckRes<T> = { ok: true; data: T } | { ok: false; error: string };

interface View {
  map: PresenceMap;
  loaded: boolean;
  /** `gen` of the connection whose sync answer was last applied. */
  syncedGen: number;
  inFlight: boolean;
  again: boolean;
  wantFull: boolean;
  failures: number;
  syncErrors: number;
  /** Failed syncs by their error. */
  errorsBy: Map<string, number>;
  /** Sync answers that were full snapshots; delta answers whose digest disagreed with the view after applying them. */
  fulls: number;
  mismatches: number;
  timer?: NodeJS.Timeout;
  /** Watched users this view shows `active`. */
  active: number;
  /** First moment (since watch) the view showed every watched user active, after a sync answer. */
  convergedAt?: number;
  /** After mark: connection count at the mark, and when the view was all active again on a newer, synced connection. */
  markConnects?: number;
  reconvergedAt?: number;
  /** After convergence: ever showed a watched user not active; most at once; [from, to] pairs. */
  ever: boolean;
  maxMissing: number;
  openSince?: number;
  intervals: number[];
}

interface Sock {
  s: Socket;
  meta: Group;
  /** Position in its group (probe keys). */
  pos: number;
  userId: string;
  idle: boolean;
  msgs: number;
  entries: number;
  /** Sync answers applied. */
  syncs: number;
  seen: Map<string, number>; // tracked userId -> entries received since track()
  beat?: NodeJS.Timeout;
  retry?: NodeJS.Timeout;
  closed: boolean;
  /** Connections so far; `gen` also grows on every disconnect (answers of an older connection are dropped). */
  connects: number;
  gen: number;
  refusals: number;
  /** Id of the last connection: sent as `prev` on the next handshake. */
  lastId?: string;
  connectedAt?: number;
  /** First connect after mark. */
  reconnectedAt?: number;
  v?: View;
  /** Bytes received (engine.io packets) since the socket was created or the last mark, and by kind. */
  bytes: number;
  by: Map<string, number>;
  /** Ack id -> the event it answers (labels the bytes of acks). */
  ackOf: Map<number, string>;
  /** Subscribe answers applied; member-list window (the `list` option). */
  subAnswers: number;
  window?: ListWindow;
  /** Probe: highest version accepted per probe user. */
  pv?: Float64Array;
}

interface Probe {
  ids: Map<string, number>;
  /** Accepted entries of probe users: time, socket position * P + probe index, 1 if active. */
  t: number[];
  key: number[];
  active: number[];
  acks: number;
  acksOk: number;
}

interface Group {
  name: string;
  socks: Sock[];
  /** Ids each socket subscribes to besides itself, on every connect (undefined: never subscribes). */
  subscribe?: string[];
  /** Rows of `members:range` asked on every connect (0: no member list). */
  list?: number;
  watch?: Set<string>;
  probe?: Probe;
}

const users = JSON.parse(fs.readFileSync(USERS_FILE, "utf8")) as { id: string; cookie: string }[];
const groups = new Map<string, Group>();
let tracked = new Set<string>();
let statusFilter: string | undefined;
/** times[userId][k] = receive times of the k-th tracked update of that user, one per socket. */
let times: Record<string, number[][]> = {};
/** Version stand-in for servers that send none (each entry counts as newer). */
let unversioned = 0;

const group = (name: string): Group => {
  let g = groups.get(name);
  if (!g) groups.set(name, (g = { name, socks: [] }));
  return g;
};
const socksOf = (name: string) => groups.get(name)?.socks ?? [];

// ---------------------------------------------------------------- views and watching

function recount(sock: Sock): void {
  const v = sock.v!;
  const w = sock.meta.watch;
  v.active = 0;
  if (w) for (const id of w) if (v.map.get(id)?.status === "active") v.active++;
}

/** Adjusts the active count for the users whose entries may have changed. */
function adjust(sock: Sock, prev: PresenceMap, next: PresenceMap, ids: Iterable<string>): void {
  const w = sock.meta.watch;
  if (!w || prev === next) return;
  const v = sock.v!;
  const done = new Set<string>();
  for (const id of ids) {
    if (done.has(id) || !w.has(id)) continue;
    done.add(id);
    const a = prev.get(id)?.status === "active";
    const b = next.get(id)?.status === "active";
    if (a !== b) v.active += b ? 1 : -1;
  }
}

function evaluate(sock: Sock, t = now()): void {
  const v = sock.v;
  const w = sock.meta.watch;
  if (!v || !w) return;
  const all = v.active === w.size;
  const current = sock.s.connected && v.syncedGen === sock.gen;
  if (v.convergedAt === undefined) {
    if (all && current) v.convergedAt = t;
    else return;
  }
  const missing = w.size - v.active;
  if (missing > 0) {
    v.ever = true;
    if (missing > v.maxMissing) v.maxMissing = missing;
    v.openSince ??= t;
  } else if (v.openSince !== undefined) {
    v.intervals.push(v.openSince, t);
    v.openSince = undefined;
  }
  if (v.markConnects !== undefined && v.reconvergedAt === undefined && all && current && sock.connects > v.markConnects) v.reconvergedAt = t;
}

function schedule(sock: Sock, ms: number): void {
  const v = sock.v!;
  clearTimeout(v.timer);
  v.timer = setTimeout(() => {
    v.timer = undefined;
    sync(sock);
  }, ms);
}

/** One `presence:sync` now, or right after the one in flight (the real client's rules). */
function sync(sock: Sock): void {
  const v = sock.v;
  if (!v || sock.closed || !sock.s.connected) return;
  if (v.inFlight) {
    v.again = true;
    return;
  }
  clearTimeout(v.timer);
  const full = v.wantFull || !v.loaded;
  const req = full ? {} : { since: highestVersion(v.map), digest: presenceDigest(v.map.values()) };
  const gen = sock.gen;
  v.inFlight = true;
  v.again = false;
  label(sock, "presence:sync");
  sock.s.timeout(SYNC_TIMEOUT_MS).emit("presence:sync", req, (err: Error | null, res?: AckRes<PresenceSync>) => {
    if (gen !== sock.gen || sock.closed) return;
    v.inFlight = false;
    if (err || !res?.ok) {
      v.failures++;
      v.syncErrors++;
      const why = err ? err.message : res && !res.ok ? String(res.error) : "?";
      v.errorsBy.set(why, (v.errorsBy.get(why) ?? 0) + 1);
      v.again = false;
      return schedule(sock, Math.min(SYNC_RETRY_MAX_MS, SYNC_RETRY_MIN_MS * 2 ** (v.failures - 1)) + Math.random() * 500);
    }
    const data = res.data;
    sock.syncs++;
    v.failures = 0;
    if (full) v.wantFull = false;
    const prev = v.map;
    v.map = applySync(prev, data);
    if (data.full) v.fulls++;
    if (data.full) recount(sock);
    else adjust(sock, prev, v.map, data.members.map((m) => m.userId));
    v.loaded = true;
    v.syncedGen = gen;
    if (!data.full && presenceDigest(v.map.values()) !== data.digest) {
      v.mismatches++;
      v.wantFull = true;
      v.again = true;
    }
    evaluate(sock);
    if (v.again) return sync(sock);
    schedule(sock, ANTI_ENTROPY_MS + Math.random() * ANTI_ENTROPY_JITTER_MS);
  });
}

// ---------------------------------------------------------------- bytes

/** The id socket.io-client gives the next ack (a private counter, per socket, kept over reconnects): labels the bytes of its answer. */
function label(sock: Sock, ev: string): void {
  sock.ackOf.set((sock.s as unknown as { ids: number }).ids, ev);
}

function kindOf(sock: Sock, type: string, d: unknown): string {
  if (type !== "message" || typeof d !== "string") return `engine:${type}`;
  if (d[0] === "2") return /^2\d*\["([^"]+)"/.exec(d)?.[1] ?? "event:?";
  if (d[0] === "3") return `ack:${sock.ackOf.get(Number(/^3(\d+)/.exec(d)?.[1])) ?? "?"}`;
  return d[0] === "0" ? "socket.io:connect" : `socket.io:${d[0]}`;
}

/** Counts every packet of this engine (bench/scale-load.ts's counting). */
function countEngine(sock: Sock, engine: { on(ev: "packet", fn: (p: { type: string; data?: unknown }) => void): unknown }): void {
  engine.on("packet", (p) => {
    const d = p.data;
    const n = 1 + (typeof d === "string" ? Buffer.byteLength(d) : d instanceof ArrayBuffer || ArrayBuffer.isView(d) ? (d as ArrayBuffer).byteLength : 0);
    sock.bytes += n;
    const k = kindOf(sock, p.type, d);
    sock.by.set(k, (sock.by.get(k) ?? 0) + n);
  });
}

// ---------------------------------------------------------------- member list (the `list` option)

function askRange(sock: Sock, rows: number): void {
  const gen = sock.gen;
  label(sock, "members:range");
  // Like the real client: the rows it holds for this range named by digest ("unchanged" if equal).
  const held = sock.window?.start === 0 ? sock.window : undefined;
  const digest = held ? rowsDigest(held.rows) : undefined;
  sock.s.timeout(SYNC_TIMEOUT_MS).emit("members:range", { start: 0, end: rows, ...(digest ? { digest } : {}) }, (err: Error | null, res?: AckRes<MemberListPage>) => {
    if (gen !== sock.gen || sock.closed) return;
    if (err || !res?.ok) return void setTimeout(() => sock.closed || gen !== sock.gen || askRange(sock, rows), 2_000 + Math.random() * 1_000);
    if (!(res.data.unchanged && held)) sock.window = { start: res.data.start, rows: res.data.rows };
  });
}

// ---------------------------------------------------------------- receiving

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
  const v = sock.v;
  if (v) {
    const prev = v.map;
    v.map = applyUpdates(prev, updates.map((u) => (u.version === undefined ? { ...u, version: ++unversioned } : u)) as VisiblePresence[]);
    adjust(sock, prev, v.map, updates.map((u) => u.userId));
    evaluate(sock, t);
  }
  const p = sock.meta.probe;
  if (p && sock.pv) {
    const P = p.ids.size;
    for (const u of updates) {
      const idx = p.ids.get(u.userId);
      if (idx === undefined) continue;
      const ver = u.version ?? ++unversioned;
      if (ver <= sock.pv[idx]!) continue;
      sock.pv[idx] = ver;
      p.t.push(t);
      p.key.push(sock.pos * P + idx);
      p.active.push(u.status === "active" ? 1 : 0);
    }
  }
}

// ---------------------------------------------------------------- connecting

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
  /** Keep a view like the real client (presence:sync, applyUpdates/applySync). */
  sync?: boolean;
  /** Reconnect like the real client (and send `prev`). */
  reconnect?: boolean;
  /** Open every socket at once, at this time (now() clock), instead of in lanes. */
  at?: number;
  /** Give up on a socket that has not connected after this long. */
  openTimeoutMs?: number;
  /** Subscribe to these ids (+ itself) on every connect, before the sync (the real client on a big workspace). */
  subscribe?: string[];
  /** `members:range` 0..list on every connect (the real client's member list). */
  list?: number;
}

function open(a: ConnectArgs, g: Group, i: number, j: number): Promise<Sock | null> {
  const u = users[i]!;
  const workspace = a.smallSlugs ? a.smallSlugs[j]! : a.workspace;
  const sock: Sock = { s: undefined as unknown as Socket, meta: g, pos: -1, userId: u.id, idle: !!a.idle, msgs: 0, entries: 0, syncs: 0, seen: new Map(), closed: false, connects: 0, gen: 0, refusals: 0, bytes: 0, by: new Map(), ackOf: new Map(), subAnswers: 0 };
  const s = io(a.url, {
    transports: ["websocket"],
    extraHeaders: { cookie: u.cookie },
    // A function: called on every (re)connect, like the real client's.
    auth: (cb) => cb({ workspace, idle: sock.idle, userId: u.id, ...(sock.lastId ? { prev: sock.lastId } : {}) }),
    reconnection: !!a.reconnect,
    reconnectionDelayMax: 5_000,
    forceNew: true,
    timeout: 60_000,
  });
  sock.s = s;
  // Bytes: the first engine is created synchronously by io(); each reconnect opens a new one (Manager.open).
  countEngine(sock, s.io.engine);
  const mgr = s.io as unknown as { open: (fn?: (err?: Error) => void) => unknown; engine: Parameters<typeof countEngine>[1] };
  const openEngine = mgr.open.bind(mgr);
  mgr.open = (fn) => {
    const r = openEngine(fn);
    countEngine(sock, mgr.engine);
    return r;
  };
  if (a.sync) sock.v = { map: new Map(), loaded: false, syncedGen: -1, inFlight: false, again: false, wantFull: false, failures: 0, syncErrors: 0, errorsBy: new Map(), fulls: 0, mismatches: 0, active: 0, ever: false, maxMissing: 0, intervals: [] };
  s.on("presence:updated", (p: { updates: Update[] }) => onUpdate(sock, p?.updates ?? []));
  s.on("presence:resync", () => sync(sock));
  s.on("members:ops", (p: { ops: RangeOp[] }) => {
    if (sock.window) sock.window = applyRangeOps(sock.window, p?.ops ?? []);
  });
  s.on("members:invalidated", () => g.list && askRange(sock, g.list));
  s.on("connect", () => {
    const t = now();
    sock.connects++;
    sock.gen++;
    sock.refusals = 0;
    sock.lastId = s.id;
    sock.connectedAt ??= t;
    if (sock.v?.markConnects !== undefined) sock.reconnectedAt ??= t;
    if (sock.v) {
      label(sock, "presence:activity");
      s.emit("presence:activity", { idle: sock.idle }, () => {}); // the real client reports on every connect
      sock.v.inFlight = false;
      sock.v.again = false;
      sock.v.failures = 0;
      // Like the real client: whom this socket watches first (the server applies them in order), then the sync.
      if (g.subscribe) {
        const gen = sock.gen;
        const v = sock.v;
        label(sock, "presence:subscribe");
        // Like the real client: the versions held, so a reconnect's answer leaves out what it has.
        const userIds = [u.id, ...g.subscribe.filter((id) => id !== u.id)];
        const versions = userIds.map((id) => v.map.get(id)?.version ?? 0);
        s.timeout(SYNC_TIMEOUT_MS).emit("presence:subscribe", { userIds, versions }, (err: Error | null, res?: AckRes<{ members: VisiblePresence[] }>) => {
          if (err || !res?.ok || gen !== sock.gen || sock.closed) return; // the sync (and its retries) still load the view
          sock.subAnswers++;
          const prev = v.map;
          v.map = applyUpdates(prev, res.data.members);
          adjust(sock, prev, v.map, res.data.members.map((m) => m.userId));
          evaluate(sock);
        });
      }
      sync(sock);
      // The window is kept across reconnects (as the real client does): the range is asked with its digest.
      if (g.list) askRange(sock, g.list);
      evaluate(sock, t);
    }
  });
  s.on("disconnect", (reason) => {
    sock.gen++;
    if (sock.v) {
      sock.v.inFlight = false;
      clearTimeout(sock.v.timer);
    }
    // Like the real client: a server-side disconnect (draining) is followed by a reconnect by hand.
    if (a.reconnect && !sock.closed && reason === "io server disconnect") {
      clearTimeout(sock.retry);
      sock.retry = setTimeout(() => sock.closed || s.connect(), 100 + Math.random() * 400);
    }
  });
  s.on("connect_error", (err) => {
    if (process.env.BENCH_DEBUG) console.error(`connect ${u.id}: ${err.message}`);
    if (!a.reconnect || sock.closed || s.active) return;
    if (RETRYABLE_REFUSALS.includes(err.message)) {
      const delay = Math.min(REFUSAL_RETRY_MAX_MS, REFUSAL_RETRY_MIN_MS * 2 ** sock.refusals++);
      clearTimeout(sock.retry);
      sock.retry = setTimeout(() => sock.closed || s.connect(), delay / 2 + Math.random() * (delay / 2));
    }
  });
  return new Promise((resolve) => {
    const give = setTimeout(() => done(null), a.openTimeoutMs ?? 120_000);
    const done = (r: Sock | null) => {
      clearTimeout(give);
      s.off("connect", ok);
      s.off("connect_error", bad);
      if (!r) {
        sock.closed = true;
        clearTimeout(sock.retry);
        s.close();
      }
      resolve(r);
    };
    const ok = () => {
      if (a.heartbeat) {
        const first = setTimeout(() => {
          sock.beat = setInterval(() => s.connected && s.emit("presence:heartbeat", { idle: sock.idle }, () => {}), 30_000);
          s.emit("presence:heartbeat", { idle: sock.idle }, () => {});
        }, Math.random() * 30_000);
        sock.beat = first;
      }
      done(sock);
    };
    // Final unless the socket retries by itself or, with `reconnect`, by hand (see above).
    const bad = (err: Error) => {
      if (a.reconnect && (s.active || RETRYABLE_REFUSALS.includes(err.message))) return;
      done(null);
    };
    s.on("connect", ok);
    s.on("connect_error", bad);
  });
}

async function connect(a: ConnectArgs) {
  const g = group(a.group);
  if (a.subscribe) g.subscribe = a.subscribe;
  if (a.list) g.list = a.list;
  const list = g.socks;
  if (a.at) await sleep(a.at - now());
  const start = now();
  let failed = 0;
  const add = (sock: Sock | null) => {
    if (!sock) return void failed++;
    sock.pos = list.length;
    list.push(sock);
  };
  if (a.at) {
    // All at once: every socket opened in this tick.
    const opened = await Promise.all(a.indices.map((i, j) => open(a, g, i, j)));
    opened.forEach(add);
  } else {
    let next = 0;
    const one = async () => {
      while (next < a.indices.length) {
        const j = next++;
        if (a.spreadMs) await sleep(start + (j / a.indices.length) * a.spreadMs - now());
        add(await open(a, g, a.indices[j]!, j));
      }
    };
    const lanes = a.spreadMs ? Math.min(a.indices.length, 200) : (a.concurrency ?? 50);
    await Promise.all(Array.from({ length: lanes }, one));
  }
  const lastConnect = Math.max(start, ...list.map((s) => s.connectedAt ?? start));
  return { connected: list.length, failed, ms: Math.round(now() - start), start, lastConnect };
}

function closeSock(s: Sock) {
  s.closed = true;
  clearTimeout(s.beat);
  clearInterval(s.beat);
  clearTimeout(s.retry);
  if (s.v) clearTimeout(s.v.timer);
  s.s.removeAllListeners();
  s.s.close();
}

const all = () => [...groups.values()].flatMap((g) => g.socks);

/** Bytes by kind, summed over sockets. */
function byTotal(list: Sock[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of list) for (const [k, v] of s.by) out[k] = (out[k] ?? 0) + v;
  return out;
}

// ---------------------------------------------------------------- saturation probe

/** Latency histogram in 0.1 ms bins: [bin, count] pairs. */
function analyze(g: Group, sends: { u: number; t: number; a: number }[], until: number) {
  const p = g.probe!;
  const P = p.ids.size;
  // Receipts per (socket, probe user), in time order (appended in receive order).
  const by = new Map<number, number[]>();
  for (let r = 0; r < p.t.length; r++) {
    let l = by.get(p.key[r]!);
    if (!l) by.set(p.key[r]!, (l = []));
    l.push(r);
  }
  const perUser: { t: number; a: number }[][] = Array.from({ length: P }, () => []);
  for (const s of [...sends].sort((x, y) => x.t - y.t)) perUser[s.u]!.push(s);
  const hist = new Map<number, number>();
  let expected = 0;
  let delivered = 0;
  const observers = g.socks.filter((s) => !s.closed && s.s.connected);
  for (let u = 0; u < P; u++) {
    const flips = perUser[u]!;
    for (const o of observers) {
      const rs = by.get(o.pos * P + u) ?? [];
      let from = 0;
      for (let k = 0; k < flips.length; k++) {
        const f = flips[k]!;
        // Delivered: the first accepted entry with the flip's status after the flip was sent and
        // before the flip after next (which sets the same status again) was sent.
        const bound = flips[k + 2]?.t ?? until;
        expected++;
        while (from < rs.length && p.t[rs[from]!]! <= f.t) from++;
        for (let x = from; x < rs.length; x++) {
          const r = rs[x]!;
          if (p.t[r]! >= bound) break;
          if (p.active[r] !== f.a) continue;
          delivered++;
          const bin = Math.round((p.t[r]! - f.t) * 10);
          hist.set(bin, (hist.get(bin) ?? 0) + 1);
          break;
        }
      }
    }
  }
  return { expected, delivered, observers: observers.length, hist: [...hist], acks: p.acks, acksOk: p.acksOk };
}

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
  resetCounts: ({ group: name }: { group?: string } = {}) => {
    for (const s of name ? socksOf(name) : all()) (s.msgs = 0), (s.entries = 0), (s.syncs = 0);
  },
  counts: ({ group: name }: { group: string }) => socksOf(name).map((s) => ({ msgs: s.msgs, entries: s.entries, syncs: s.syncs })),

  /** Watch these users in every view of the group (starts the convergence and "ever not active" tracking). */
  watch: ({ group: name, userIds }: { group: string; userIds: string[] }) => {
    const g = group(name);
    g.watch = new Set(userIds);
    const t = now();
    for (const s of g.socks) {
      if (!s.v) continue;
      Object.assign(s.v, { convergedAt: undefined, markConnects: undefined, reconvergedAt: undefined, ever: false, maxMissing: 0, openSince: undefined, intervals: [] });
      recount(s);
      evaluate(s, t);
    }
  },
  /** From now on: "ever not active" afresh, and reconvergence needs a newer, synced connection. */
  mark: ({ group: name }: { group: string }) => {
    const t = now();
    for (const s of socksOf(name)) {
      if (!s.v) continue;
      Object.assign(s.v, { markConnects: s.connects, reconvergedAt: undefined, ever: false, maxMissing: 0, intervals: [], openSince: undefined, syncErrors: 0, errorsBy: new Map(), fulls: 0, mismatches: 0 });
      s.bytes = 0;
      s.by = new Map();
      s.subAnswers = 0;
      s.reconnectedAt = undefined;
      evaluate(s, t);
    }
    return t;
  },
  /** Cheap progress poll. */
  watchProgress: ({ group: name }: { group: string }) => {
    const list = socksOf(name);
    return {
      sockets: list.length,
      connected: list.filter((s) => s.s.connected).length,
      converged: list.filter((s) => s.v?.convergedAt !== undefined).length,
      reconnected: list.filter((s) => s.reconnectedAt !== undefined).length,
      reconverged: list.filter((s) => s.v?.reconvergedAt !== undefined).length,
      ever: list.filter((s) => s.v?.ever).length,
    };
  },
  /** Full per-group figures (times on the now() clock). */
  watchStats: ({ group: name }: { group: string }) => {
    const list = socksOf(name);
    const t = now();
    const max = (xs: (number | undefined)[]) => xs.reduce<number | null>((m, x) => (x === undefined ? m : m === null || x > m ? x : m), null);
    return {
      sockets: list.length,
      connected: list.filter((s) => s.s.connected).length,
      lastConnect: max(list.map((s) => s.connectedAt)),
      converged: list.filter((s) => s.v?.convergedAt !== undefined).length,
      lastConverged: max(list.map((s) => s.v?.convergedAt)),
      reconnected: list.filter((s) => s.reconnectedAt !== undefined).length,
      lastReconnect: max(list.map((s) => s.reconnectedAt)),
      reconverged: list.filter((s) => s.v?.reconvergedAt !== undefined).length,
      lastReconverged: max(list.map((s) => s.v?.reconvergedAt)),
      ever: list.filter((s) => s.v?.ever).length,
      maxMissing: Math.max(0, ...list.map((s) => s.v?.maxMissing ?? 0)),
      /** [from, to] pairs of every socket that showed a watched user not active (open ones end now). */
      intervals: list.flatMap((s) => (s.v ? [...s.v.intervals, ...(s.v.openSince !== undefined ? [s.v.openSince, t] : [])] : [])),
      msgs: list.map((s) => s.msgs + s.syncs),
      syncErrors: list.reduce((a, s) => a + (s.v?.syncErrors ?? 0), 0),
      syncErrorsBy: Object.fromEntries(
        list.reduce((m, s) => {
          for (const [k, n] of s.v?.errorsBy ?? []) m.set(k, (m.get(k) ?? 0) + n);
          return m;
        }, new Map<string, number>()),
      ),
      syncs: list.reduce((a, s) => a + s.syncs, 0),
      fulls: list.reduce((a, s) => a + (s.v?.fulls ?? 0), 0),
      mismatches: list.reduce((a, s) => a + (s.v?.mismatches ?? 0), 0),
      bytes: list.map((s) => s.bytes),
      by: byTotal(list),
      subAnswers: list.reduce((a, s) => a + s.subAnswers, 0),
      /** Rows in the member-list windows held (the `list` option). */
      windowRows: list.reduce((a, s) => a + (s.window?.rows.length ?? 0), 0),
    };
  },
  /** Bytes received by the group's sockets so far (since creation or the mark), total and by kind. */
  bytes: ({ group: name }: { group: string }) => {
    const list = socksOf(name);
    return { bytes: list.map((s) => s.bytes), by: byTotal(list) };
  },
  /** The first socket of the group asks `members:range` 0..rows once; the ids in the answer. */
  firstPage: async ({ group: name, rows }: { group: string; rows: number }) => {
    const sock = socksOf(name).find((s) => s.s.connected);
    if (!sock) throw new Error(`no connected socket in ${name}`);
    label(sock, "members:range");
    const res = (await sock.s.timeout(SYNC_TIMEOUT_MS).emitWithAck("members:range", { start: 0, end: rows })) as AckRes<MemberListPage>;
    if (!res.ok) throw new Error(`members:range: ${res.error}`);
    return res.data.rows.map((r) => ({ userId: r.userId, status: r.status }));
  },

  /** Starts recording accepted entries of these users at every socket of the group. */
  probe: ({ group: name, userIds }: { group: string; userIds: string[] }) => {
    const g = group(name);
    g.probe = { ids: new Map(userIds.map((id, i) => [id, i])), t: [], key: [], active: [], acks: 0, acksOk: 0 };
    for (const s of g.socks) s.pv = new Float64Array(userIds.length).fill(-Infinity);
  },
  /** Clears the recorded entries (keeps the highest versions). */
  probeReset: ({ group: name }: { group: string }) => {
    const p = groups.get(name)?.probe;
    if (p) Object.assign(p, { t: [], key: [], active: [], acks: 0, acksOk: 0 });
  },
  /**
   * Flips the group's sockets round robin at `perSecond` for `ms`, from `at`; returns the number
   * sent and the flips of probe users (probe index, send time, 1 if it made the user active).
   */
  satRun: async ({ group: name, perSecond, ms, at }: { group: string; perSecond: number; ms: number; at: number }) => {
    const g = groups.get(name);
    const list = (g?.socks ?? []).filter((s) => s.s.connected);
    const p = g?.probe;
    if (!g || !p || !list.length) return { sent: 0, sends: [] };
    await sleep(at - now());
    const sends: { u: number; t: number; a: number }[] = [];
    let sent = 0;
    let maxLagMs = 0;
    const start = now();
    for (;;) {
      const el = now() - start;
      if (el >= ms) break;
      const due = Math.floor((el / 1000) * perSecond);
      if (due > sent + 1) maxLagMs = Math.max(maxLagMs, ((due - sent - 1) / perSecond) * 1000);
      while (sent < due) {
        const sock = list[sent++ % list.length]!;
        sock.idle = !sock.idle;
        const u = p.ids.get(sock.userId);
        const t = now();
        if (u !== undefined) sends.push({ u, t, a: sock.idle ? 0 : 1 });
        sock.s.emit("presence:activity", { idle: sock.idle }, (r: { ok?: boolean }) => {
          p.acks++;
          if (r?.ok) p.acksOk++;
        });
      }
      await sleep(4);
    }
    return { sent, sends, maxLagMs: Math.round(maxLagMs) };
  },
  probeAnalyze: ({ group: name, sends, until }: { group: string; sends: { u: number; t: number; a: number }[]; until: number }) => {
    const g = groups.get(name);
    if (!g?.probe) throw new Error(`no probe on ${name}`);
    const r = analyze(g, sends, until);
    Object.assign(g.probe, { t: [], key: [], active: [] });
    return r;
  },

  /** Flips one socket's activity; returns the send time (taken right before the emit). */
  toggle: ({ group: name, index }: { group: string; index: number }) => {
    const sock = socksOf(name)[index];
    if (!sock) throw new Error(`no socket ${name}[${index}]`);
    sock.idle = !sock.idle;
    const t = now();
    sock.s.emit("presence:activity", { idle: sock.idle }, () => {});
    return { t, userId: sock.userId, status: sock.idle ? "away" : "active" };
  },
  /** Flips sockets round-robin at `perSecond` for `ms`; counts acks that were ok. */
  churn: async ({ group: name, perSecond, ms }: { group: string; perSecond: number; ms: number }) => {
    const list = socksOf(name);
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
  /** Whether the server answers `presence:sync` (one socket, opened and closed here). */
  probeSync: async ({ url, index, workspace, timeoutMs = 5_000 }: { url: string; index: number; workspace: string; timeoutMs?: number }) => {
    const g: Group = { name: "probe-sync", socks: [] };
    const sock = await open({ group: g.name, url, indices: [index], workspace, openTimeoutMs: 30_000 }, g, index, 0);
    if (!sock) return { connected: false, answers: false };
    try {
      const res = await sock.s.timeout(timeoutMs).emitWithAck("presence:sync", {}).catch(() => null);
      return { connected: true, answers: !!(res as AckRes<PresenceSync> | null)?.ok };
    } finally {
      closeSock(sock);
    }
  },
  close: ({ group: name }: { group?: string }) => {
    for (const [n, g] of groups) {
      if (name && n !== name) continue;
      for (const s of g.socks) closeSock(s);
      groups.delete(n);
    }
  },
});
