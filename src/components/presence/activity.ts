"use client";

// Is this tab idle? Hidden document, blurred window, or no input for the idle timeout.
// One tracker per page; the socket handshake and the PresenceProvider both read it.
const INPUT_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

type Listener = (idle: boolean) => void;
const IDLE_SETTLE_MS = 250;

class ActivityTracker {
  private lastInput = Date.now();
  private idleMs = 10 * 60_000;
  private listeners = new Set<Listener>();
  private idle = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pendingIdle: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  /** Window focus as the focus/blur events last said (hasFocus() can lag inside a blur handler). */
  private focused = true;
  /** Set on pagehide: a reload or navigation must not report the tab as idle on its way out. */
  private leaving = false;

  isIdle(): boolean {
    if (typeof document === "undefined") return false;
    const focused = this.started ? this.focused : document.hasFocus();
    return document.visibilityState === "hidden" || !focused || Date.now() - this.lastInput >= this.idleMs;
  }

  /** Starts listening (once per page) and calls `listener` whenever idleness flips. */
  subscribe(idleMs: number, listener: Listener): () => void {
    this.idleMs = idleMs;
    this.listeners.add(listener);
    if (!this.started) this.start();
    this.check();
    return () => this.listeners.delete(listener);
  }

  private start() {
    this.focused = document.hasFocus();
    this.started = true;
    this.idle = this.isIdle();
    const check = () => this.check();
    const focus = (focused: boolean) => () => {
      this.focused = focused;
      this.check();
    };
    const input = () => {
      this.lastInput = Date.now();
      if (this.idle) this.check();
    };
    document.addEventListener("visibilitychange", check);
    window.addEventListener("focus", focus(true));
    window.addEventListener("blur", focus(false));
    // Leaving the page (reload, navigation) hides it first; that must not read as stepping away.
    // beforeunload comes before that visibilitychange; if the page stays after all, resume.
    const leave = () => {
      this.leaving = true;
      setTimeout(() => (this.leaving = false), 3_000);
    };
    window.addEventListener("beforeunload", leave);
    window.addEventListener("pagehide", leave);
    window.addEventListener("pageshow", () => (this.leaving = false));
    for (const e of INPUT_EVENTS) window.addEventListener(e, input, { passive: true, capture: true });
  }

  private check() {
    clearTimeout(this.timer);
    clearTimeout(this.pendingIdle);
    const idle = this.isIdle();
    if (!idle) this.timer = setTimeout(() => this.check(), Math.max(1_000, this.lastInput + this.idleMs - Date.now()));
    if (idle === this.idle || this.leaving) return;
    // Going idle waits a moment: a tab that is being closed or reloaded is gone before it fires.
    if (idle) this.pendingIdle = setTimeout(() => this.commit(true), IDLE_SETTLE_MS);
    else this.commit(false);
  }

  private commit(idle: boolean) {
    if (this.leaving || idle === this.idle) return;
    this.idle = idle;
    for (const l of this.listeners) l(idle);
  }
}

export const activity = new ActivityTracker();
