/**
 * The lazy member lists of this instance: one ordered list per workspace that someone here
 * shows (built from a workspace snapshot, then kept by the presence deliveries every instance
 * receives), each socket's subscribed range, and the ops and counts those ranges get.
 *
 * The list holds every member's status as outsiders see it (an invisible member is offline and
 * never moves). A viewer who sees through some invisible members (they are on their allowlist,
 * or it is themself) gets an overlay of the list; such a socket is told to ask again
 * (`members:invalidated`) when its rows or those members change, instead of receiving ops.
 * Sockets that hold the same range form a group: each change is translated once per group and
 * its ops go out in one message to the whole group, at most once per `opsEveryMs` (a lone change
 * at once); more ops than the range has rows go out as the rows themselves. A socket that joins
 * a group is later sent only the ops its rows did not hold. A storm of changes or of sockets
 * opening the list thus costs each socket a few messages a second, not one per arrival.
 * Parts handed in: the snapshot loader and the outbox, so tests run it without sockets.
 */
import type { PresenceDelivery } from "@/shared/events";
import { rowsDigest, type MemberCounts, type MemberListPage, type MemberListRow, type RangeOp } from "@/shared/member-list";
import type { PresenceStatus } from "@/shared/presence";
import { MemberList, viewerOverlay, type ListChange } from "./member-list";

/** A workspace as the list starts from: every member with their outsiders' status and version, and who sees through whom. */
export interface ListSnapshot {
  members: { userId: string; name: string; email?: string; status: PresenceStatus; version: number }[];
  hidden: Hidden[];
}

/** An invisible member as insiders see them, at the version of that view. */
interface Hidden {
  userId: string;
  status: PresenceStatus;
  insiders: ReadonlySet<string>;
  version: number;
}

export interface ListOutbox {
  /** One message to every socket of a group (they hold the same range). */
  ops(socketIds: readonly string[], ops: RangeOp[], counts: MemberCounts): void;
  counts(socketIds: readonly string[], counts: MemberCounts): void;
  invalidated(socketIds: readonly string[]): void;
}

export interface MemberListsOptions {
  load(workspaceId: string): Promise<ListSnapshot>;
  outbox: ListOutbox;
  /** Counts go to every socket with a range at most this often (default 1 s). */
  countsEveryMs?: number;
  /** A list nobody here has shown (or asked the counts of) for this long is dropped (default 5 min). */
  idleMs?: number;
  /** Ops go to a range's sockets at most this often (default 250 ms; 0: after every delivery). */
  opsEveryMs?: number;
  /** Clock of the ops throttle (default Date.now). */
  now?: () => number;
}

interface RangeSub {
  viewer: string;
  start: number;
  end: number;
  /** The viewer sees through some invisible members: told to ask again instead of getting ops. */
  overlay: boolean;
}

/** The sockets (without an overlay) that hold one range, and the ops they have not been sent yet. */
interface Group {
  start: number;
  end: number;
  sockets: Set<string>;
  pending: RangeOp[];
  /** Sockets that joined since the last message, and how many pending ops their rows already held. */
  joined: Map<string, number>;
  timer: NodeJS.Timeout | null;
  sentAt: number;
}

const groupKey = (start: number, end: number) => `${start}:${end}`;

interface Entry {
  list: MemberList;
  versions: Map<string, number>;
  hidden: Map<string, Hidden>;
  /** Deliveries that came while the snapshot loaded (null once built). */
  buffer: (readonly PresenceDelivery[])[] | null;
  ready: Promise<void>;
  sockets: Map<string, RangeSub>;
  groups: Map<string, Group>;
  /** Sockets with an overlay (a subset of `sockets`). */
  overlays: Set<string>;
  countsTimer: NodeJS.Timeout | null;
  countsSent: string;
  idleTimer: NodeJS.Timeout | null;
}

const row = (it: MemberListRow): MemberListRow => ({ userId: it.userId, name: it.name, status: it.status });

export class MemberLists {
  private readonly lists = new Map<string, Entry>();
  private readonly socketWs = new Map<string, string>();

  constructor(private readonly opts: MemberListsOptions) {}

  /** Rows [start, end) as this viewer sees them; the socket then gets ops for them. */
  async range(workspaceId: string, socketId: string, viewerId: string, start: number, end: number, digest?: string): Promise<MemberListPage> {
    const { entry, seen, view } = await this.viewFor(workspaceId, viewerId, false);
    const prev = this.socketWs.get(socketId);
    if (prev && prev !== workspaceId) this.drop(socketId);
    this.leaveGroup(entry, socketId);
    this.socketWs.set(socketId, workspaceId);
    entry.sockets.set(socketId, { viewer: viewerId, start, end, overlay: seen.size > 0 });
    if (seen.size) entry.overlays.add(socketId);
    else this.joinGroup(entry, socketId, start, end);
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
    const rows = view.range(start, end).map(row);
    // The client holds these rows already (a reconnect): only the counts go back.
    if (digest !== undefined && digest === rowsDigest(rows)) return { start, rows: [], counts: view.counts(), unchanged: true };
    return { start, rows, counts: view.counts() };
  }

  /** Members whose name has a word, or whose email, starts with `q`, as this viewer sees them, in list order. */
  async search(workspaceId: string, viewerId: string, q: string, limit: number): Promise<MemberListRow[]> {
    const entry = await this.entry(workspaceId);
    const seen = this.seenThrough(entry, viewerId);
    const hits = entry.list.search(q, limit).map((h) => ({ ...row(h.item), status: seen.get(h.item.userId) ?? h.item.status }));
    if (!seen.size) return hits;
    const view = viewerOverlay(entry.list, seen);
    return hits.sort((a, b) => view.indexOf(a.userId) - view.indexOf(b.userId));
  }

  /**
   * The counts as this viewer sees them (those a range of theirs carries), without a socket: the
   * admin table's totals. A call counts as a use: while no range here holds the list, it stays
   * for the idle period after the last call (a page every few minutes does not rebuild it).
   */
  async counts(workspaceId: string, viewerId: string): Promise<MemberCounts> {
    return (await this.viewFor(workspaceId, viewerId, true)).view.counts();
  }

  /**
   * How many of `userIds` (say a channel's members) are online as this viewer sees them: the
   * member list's rule, so an invisible member counts as offline unless the viewer sees through
   * them. Ids that are not members count as offline. A call counts as a use, as `counts` does.
   */
  async onlineAmong(workspaceId: string, viewerId: string, userIds: Iterable<string>): Promise<number> {
    const { entry, seen } = await this.viewFor(workspaceId, viewerId, true);
    let online = 0;
    for (const id of userIds) {
      const status = seen.get(id) ?? entry.list.get(id)?.status ?? "offline";
      if (status !== "offline") online++;
    }
    return online;
  }

  /**
   * Rows [start, end) and the counts as this viewer sees them, without a socket: what a page
   * renders on the server before its socket connects (the socket then asks for the same rows by
   * digest). A call counts as a use, as `counts` does.
   */
  async peek(workspaceId: string, viewerId: string, start: number, end: number): Promise<MemberListPage> {
    const { view } = await this.viewFor(workspaceId, viewerId, true);
    return { start, rows: view.range(start, end).map(row), counts: view.counts() };
  }

  /**
   * The workspace's current list (a list dropped while it loaded, because members joined or
   * left, is loaded again) as this viewer sees it. `use`: a call without a socket, which keeps
   * a list no range holds for the idle period from now.
   */
  private async viewFor(workspaceId: string, viewerId: string, use: boolean) {
    let entry = await this.entry(workspaceId);
    while (this.lists.get(workspaceId) !== entry) entry = await this.entry(workspaceId);
    if (use && !entry.sockets.size) this.idleFromNow(workspaceId, entry);
    const seen = this.seenThrough(entry, viewerId);
    return { entry, seen, view: seen.size ? viewerOverlay(entry.list, seen) : entry.list };
  }

  /** The socket closed (or left the list). */
  drop(socketId: string): void {
    const ws = this.socketWs.get(socketId);
    if (!ws) return;
    this.socketWs.delete(socketId);
    const entry = this.lists.get(ws);
    if (!entry) return;
    this.leaveGroup(entry, socketId);
    entry.sockets.delete(socketId);
    if (entry.sockets.size || entry.idleTimer) return;
    this.idleFromNow(ws, entry);
  }

  /** Nobody here shows it: drop it after the idle period from now (it is rebuilt on the next request). */
  private idleFromNow(ws: string, entry: Entry): void {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      if (this.lists.get(ws) === entry && entry.sockets.size === 0) this.discard(ws, entry);
    }, this.opts.idleMs ?? 300_000);
    entry.idleTimer.unref();
  }

  private discard(ws: string, entry: Entry): void {
    this.lists.delete(ws);
    if (entry.countsTimer) clearTimeout(entry.countsTimer);
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    for (const g of entry.groups.values()) if (g.timer) clearTimeout(g.timer);
    entry.groups.clear();
  }

  /**
   * Joins a range's group. The new socket's rows already hold what the group has pending: it is
   * sent only the ops that come after (an arrival flushes nothing to the others).
   */
  private joinGroup(entry: Entry, socketId: string, start: number, end: number): void {
    const key = groupKey(start, end);
    let g = entry.groups.get(key);
    if (!g) entry.groups.set(key, (g = { start, end, sockets: new Set(), pending: [], joined: new Map(), timer: null, sentAt: 0 }));
    g.sockets.add(socketId);
    if (g.pending.length) g.joined.set(socketId, g.pending.length);
  }

  private leaveGroup(entry: Entry, socketId: string): void {
    const sub = entry.sockets.get(socketId);
    if (!sub) return;
    if (sub.overlay) return void entry.overlays.delete(socketId);
    const key = groupKey(sub.start, sub.end);
    const g = entry.groups.get(key);
    if (!g) return;
    g.sockets.delete(socketId);
    g.joined.delete(socketId);
    if (g.sockets.size) return;
    if (g.timer) clearTimeout(g.timer);
    entry.groups.delete(key);
  }

  /** Sends a group's pending ops now, or once `opsEveryMs` has passed since its last message. */
  private schedule(entry: Entry, g: Group): void {
    if (g.timer) return;
    const every = this.opts.opsEveryMs ?? 250;
    const wait = g.sentAt + every - (this.opts.now ?? Date.now)();
    if (wait <= 0) return this.flush(entry, g);
    g.timer = setTimeout(() => {
      g.timer = null;
      if (entry.groups.get(groupKey(g.start, g.end)) === g) this.flush(entry, g);
    }, wait);
    g.timer.unref();
  }

  private flush(entry: Entry, g: Group): void {
    if (g.timer) clearTimeout(g.timer);
    g.timer = null;
    const pending = g.pending;
    const joined = g.joined;
    g.pending = [];
    g.joined = new Map();
    if (!pending.length) return;
    g.sentAt = (this.opts.now ?? Date.now)();
    // Sockets by how many pending ops they held already (0: all of them are new to it).
    const byHeld = new Map<number, string[]>();
    for (const socketId of g.sockets) {
      const held = joined.get(socketId) ?? 0;
      if (held === pending.length) continue;
      const ids = byHeld.get(held);
      if (ids) ids.push(socketId);
      else byHeld.set(held, [socketId]);
    }
    const counts = entry.list.counts();
    let rows: RangeOp[] | null = null;
    for (const [held, ids] of byHeld) {
      const ops = pending.length - held >= g.end - g.start ? (rows ??= this.rowsOp(entry, g)) : held ? pending.slice(held) : pending;
      this.opts.outbox.ops(ids, ops, counts);
    }
  }

  /** The list already holds every pending change: more ops than rows go out as the rows. */
  private rowsOp(entry: Entry, g: Group): RangeOp[] {
    return [{ kind: "rows", index: g.start, items: entry.list.range(g.start, g.end).map(row) }];
  }

  /** Members joined or left, or deliveries may have been lost: rebuild on the next request; ranges ask again. */
  forget(workspaceId?: string): void {
    for (const ws of workspaceId ? [workspaceId] : [...this.lists.keys()]) {
      const entry = this.lists.get(ws);
      if (!entry) continue;
      this.discard(ws, entry);
      this.opts.outbox.invalidated([...entry.sockets.keys()]);
      for (const id of entry.sockets.keys()) this.socketWs.delete(id);
    }
  }

  close(): void {
    for (const [ws, e] of [...this.lists]) this.discard(ws, e);
    this.socketWs.clear();
  }

  /** Presence deliveries of a workspace (every instance gets all of them): the list follows outsiders' statuses. */
  apply(workspaceId: string, deliveries: readonly PresenceDelivery[]): void {
    const entry = this.lists.get(workspaceId);
    if (!entry) return;
    if (entry.buffer) return void entry.buffer.push(deliveries);
    const touched = new Set<Group>();
    const invalid = new Set<string>();
    const before = entry.list.counts();
    for (const d of deliveries) {
      const u = d.update;
      const held = entry.versions.get(u.userId);
      if (held === undefined) continue;
      // Deliveries of one user may arrive out of order (the workspace-wide ones are coalesced,
      // the audience-split ones are not): each view moves only forward. An insiders' view is never
      // older than outsiders' (they share one version sequence, the private one ahead).
      const hidden = entry.hidden.get(u.userId);
      if (d.only) {
        // Insiders' view of an invisible member ("removed" viewers' replacements change nothing here).
        if (!u.replace && u.version >= held && u.version > (hidden?.version ?? -1)) {
          this.hide(entry, { userId: u.userId, status: u.status, insiders: new Set(d.only), version: u.version }, invalid);
        }
        continue;
      }
      if (held >= u.version) continue;
      // Visible again (to everyone), newer than the insiders' view.
      if (!d.except && hidden && hidden.version < u.version) this.unhide(entry, u.userId, invalid);
      entry.versions.set(u.userId, u.version);
      const change = entry.list.setStatus(u.userId, u.status);
      if (change) this.translate(entry, change, touched, invalid);
    }
    const counts = entry.list.counts();
    for (const g of touched) this.schedule(entry, g);
    if (invalid.size) this.opts.outbox.invalidated([...invalid]);
    if (counts.online !== before.online || counts.active !== before.active) this.countsSoon(entry);
  }

  /** One translation per range held: its group gets the ops; overlay sockets in reach ask again. */
  private translate(entry: Entry, change: ListChange, touched: Set<Group>, invalid: Set<string>): void {
    for (const g of entry.groups.values()) {
      const more = entry.list.opsForRange(change, [g.start, g.end]);
      if (!more.length) continue;
      g.pending.push(...more);
      touched.add(g);
    }
    for (const socketId of entry.overlays) {
      const sub = entry.sockets.get(socketId)!;
      if (entry.list.opsForRange(change, [sub.start, sub.end]).length) invalid.add(socketId);
    }
  }

  private hide(entry: Entry, h: Hidden, invalid: Set<string>): void {
    const prev = entry.hidden.get(h.userId);
    entry.hidden.set(h.userId, h);
    this.touchInsiders(entry, prev?.insiders, h.insiders, invalid);
  }

  private unhide(entry: Entry, userId: string, invalid: Set<string>): void {
    const prev = entry.hidden.get(userId)!;
    entry.hidden.delete(userId);
    this.touchInsiders(entry, prev.insiders, undefined, invalid);
  }

  /** Sockets whose viewer saw, or now sees, through a member ask for their range again. */
  private touchInsiders(entry: Entry, a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined, invalid: Set<string>): void {
    for (const [socketId, sub] of entry.sockets) if (a?.has(sub.viewer) || b?.has(sub.viewer)) invalid.add(socketId);
  }

  private seenThrough(entry: Entry, viewerId: string): Map<string, PresenceStatus> {
    const seen = new Map<string, PresenceStatus>();
    for (const [userId, h] of entry.hidden) if (h.insiders.has(viewerId)) seen.set(userId, h.status);
    return seen;
  }

  /** Counts to every socket with a range, at most once per period per workspace (overlay viewers get their own). */
  private countsSoon(entry: Entry): void {
    if (entry.countsTimer) return;
    entry.countsTimer = setTimeout(() => {
      entry.countsTimer = null;
      const counts = entry.list.counts();
      const key = JSON.stringify(counts);
      if (key === entry.countsSent) return;
      entry.countsSent = key;
      const plain: string[] = [];
      for (const [socketId, sub] of entry.sockets) {
        if (!sub.overlay) plain.push(socketId);
        else this.opts.outbox.counts([socketId], viewerOverlay(entry.list, this.seenThrough(entry, sub.viewer)).counts());
      }
      if (plain.length) this.opts.outbox.counts(plain, counts);
    }, this.opts.countsEveryMs ?? 1_000);
    entry.countsTimer.unref();
  }

  private async entry(workspaceId: string): Promise<Entry> {
    let entry = this.lists.get(workspaceId);
    if (!entry) {
      const e: Entry = {
        list: new MemberList(),
        versions: new Map(),
        hidden: new Map(),
        buffer: [],
        ready: Promise.resolve(),
        sockets: new Map(),
        groups: new Map(),
        overlays: new Set(),
        countsTimer: null,
        countsSent: "",
        idleTimer: null,
      };
      e.ready = this.opts.load(workspaceId).then(
        (snap) => {
          e.list = MemberList.from(snap.members.map((m) => ({ member: { userId: m.userId, name: m.name, email: m.email }, status: m.status })));
          for (const m of snap.members) e.versions.set(m.userId, m.version);
          for (const h of snap.hidden) e.hidden.set(h.userId, h);
          e.countsSent = JSON.stringify(e.list.counts());
          const buffered = e.buffer ?? [];
          e.buffer = null;
          for (const d of buffered) this.apply(workspaceId, d);
        },
        (err: unknown) => {
          if (this.lists.get(workspaceId) === e) this.lists.delete(workspaceId);
          throw err;
        },
      );
      this.lists.set(workspaceId, (entry = e));
    }
    await entry.ready;
    return entry;
  }
}
