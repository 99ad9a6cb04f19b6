// Whom this page watches: the people it shows (member list rows, DMs, the open conversation, the
// admin table, Home), counted per component, and the `presence:subscribe` that tells the server.
// The server then sends live presence for these people (and the viewer) only, and `presence:sync`
// covers them only. No React and no socket here (the PresenceProvider wires them in), so the
// debounce, cap and retry rules are unit-tested with a fake clock.
import type { AckResult } from "@/shared/events";
import { MAX_WATCHED } from "@/shared/member-list";
import type { VisiblePresence } from "@/shared/presence";
import { RETRY_MAX_MS, RETRY_MIN_MS } from "./presence-sync-client";

/** Changes are sent together once the page has been still this long (rows mount and unmount while scrolling)... */
export const WATCH_DEBOUNCE_MS = 150;
/** ...but at least this often while it keeps changing. */
export const WATCH_MAX_WAIT_MS = 600;

export type SubscribeAnswer = AckResult<{ members: VisiblePresence[] }>;

export interface WatchLink {
  /** Sends `presence:subscribe`; calls `done` once, with the ack or with `{ ok: false }` on a timeout. */
  send(userIds: string[], done: (res: SubscribeAnswer) => void): void;
  isConnected(): boolean;
  /** The set just sent (viewer first): the presence map keeps these people only. */
  onSend(userIds: string[]): void;
  /** The presence of the people the server added, to merge by version. */
  onMembers(members: VisiblePresence[]): void;
}

export interface PresenceWatchDeps {
  /** The viewer: always watched, first in the set, never trimmed. */
  self: string;
  max?: number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
  now?: () => number;
  /** Told once when the set is trimmed to the cap. */
  warn?: (message: string) => void;
}

export class PresenceWatch {
  /** Watched id → how many components show it. Insertion order is registration order (latest last). */
  private readonly counts = new Map<string, number>();
  private link: WatchLink | null = null;
  /** The set the server holds for this socket (joined ids), or null when unknown (new socket, failed request). */
  private sent: string | null = null;
  /** Bumped per request and per (dis)connect: only the latest request's failure is retried. */
  private seq = 0;
  private failures = 0;
  private timer: unknown = undefined;
  /** When the first change not yet sent happened (for the maximum wait). */
  private firstChange: number | null = null;
  private warned = false;
  private readonly max: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly deps: PresenceWatchDeps) {
    this.max = deps.max ?? MAX_WATCHED;
    this.setTimer = deps.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
  }

  /** A component shows these people (from mount until the matching `remove`). */
  add(ids: readonly string[]) {
    for (const id of ids) {
      const n = this.counts.get(id) ?? 0;
      // Moved to the end: the latest shown are the last to go when the set is over the cap.
      this.counts.delete(id);
      this.counts.set(id, n + 1);
    }
    this.changed();
  }

  remove(ids: readonly string[]) {
    for (const id of ids) {
      const n = this.counts.get(id);
      if (n === undefined) continue;
      if (n <= 1) this.counts.delete(id);
      else this.counts.set(id, n - 1);
    }
    this.changed();
  }

  /**
   * The set to send: the viewer first, then everyone shown. Over the cap (MAX_WATCHED, which only
   * a page with hundreds of DMs reaches), the people shown most recently are kept: they are what
   * the viewer just scrolled to or opened, while the oldest registrations are the likeliest to
   * be out of sight.
   */
  ids(): string[] {
    const others = [...this.counts.keys()].filter((id) => id !== this.deps.self);
    const room = this.max - 1;
    if (others.length > room && !this.warned) {
      this.warned = true;
      this.deps.warn?.(`Presence: ${others.length + 1} people shown, more than ${this.max}; live status is kept for the ${this.max} shown last.`);
    }
    return [this.deps.self, ...(others.length > room ? others.slice(others.length - room) : others)];
  }

  /** Sends through this socket from now on (null: none). */
  attach(link: WatchLink | null) {
    this.link = link;
    this.seq++;
    this.sent = null;
    this.stopTimer();
  }

  /**
   * The socket (re)connected: the server knows nothing of this socket yet, so send the whole set
   * now, before the caller's `presence:sync` (the server applies them in order).
   */
  connected() {
    this.seq++;
    this.sent = null;
    this.failures = 0;
    this.flush();
  }

  disconnected() {
    this.seq++;
    this.sent = null;
    this.stopTimer();
  }

  dispose() {
    this.attach(null);
  }

  /** Sends the set now if the server does not hold it yet. */
  flush() {
    this.stopTimer();
    this.firstChange = null;
    const link = this.link;
    if (!link || !link.isConnected()) return;
    const ids = this.ids();
    const key = ids.join(",");
    if (key === this.sent) return;
    this.sent = key;
    const seq = ++this.seq;
    link.onSend(ids);
    link.send(ids, (res) => {
      if (link !== this.link) return;
      if (res.ok) {
        if (seq === this.seq) this.failures = 0;
        return link.onMembers(res.data.members);
      }
      if (seq !== this.seq) return; // a later request replaces this one
      // Not known to be held: send again with backoff, like a failed sync.
      this.sent = null;
      this.failures++;
      const backoff = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (this.failures - 1));
      this.schedule(Math.min(RETRY_MAX_MS, backoff + this.random() * 500));
    });
  }

  private changed() {
    if (!this.link) return;
    const now = this.now();
    this.firstChange ??= now;
    if (this.failures > 0 && this.timer !== undefined) return; // a retry is already due
    this.schedule(Math.max(0, Math.min(WATCH_DEBOUNCE_MS, this.firstChange + WATCH_MAX_WAIT_MS - now)));
  }

  private schedule(ms: number) {
    this.stopTimer();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.flush();
    }, ms);
  }

  private stopTimer() {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }
}
