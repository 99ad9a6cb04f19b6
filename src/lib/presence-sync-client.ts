// The client side of `presence:sync`: when to ask, what to ask, and how to merge the answers
// with live `presence:updated` batches. No React and no socket here (the PresenceProvider wires
// them in), so the retry, resync and anti-entropy rules are unit-tested with a fake clock.
//
// Order does not matter: every entry carries a version and the pure merge in
// `@/shared/presence-sync` keeps the highest one per user, so a live batch may arrive before,
// during or after a sync answer.
import { PRESENCE_UNAVAILABLE, type AckResult } from "@/shared/events";
import type { MyPresenceSettings, PresenceSync, PresenceSyncRequest, VisiblePresence } from "@/shared/presence";
import { applySync, applyUpdates, highestVersion, presenceDigest, type PresenceMap } from "@/shared/presence-sync";

/** Anti-entropy period while connected (plus up to ANTI_ENTROPY_JITTER_MS), inside the 30 s bound. */
export const ANTI_ENTROPY_MS = 20_000;
export const ANTI_ENTROPY_JITTER_MS = 5_000;
/** A failed sync is retried after 2 s, doubling up to 10 s, until one succeeds. */
export const RETRY_MIN_MS = 2_000;
export const RETRY_MAX_MS = 10_000;

export interface PresenceState {
  map: PresenceMap;
  me: MyPresenceSettings | null;
  /** True once a sync answer has been applied. */
  loaded: boolean;
  /** The last sync's error, until a sync succeeds. */
  error: string | null;
}

export interface PresenceSyncDeps {
  /** Sends `presence:sync`; calls `done` once, with the ack or with `{ ok: false }` on a timeout. */
  send(req: PresenceSyncRequest, done: (res: AckResult<PresenceSync>) => void): void;
  isConnected(): boolean;
  /** Called after every change of the state (a new object each time). */
  onChange(state: PresenceState): void;
  /** Every successful sync answer, as received (custom statuses and server time ride on it). */
  onSync?(data: PresenceSync): void;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
}

/** The state a full answer the page got with its HTML stands for (PresenceSyncClient.seed). */
export function seededState(data: PresenceSync): PresenceState {
  return { map: applySync(new Map(), { full: true, members: data.members }), me: data.me, loaded: true, error: null };
}

export class PresenceSyncClient {
  private state: PresenceState = { map: new Map(), me: null, loaded: false, error: null };
  /** Bumped on every connect and disconnect: an answer from an older connection is dropped. */
  private epoch = 0;
  private inFlight = false;
  /** A sync was asked for while one was in flight: send another when it ends. */
  private again = false;
  /** The next sync asks for a full snapshot (after a digest mismatch). */
  private wantFull = false;
  private failures = 0;
  /** Bumped by local edits of `me`, so an answer that was in flight meanwhile does not undo them. */
  private meEdits = 0;
  /** The people this page watches (and the viewer), once it told the server; null: keep everyone. */
  private watched: ReadonlySet<string> | null = null;
  /** Bumped when the watched set changes: an answer to a request sent before covers another set. */
  private watchEdits = 0;
  private timer: unknown = undefined;
  private disposed = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly random: () => number;

  constructor(private readonly deps: PresenceSyncDeps) {
    this.setTimer = deps.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.random = deps.random ?? Math.random;
  }

  get current(): PresenceState {
    return this.state;
  }

  /**
   * Starts from a full answer the page got with its HTML (first paint): held as if this client
   * had synced, so the first sync on connect is a delta against it (and a digest check).
   */
  seed(data: PresenceSync) {
    this.deps.onSync?.(data);
    this.set(seededState(data));
  }

  /** The socket (re)connected: sync at once, a delta when state is already held. */
  connected() {
    this.epoch++;
    this.inFlight = false;
    this.again = false;
    this.failures = 0;
    this.sync();
  }

  /** The socket is down: nothing to send until it is back (connected() syncs again). */
  disconnected() {
    this.epoch++;
    this.inFlight = false;
    this.again = false;
    this.stopTimer();
  }

  /** A live `presence:updated` batch (or the answer of `presence:subscribe`). */
  updated(updates: readonly VisiblePresence[]) {
    const map = applyUpdates(this.state.map, this.kept(updates));
    if (map !== this.state.map) this.set({ map });
  }

  /**
   * The server now limits this socket's view to these people (the page told it with
   * `presence:subscribe`): drop everyone else, now and from later updates and answers, so the
   * map, and its digest, stays equal to the server's view. Call it with the viewer included.
   */
  retain(ids: Iterable<string>) {
    const watched = new Set(ids);
    const old = this.watched;
    if (old && old.size === watched.size && [...watched].every((id) => old.has(id))) return;
    this.watched = watched;
    this.watchEdits++;
    let map: Map<string, VisiblePresence> | null = null;
    for (const id of this.state.map.keys()) {
      if (watched.has(id)) continue;
      map ??= new Map(this.state.map);
      map.delete(id);
    }
    if (map) this.set({ map });
  }

  /** The server asked for a resync (`presence:resync`). */
  resync() {
    this.sync();
  }

  /** A local change of the viewer's own settings (after the server accepted it). */
  patchMe(patch: Partial<MyPresenceSettings>) {
    this.meEdits++;
    if (this.state.me) this.set({ me: { ...this.state.me, ...patch } });
  }

  dispose() {
    this.disposed = true;
    this.epoch++;
    this.stopTimer();
  }

  /** Sends one `presence:sync` now, or right after the one in flight. */
  sync() {
    if (this.disposed || !this.deps.isConnected()) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.stopTimer();
    const full = this.wantFull || !this.state.loaded;
    const req: PresenceSyncRequest = full
      ? {}
      : { since: highestVersion(this.state.map), digest: presenceDigest(this.state.map.values()) };
    const epoch = this.epoch;
    const meEdits = this.meEdits;
    const watchEdits = this.watchEdits;
    this.inFlight = true;
    this.again = false;
    this.deps.send(req, (res) => {
      if (epoch !== this.epoch || this.disposed) return;
      this.inFlight = false;
      if (!res.ok) return this.failed(res.error || PRESENCE_UNAVAILABLE);
      this.deps.onSync?.(res.data);
      this.succeeded(res.data, full, meEdits === this.meEdits, watchEdits === this.watchEdits);
    });
  }

  private succeeded(data: PresenceSync, wasFull: boolean, takeMe: boolean, sameWatch: boolean) {
    this.failures = 0;
    const members = this.kept(data.members);
    // The watched set changed while this was in flight: the answer covers the old set, so it may
    // lack people added since (their presence comes with the subscribe answer). Merge it as
    // updates, and leave the digest check to the next sync.
    const asFull = data.full && sameWatch;
    if (wasFull && asFull) this.wantFull = false;
    const map = applySync(this.state.map, { full: asFull, members });
    this.set({ map, me: takeMe || !this.state.me ? data.me : this.state.me, loaded: true, error: null });
    // A delta that leaves us with another view than the server's: something was lost
    // (a member left our view, or an update older than `since` never came). Ask for the
    // whole view once; a full answer is not checked again, so this never loops.
    if (!data.full && sameWatch && presenceDigest(map.values()) !== data.digest) {
      this.wantFull = true;
      this.again = true;
    }
    if (this.again) return this.sync();
    this.schedule(ANTI_ENTROPY_MS + this.random() * ANTI_ENTROPY_JITTER_MS);
  }

  /** The entries of watched people (all of them until the page said whom it watches). */
  private kept(entries: readonly VisiblePresence[]): VisiblePresence[] {
    const watched = this.watched;
    return entries.filter((e) => !watched || watched.has(e.userId));
  }

  private failed(error: string) {
    this.failures++;
    if (error !== this.state.error) this.set({ error });
    // A resync asked for while this request was failing means the server is back: try now.
    // `again` is only set by outside triggers, so this cannot loop by itself.
    if (this.again) return this.sync();
    const backoff = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (this.failures - 1));
    this.schedule(Math.min(RETRY_MAX_MS, backoff + this.random() * 500));
  }

  private schedule(ms: number) {
    this.stopTimer();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.sync();
    }, ms);
  }

  private stopTimer() {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private set(patch: Partial<PresenceState>) {
    this.state = { ...this.state, ...patch };
    this.deps.onChange(this.state);
  }
}
