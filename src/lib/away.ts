// When is this tab idle? The timing rules of the away setting, without the DOM: the page's
// tracker (components/presence/activity.ts) feeds in visibility, focus and input, and a clock.
import type { AwayPolicy } from "@/shared/away";

export interface TabSignals {
  visible: boolean;
  focused: boolean;
  /** Last input (pointer, key, wheel, scroll, touch, or coming back to the tab), ms. */
  lastInput: number;
  /** Since when the tab has been hidden or blurred without a break (ms); null while visible and focused. */
  leftAt: number | null;
}

/**
 * Whether the tab is idle at `now`, and when the answer could next change by time alone (null:
 * only an event can change it). `switch`: hidden or blurred, or no input for idleMs. `minute`:
 * hidden or blurred for switchDelayMs, or no input for idleMs. `input`: no input for idleMs.
 */
export function tabIdle(policy: AwayPolicy, s: TabSignals, now: number): { idle: boolean; recheckAt: number | null } {
  const deadlines = [s.lastInput + policy.idleMs];
  if (s.leftAt !== null) {
    if (policy.awayAfter === "switch") return { idle: true, recheckAt: null };
    if (policy.awayAfter === "minute") deadlines.push(s.leftAt + policy.switchDelayMs);
  }
  const next = Math.min(...deadlines);
  return next <= now ? { idle: true, recheckAt: null } : { idle: false, recheckAt: next };
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Going idle waits this long: a tab that is being closed or reloaded is gone before it fires. */
export const IDLE_SETTLE_MS = 250;
/** A page that said it is leaving but is still here after this long counts again. */
export const LEAVING_MS = 3_000;
/** Timers never wait longer than this at once (a sleeping laptop's timers run late). */
const MAX_WAIT_MS = 60_000;

/**
 * One tab's activity over time: reports each flip between active and idle (going idle after
 * IDLE_SETTLE_MS, so a closing tab never reports it), and never while the page is leaving.
 */
export class TabActivity {
  private s: TabSignals;
  private reported: boolean;
  private timer: unknown;
  private settle: unknown;
  private leaving = false;
  private leftPage: unknown;

  constructor(
    private readonly clock: Clock,
    private policy: AwayPolicy,
    start: { visible: boolean; focused: boolean },
    private readonly onChange: (idle: boolean) => void,
  ) {
    const now = clock.now();
    this.s = { ...start, lastInput: now, leftAt: start.visible && start.focused ? null : now };
    this.reported = this.isIdle();
    this.check();
  }

  isIdle(): boolean {
    return tabIdle(this.policy, this.s, this.clock.now()).idle;
  }

  /** The setting or its times changed (another tab or device, a reload of the shell). */
  configure(policy: AwayPolicy) {
    this.policy = policy;
    this.check();
  }

  input() {
    this.s.lastInput = this.clock.now();
    if (this.reported) this.check();
  }

  visibility(visible: boolean) {
    this.signals({ visible, focused: this.s.focused });
  }

  focus(focused: boolean) {
    this.signals({ visible: this.s.visible, focused });
  }

  /**
   * The page is going away (reload, navigation): that must not read as stepping away. If the
   * page is still here after LEAVING_MS (a cancelled unload), it counts again.
   */
  leave() {
    this.leaving = true;
    this.clock.clearTimeout(this.leftPage);
    this.leftPage = this.clock.setTimeout(() => this.resume(), LEAVING_MS);
  }

  /** The page stayed after all (or came back from the back/forward cache). */
  resume() {
    this.clock.clearTimeout(this.leftPage);
    this.leaving = false;
    this.check();
  }

  dispose() {
    this.clock.clearTimeout(this.timer);
    this.clock.clearTimeout(this.settle);
    this.clock.clearTimeout(this.leftPage);
  }

  private signals(next: { visible: boolean; focused: boolean }) {
    const now = this.clock.now();
    const wasBack = this.s.leftAt === null;
    const back = next.visible && next.focused;
    // Coming back to the tab is input; leaving starts the switch delay once, not on every event.
    this.s = { ...next, lastInput: back && !wasBack ? now : this.s.lastInput, leftAt: back ? null : (this.s.leftAt ?? now) };
    this.check();
  }

  private check() {
    this.clock.clearTimeout(this.timer);
    this.clock.clearTimeout(this.settle);
    const now = this.clock.now();
    const { idle, recheckAt } = tabIdle(this.policy, this.s, now);
    if (recheckAt !== null) this.timer = this.clock.setTimeout(() => this.check(), Math.min(MAX_WAIT_MS, Math.max(0, recheckAt - now)));
    if (idle === this.reported || this.leaving) return;
    if (idle) this.settle = this.clock.setTimeout(() => this.commit(true), IDLE_SETTLE_MS);
    else this.commit(false);
  }

  private commit(idle: boolean) {
    if (this.leaving || idle === this.reported) return;
    this.reported = idle;
    this.onChange(idle);
  }
}
