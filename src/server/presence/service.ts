// The presence shell around the store: this instance's connections and their grace periods, and
// the one funnel (`announce`) through which every change of what others see of a user (status,
// devices, last seen, custom status, do-not-disturb end) reaches the database and the viewers.
// Connection changes cost one store script and no database query; mode, status and allowlist
// changes read the user's workspaces once. What each viewer receives is decided by
// engine.audience alone; the emitter delivers it.
import { PRESENCE_UNAVAILABLE } from "@/shared/events";
import type { CustomStatus } from "@/shared/custom-status";
import type { PresenceSync, PresenceSyncRequest, VisiblePresence } from "@/shared/presence";
import { presenceDigest } from "@/shared/presence-sync";
import { AppError } from "../errors";
import { logger, warnThrottled } from "../logger";
import { metrics } from "../metrics";
import { audience, carriesLastSeen, lastSeenPatch, typingAudience, type Audience, type PresenceChange, type PresenceMode } from "./engine";
import type { PresenceEmitter } from "./emitter";
import { Liveness } from "./liveness";
import type { ConnectionRecord, PresenceStore, UserChange, UserSeed } from "./store";
import type { UserWrites } from "./user-writes";
import { buildView, readSome, ViewCache, type Directory, type WorkspaceView } from "./views";

/** The database reads the service needs (users.ts in the app; a map in tests). */
export interface UserRepository {
  /** A user's presence fields and workspaces; null if there is no such user. */
  loadUser(userId: string): Promise<{ seed: UserSeed; workspaceIds: string[] } | null>;
  /** Presence fields of some users (to re-seed the store after it lost its data). */
  loadSeeds(userIds: readonly string[]): Promise<Map<string, UserSeed>>;
}

export interface PresenceServiceOptions {
  store: PresenceStore;
  emitter: PresenceEmitter;
  directory: Directory & { allowlist(userId: string, version: number): Promise<ReadonlySet<string>> };
  users: UserRepository;
  writes: UserWrites;
  instanceId: string;
  /** After a connection closes, it counts for this long, so a reload never flashes offline. */
  graceMs: number;
  /** After a graceful shutdown, the instance's connections count this long (clients reconnect elsewhere). */
  restartGraceMs: number;
  livenessMs: number;
  /** A sync may be answered from a snapshot at most this old (anti-entropy checks). */
  snapshotMaxAgeMs?: number;
  /**
   * Resolves once changes reach the other instances again (the adapter's Redis connections are
   * up). A recovery waits for it before re-registering and asking pages to sync: a change sent
   * after that sync through a connection still reconnecting would be lost to other instances.
   */
  transportReady?: () => Promise<void>;
  now?: () => number;
}

interface LocalConn {
  rec: ConnectionRecord;
  /** Database fields read at connect, for re-seeding the store. */
  seed: UserSeed;
  /** The store holds this connection as it is here (false after a refused write). */
  stored: boolean;
}


/** Store errors (Redis down, timeouts) become a clear 503 for the caller. */
async function orUnavailable<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AppError) throw err;
    warnThrottled({ err: String(err) }, "presence store unavailable");
    throw new AppError(503, PRESENCE_UNAVAILABLE);
  }
}

export class PresenceService {
  private readonly local = new Map<string, LocalConn>();
  /** Closed connections still counted during the grace period. */
  private readonly closing = new Map<string, { conn: LocalConn; endedAt: number; timer: NodeJS.Timeout }>();
  /** Removals the store refused (outage), retried when it is back. */
  private readonly removals = new Map<string, { conn: LocalConn; endedAt: number }>();
  private readonly views: ViewCache;
  private readonly now: () => number;
  readonly liveness: Liveness;

  constructor(private readonly opts: PresenceServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.views = new ViewCache((ws, at) => buildView(opts.store, opts.directory, ws, at), this.now);
    this.liveness = new Liveness({
      store: opts.store,
      instanceId: opts.instanceId,
      livenessMs: opts.livenessMs,
      onUnknown: () => this.reconcile(false),
      onReaped: (changes) => changes.forEach((c) => this.announce(c, "reap")),
      onRecovered: () => void this.storeBack().catch((err: unknown) => logger.warn({ err }, "presence re-registration failed")),
      now: this.now,
    });
  }

  get instanceId() {
    return this.opts.instanceId;
  }

  start(): void {
    this.liveness.start();
  }

  /** A socket joined. `replaces` is the same tab's previous connection, removed in the same step. */
  async connect(rec: ConnectionRecord, seed: UserSeed, replaces?: string): Promise<void> {
    const conn: LocalConn = { rec, seed, stored: false };
    this.local.set(rec.connId, conn);
    // A live connection of this instance is never replaced (only a closed one: a reload, a reconnect).
    if (replaces && this.local.has(replaces)) replaces = undefined;
    const old = replaces ? this.closing.get(replaces) : undefined;
    if (old && old.conn.rec.userId === rec.userId && old.conn.rec.workspaceId === rec.workspaceId) {
      clearTimeout(old.timer);
      this.closing.delete(replaces!);
    }
    // A lone failure (a command past its timeout under load, the store not down) is tried twice
    // more, 0.5 s and 1 s later, while the socket is open; then the connection stays local and is
    // registered when the store is back (or at its next activity report).
    for (let attempt = 1; ; attempt++) {
      try {
        this.announce(await this.opts.store.addConnection(rec, seed, replaces), "connect");
        conn.stored = true;
        return;
      } catch (err) {
        if (attempt === 3 || this.local.get(rec.connId) !== conn) throw err;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  async setIdle(connId: string, idle: boolean): Promise<boolean> {
    const conn = this.local.get(connId);
    if (!conn) return false;
    if (conn.rec.idle === idle && conn.stored) return true; // a heartbeat restating the known state
    conn.rec.idle = idle; // kept even if the store is down: reconcile() writes it later
    conn.stored = false;
    const change = await orUnavailable(this.opts.store.setIdle(conn.rec));
    // Unknown to the store (it was reaped or lost its data): register it again.
    this.announce(change ?? (await orUnavailable(this.opts.store.addConnection(conn.rec, conn.seed))), "activity");
    conn.stored = conn.rec.idle === idle;
    return true;
  }

  /** The connection keeps counting for the grace period; last seen is when it closed. */
  disconnect(connId: string): void {
    const conn = this.local.get(connId);
    if (!conn) return;
    this.local.delete(connId);
    const endedAt = this.now();
    const timer = setTimeout(() => {
      this.closing.delete(connId);
      void this.remove(conn, endedAt);
    }, this.opts.graceMs);
    timer.unref();
    this.closing.set(connId, { conn, endedAt, timer });
  }

  /**
   * Sets the mode (with `dndUntil`: the end of a timed do-not-disturb, shown to those who see the
   * status; any mode change without it ends one). Every tab of the user hears it. Returns the
   * mode the store held before (undefined for a user in no workspace).
   */
  async setMode(userId: string, mode: PresenceMode, dndUntil: number | null = null): Promise<PresenceMode | undefined> {
    const changes = await this.change(userId, { mode, dndUntil }, "mode");
    this.opts.writes.enqueue(userId, { mode });
    this.opts.emitter.toUser(userId, { mode, dndUntil: dndUntil === null ? null : new Date(dndUntil).toISOString() });
    return changes[0]?.before.mode;
  }

  /**
   * Sets the custom status. The store takes it first (its seed from the database is then still
   * the status viewers may hold); the database copy follows through the write queue.
   */
  async setCustom(userId: string, custom: CustomStatus | null): Promise<void> {
    await this.change(userId, { custom }, "status");
    this.opts.writes.enqueue(userId, { custom });
  }

  /** The mode as the store holds it (it is written there first); the database's if unknown. */
  async modeOf(userId: string): Promise<PresenceMode | undefined> {
    return (await orUnavailable(this.opts.store.modeOf(userId))) ?? (await this.opts.users.loadUser(userId))?.seed.mode;
  }

  /**
   * Which of `participants` may see this user typing (engine.typingAudience): read now, so an
   * invisible user's typing never reaches an outsider, not even right after they went invisible.
   */
  async typingAudience(workspaceId: string, userId: string, participants: readonly string[]): Promise<string[]> {
    const read = await orUnavailable(readSome(this.opts.store, this.opts.directory, workspaceId, userId, [], this.now()));
    if (!read) return [];
    const allowlist = read.mode === "invisible" ? await this.opts.directory.allowlist(userId, read.allowlistVersion) : new Set<string>();
    return typingAudience(read.mode, allowlist, participants, userId);
  }

  /**
   * After an allowlist edit (already in the database): new insiders get the user's view, and
   * viewers taken off it (`removed`) get the outsiders' view. Outsiders hear nothing.
   */
  async allowlistChanged(userId: string, removed: readonly string[] = []): Promise<void> {
    const user = await this.opts.users.loadUser(userId);
    if (!user) return;
    const changes = await orUnavailable(this.opts.store.allowlistChanged(userId, user.workspaceIds, user.seed));
    for (const c of changes) this.announce(c, "allowlist", removed);
  }

  /**
   * After a user's last-seen privacy changed (already in the database and every instance told to
   * drop its member lists): every viewer gets their view anew, exact or rough.
   */
  async privacyChanged(userId: string): Promise<void> {
    const user = await this.opts.users.loadUser(userId);
    if (!user) return;
    for (const ws of user.workspaceIds) this.opts.directory.forgetMembers(ws);
    await this.change(userId, { privacy: true }, "privacy", user);
  }

  /** A change of what the user chose, in every workspace, through the funnel. */
  private async change(userId: string, what: UserChange, kind: string, known?: { seed: UserSeed; workspaceIds: string[] }): Promise<PresenceChange[]> {
    // Database down: the store's workspaces suffice.
    const user = known ?? (await this.opts.users.loadUser(userId).catch(() => null));
    const seed = user?.seed ?? { mode: "mode" in what ? what.mode : "auto", lastSeenAt: null, publicLastSeenAt: null };
    const changes = await orUnavailable(this.opts.store.setUser(userId, what, user?.workspaceIds ?? [], seed));
    for (const c of changes) this.announce(c, kind);
    return changes;
  }

  /** Snapshot, delta or anti-entropy answer for one viewer; `joinedAt` is when their socket joined the room. */
  async sync(workspaceId: string, viewerId: string, req: PresenceSyncRequest, joinedAt: number): Promise<PresenceSync> {
    const notBefore = Math.max(joinedAt, this.now() - (this.opts.snapshotMaxAgeMs ?? 1_000));
    const view = await orUnavailable(this.views.get(workspaceId, notBefore));
    if (!view.has(viewerId)) throw new AppError(404, "Workspace not found.");
    const allowlist = await this.opts.directory.allowlist(viewerId, view.allowlistVersionOf(viewerId));
    return {
      ...view.answer(viewerId, req),
      me: { mode: view.modeOf(viewerId), allowlist: [...allowlist] },
      serverTime: new Date(this.now()).toISOString(),
    };
  }

  /**
   * Some members as this viewer may see them, read now (a subscribed socket added them): a cost
   * in proportion to them. Non-members are left out.
   */
  async watch(workspaceId: string, viewerId: string, userIds: readonly string[]): Promise<VisiblePresence[]> {
    const read = await orUnavailable(readSome(this.opts.store, this.opts.directory, workspaceId, viewerId, userIds, this.now()));
    if (!read) throw new AppError(404, "Workspace not found.");
    const asked = new Set(userIds);
    return read.members.filter((m) => asked.has(m.userId));
  }

  /** `sync` for a subscribed socket: its watched members only (the viewer among them), read now. */
  async syncWatched(workspaceId: string, viewerId: string, req: PresenceSyncRequest, watched: ReadonlySet<string>): Promise<PresenceSync> {
    const read = await orUnavailable(readSome(this.opts.store, this.opts.directory, workspaceId, viewerId, [...watched], this.now()));
    if (!read) throw new AppError(404, "Workspace not found.");
    const allowlist = await this.opts.directory.allowlist(viewerId, read.allowlistVersion);
    const digest = presenceDigest(read.members);
    const since = req.since;
    const answer =
      req.digest !== undefined && req.digest === digest
        ? { full: false, members: [], digest }
        : since !== undefined
          ? { full: false, members: read.members.filter((m) => m.version > since), digest }
          : { full: true, members: read.members, digest };
    return { ...answer, me: { mode: read.mode, allowlist: [...allowlist] }, serverTime: new Date(this.now()).toISOString() };
  }

  /** The whole workspace as the store and database hold it now (or up to a second ago): the member lists start from it. */
  workspaceView(workspaceId: string): Promise<WorkspaceView> {
    return orUnavailable(this.views.get(workspaceId, this.now()));
  }

  /** Every member's presence as this viewer may see it, fresh. */
  async snapshot(workspaceId: string, viewerId: string): Promise<VisiblePresence[]> {
    const view = await orUnavailable(this.views.get(workspaceId, this.now()));
    return view.forViewer(viewerId).members;
  }

  /**
   * The store is reachable again after an outage: beat, hold the reaper for a liveness period,
   * write everything this instance holds (idempotent), then have local clients sync.
   */
  storeBack(): Promise<void> {
    // Told by the client's reconnect and by the first good beat: one recovery at a time.
    this.recovering ??= this.recover().finally(() => (this.recovering = null));
    return this.recovering;
  }

  private recovering: Promise<void> | null = null;

  private async recover(): Promise<void> {
    await this.opts.transportReady?.();
    logger.info("presence store back; re-registering connections");
    // An unknown instance was re-registered by the beat itself (without asking pages to sync).
    const beat = await this.liveness.storeBack();
    if (beat === "known") await this.reconcile(true);
    else if (beat === "unknown") this.resyncSoon();
  }

  /**
   * Graceful shutdown, after the sockets were closed: the instance retires, so its connections
   * keep counting for the restart grace period while clients reconnect (to another instance or
   * this one restarted) and replace them; the rest are reaped then, last seen = now.
   */
  async drain(): Promise<void> {
    this.liveness.stop();
    for (const { timer } of this.closing.values()) clearTimeout(timer);
    await this.retire();
    await this.opts.writes.flush(2_000);
  }

  /**
   * Tries the retire three times: closing thousands of sockets can keep the event loop (or
   * Redis) busy past the store's 1 s command timeout once (measured with 10,000 sockets). Without
   * it, the connections are reaped after the liveness period instead of the restart grace.
   */
  private async retire(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.opts.store.retireInstance(this.opts.instanceId, this.opts.restartGraceMs);
      } catch (err) {
        if (attempt === 3) return void logger.warn({ err }, "retire failed; connections are reaped after the liveness period");
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }

  stop(): void {
    this.liveness.stop();
    for (const { timer } of this.closing.values()) clearTimeout(timer);
    this.opts.writes.stop();
  }

  /**
   * Re-registers every connection of this instance (idempotent) and retries refused removals;
   * after an outage (`resync`), local pages are asked to sync, now and once more shortly after.
   */
  private reconcile = async (resync: boolean): Promise<void> => {
    const conns = [...this.local.values(), ...[...this.closing.values()].map((c) => c.conn)];
    const seeds = await this.opts.users.loadSeeds([...new Set(conns.map((c) => c.rec.userId))]).catch(() => new Map<string, UserSeed>());
    const seedOf = (c: LocalConn) => {
      const seed = seeds.get(c.rec.userId) ?? c.seed;
      const custom = this.opts.writes.pendingCustom(c.rec.userId);
      return { ...seed, mode: this.opts.writes.pendingMode(c.rec.userId) ?? seed.mode, ...(custom !== undefined ? { custom } : {}) };
    };
    for (let i = 0; i < conns.length; i += 100) {
      await Promise.all(
        conns.slice(i, i + 100).map(async (c) => {
          const idle = c.rec.idle;
          this.announce(await this.opts.store.addConnection(c.rec, seedOf(c)), "reconcile");
          c.stored = c.rec.idle === idle;
        }),
      );
    }
    // Closes seen during the outage, with their real times (recorded even if the store lost the
    // user); taken only once the adds went through, so a failed reconcile keeps them for the next.
    const removals = [...this.removals.values()];
    this.removals.clear();
    await Promise.all(removals.map((r) => this.remove(r.conn, r.endedAt)));
    if (resync) this.resyncSoon();
  };

  /**
   * Changes from other instances reach this one again after its subscription was cut (alone, or
   * with the store): what was published meanwhile is lost, so local pages sync.
   */
  deliveriesBack(): void {
    logger.info("cross-instance deliveries back; local pages sync");
    this.resyncSoon();
  }

  private resyncSoon(): void {
    this.resyncLocal();
    // Other instances re-register on their own beat (within livenessMs / 4); sync once more after.
    const again = setTimeout(() => this.resyncLocal(), Math.min(5_000, this.opts.livenessMs / 2));
    again.unref();
  }

  /**
   * Local pages sync now, from snapshots built from here on, with member lists read anew (the
   * store may have lost users whose database fields then serve, e.g. a last seen written since).
   */
  private resyncLocal(): void {
    this.opts.directory.forgetMembers();
    this.views.forget();
    this.opts.emitter.resyncLocal();
  }

  private async remove(conn: LocalConn, endedAt: number): Promise<void> {
    try {
      this.announce(await this.opts.store.removeConnection(conn.rec, endedAt), "disconnect");
    } catch (err) {
      warnThrottled({ err: String(err) }, "presence removal failed; retried when the store is back");
      this.removals.set(conn.rec.connId, { conn, endedAt });
    }
  }

  /**
   * The one funnel: every change's last seen goes to the database, and each class of viewer gets
   * what engine.audience gives it (nothing when its view did not change).
   */
  private announce(c: PresenceChange, kind: string, removed?: readonly string[]): void {
    metrics.transitions.inc({ kind });
    const patch = lastSeenPatch(c);
    if (patch) this.opts.writes.enqueue(c.userId, patch);
    const now = this.now();
    const exact = audience(c, { now, coarse: false, removed });
    if (!exact.everyone && !exact.insiders && !exact.outsiders && !exact.removed) return;
    if (!carriesLastSeen(exact)) return this.deliver(c, exact, removed);
    // A last seen goes out (the user went offline): rough if they keep it private. Unknown (the
    // database is down and no member list is cached): rough.
    void this.opts.directory
      .member(c.workspaceId, c.userId)
      .then((m) => m?.coarseLastSeen ?? true, () => true)
      .then((coarse) => this.deliver(c, coarse ? audience(c, { now, coarse, removed }) : exact, removed));
  }

  private deliver(c: PresenceChange, a: Audience, removed: readonly string[] = []): void {
    const { emitter, directory } = this.opts;
    const arrival = (c.before.status === "offline") !== (c.after.status === "offline");
    if (a.everyone) emitter.toWorkspace(c.workspaceId, a.everyone, arrival);
    if (a.removed) emitter.toMembers(c.workspaceId, removed, a.removed);
    if (!a.insiders && !a.outsiders) return;
    void directory.allowlist(c.userId, c.allowlistVersion).then((allow) => {
      const insiders = [c.userId, ...allow];
      if (a.outsiders) emitter.toWorkspaceExcept(c.workspaceId, insiders, a.outsiders);
      if (a.insiders) emitter.toMembers(c.workspaceId, insiders, a.insiders);
    });
  }
}
