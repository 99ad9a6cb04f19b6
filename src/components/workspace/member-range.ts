// The sidebar member list's client side of `members:range`: which rows to ask for, and how the
// answer and the live `members:ops` keep a copy of them. No React and no socket here (the
// useMemberList hook wires them in), so the rules are unit-tested with a fake clock.
//
// Ops and ranges. The server holds one range per socket, the last one it was asked for, and its
// ops keep a copy of exactly that range. So:
// - One request in flight at a time; a range wanted meanwhile is asked for when it answers.
// - Ops that arrive while a request is in flight may be for the old range or the new one, and
//   the answer may or may not already hold them: they are dropped, and the range is asked for
//   again a moment after the answer (RECHECK_MS, so a busy list costs at most about one request a
//   second).
// - Ops that arrive with no request in flight are for the range held: applied with applyRangeOps.
//   A copy that then does not add up (its length, or a row's group, against the counts; a member
//   twice) is asked again.
// - A new connection holds no range: ask again on every connect, and on `members:invalidated`.
import type { AckResult } from "@/shared/events";
import { applyRangeOps, MAX_RANGE_ROWS, rowsDigest, type ListWindow, type MemberCounts, type MemberListPage, type RangeOp } from "@/shared/member-list";
import type { PresenceStatus } from "@/shared/presence";
import { RETRY_MAX_MS, RETRY_MIN_MS } from "@/lib/presence-sync-client";

/** Scrolling asks for rows once it has been still this long... */
export const RANGE_DEBOUNCE_MS = 100;
/** ...or at least this often while it goes on. */
export const RANGE_MAX_WAIT_MS = 300;
/** After ops came while a request was in flight, the range is asked again this much later. */
export const RECHECK_MS = 1_000;
/** Rows held beyond the screen before the next range is asked for (when the list goes on). */
export const RANGE_EDGE = 30;

export type Range = readonly [start: number, end: number];

/**
 * The range to ask for when rows [first, last) are on screen: MAX_RANGE_ROWS rows with the
 * screen in the middle, moved back near the list's end (a list that fits is asked whole, from 0).
 */
export function rangeFor(first: number, last: number, total: number): Range {
  const spare = Math.max(0, MAX_RANGE_ROWS - (last - first));
  const start = Math.max(0, Math.min(first - Math.floor(spare / 2), total - MAX_RANGE_ROWS));
  return [start, start + MAX_RANGE_ROWS];
}

/** Whether range [start, end) holds rows [first, last) with RANGE_EDGE rows to spare on each side that the list goes on. */
export function covers([start, end]: Range, first: number, last: number, total: number): boolean {
  const lo = start === 0 ? first : first - RANGE_EDGE;
  const hi = end >= total ? Math.min(last, total) : last + RANGE_EDGE;
  return lo >= start && hi <= end;
}

const GROUP: Record<PresenceStatus, number> = { active: 0, away: 1, dnd: 1, offline: 2 };

/**
 * Whether a copy of range [start, end) could be what the list with these counts gives: as many
 * rows as the counts leave in the range, nobody twice, and each row in the group its index falls
 * in (the first `active` rows active, then `awayDnd` rows away or dnd, then offline).
 */
export function consistent(w: ListWindow, end: number, counts: MemberCounts): boolean {
  const expected = Math.max(0, Math.min(end, counts.total) - w.start);
  if (w.rows.length !== expected) return false;
  if (new Set(w.rows.map((r) => r.userId)).size !== w.rows.length) return false;
  return w.rows.every((r, k) => {
    const i = w.start + k;
    return GROUP[r.status] === (i < counts.active ? 0 : i < counts.active + counts.awayDnd ? 1 : 2);
  });
}

export interface MemberRangeState {
  /** The rows held: the last answer with the ops since applied. */
  window: ListWindow | null;
  /** The list's counts, from the latest answer, ops or counts event. */
  counts: MemberCounts | null;
  /** The last request's error, until one succeeds. */
  error: string | null;
}

export interface MemberRangeDeps {
  /** Sends `members:range`; calls `done` once, with the ack or with `{ ok: false }` on a timeout. */
  send(range: { start: number; end: number; digest?: string }, done: (res: AckResult<MemberListPage>) => void): void;
  isConnected(): boolean;
  onChange(state: MemberRangeState): void;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
  now?: () => number;
}

/** The state rows the page got with its HTML stand for (MemberRangeClient.seed). */
export function seededRange(page: MemberListPage): MemberRangeState {
  return { window: { start: page.start, rows: page.rows }, counts: page.counts, error: null };
}

export class MemberRangeClient {
  private state: MemberRangeState = { window: null, counts: null, error: null };
  /** The range the server holds for this socket (the last one answered), or null. */
  private held: Range | null = null;
  /** The range the window's rows were last answered for (kept across reconnects, to name them by digest). */
  private answered: Range | null = null;
  private inFlight: Range | null = null;
  /** The range for what is on screen (null: nothing shown yet; the first rows are asked). */
  private wanted: Range | null = null;
  /** Ask again as soon as the request in flight answers. */
  private again = false;
  /** Ops came while a request was in flight. */
  private doubt = false;
  /** Bumped on every connect and disconnect: an answer from an older connection is dropped. */
  private epoch = 0;
  private failures = 0;
  private debounce: unknown = undefined;
  private firstShown: number | null = null;
  private retry: unknown = undefined;
  private disposed = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly deps: MemberRangeDeps) {
    this.setTimer = deps.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
  }

  get current(): MemberRangeState {
    return this.state;
  }

  /**
   * Starts from rows the page got with its HTML (first paint, `range` as the server read it):
   * they show at once, and the first request after connect names them by digest ("unchanged").
   */
  seed(page: MemberListPage, range: Range) {
    this.answered = range;
    this.set(seededRange(page));
  }

  /** Rows [first, last) of a list of `total` are on screen: ask for more rows (debounced) if they are not held. */
  show(first: number, last: number, total: number) {
    const target = this.inFlight ?? this.held;
    if (target && covers(target, first, last, total)) {
      this.wanted = target;
      this.stopDebounce();
      return;
    }
    this.wanted = rangeFor(first, last, total);
    if (!this.held && !this.inFlight) return this.request(); // nothing on screen yet: no need to wait
    const now = this.now();
    this.firstShown ??= now;
    if (this.debounce !== undefined) this.clearTimer(this.debounce);
    this.debounce = this.setTimer(() => {
      this.debounce = undefined;
      this.request();
    }, Math.max(0, Math.min(RANGE_DEBOUNCE_MS, this.firstShown + RANGE_MAX_WAIT_MS - now)));
  }

  /** The socket (re)connected: it holds no range yet. */
  connected() {
    this.epoch++;
    this.inFlight = null;
    this.held = null;
    this.failures = 0;
    this.request();
  }

  disconnected() {
    this.epoch++;
    this.inFlight = null;
    this.held = null;
    this.stopDebounce();
    this.stopRetry();
  }

  /** `members:invalidated`: the list was rebuilt. */
  invalidated() {
    this.request();
  }

  /** `members:ops`: changes of the range this socket holds, and the counts after them. */
  ops(ops: readonly RangeOp[], counts: MemberCounts) {
    const w = this.state.window;
    if (this.inFlight) this.doubt = true;
    if (this.inFlight || !this.held || !w) return this.set({ counts });
    const window = applyRangeOps(w, ops);
    this.set({ window, counts });
    if (!consistent(window, this.held[1], counts)) this.recheck();
  }

  /** `members:counts`. */
  counted(counts: MemberCounts) {
    this.set({ counts });
  }

  dispose() {
    this.disposed = true;
    this.epoch++;
    this.stopDebounce();
    this.stopRetry();
  }

  /** Asks for the wanted range now, or right after the request in flight. */
  request() {
    if (this.disposed || !this.deps.isConnected()) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.stopDebounce();
    this.stopRetry();
    const range = this.wanted ?? rangeFor(0, 0, 0);
    const epoch = this.epoch;
    this.inFlight = range;
    this.again = false;
    this.doubt = false;
    // Rows held for exactly this range (a reconnect, an invalidation): name them, the server answers "unchanged" if equal.
    const mine = this.state.window;
    const was = this.answered;
    const same = mine && was && was[0] === range[0] && was[1] === range[1] && mine.start === range[0] ? mine : null;
    const digest = same ? rowsDigest(same.rows) : undefined;
    this.deps.send({ start: range[0], end: range[1], ...(digest ? { digest } : {}) }, (res) => {
      if (epoch !== this.epoch || this.disposed) return;
      this.inFlight = null;
      if (!res.ok) return this.failed(res.error);
      this.failures = 0;
      this.held = range;
      this.answered = range;
      const { start, rows, counts, unchanged } = res.data;
      this.set({ window: unchanged && same ? same : { start, rows }, counts, error: null });
      const wanted = this.wanted;
      if (this.again || (wanted && (wanted[0] !== range[0] || wanted[1] !== range[1]))) return this.request();
      if (this.doubt) this.recheck();
    });
  }

  private recheck() {
    if (this.retry === undefined) this.retry = this.setTimer(() => this.retried(), RECHECK_MS);
  }

  private failed(error: string) {
    this.failures++;
    if (error !== this.state.error) this.set({ error });
    if (this.again) return this.request();
    const backoff = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (this.failures - 1));
    this.stopRetry();
    this.retry = this.setTimer(() => this.retried(), Math.min(RETRY_MAX_MS, backoff + this.random() * 500));
  }

  private retried() {
    this.retry = undefined;
    this.request();
  }

  private stopDebounce() {
    if (this.debounce !== undefined) this.clearTimer(this.debounce);
    this.debounce = undefined;
    this.firstShown = null;
  }

  private stopRetry() {
    if (this.retry !== undefined) this.clearTimer(this.retry);
    this.retry = undefined;
  }

  private set(patch: Partial<MemberRangeState>) {
    this.state = { ...this.state, ...patch };
    this.deps.onChange(this.state);
  }
}
