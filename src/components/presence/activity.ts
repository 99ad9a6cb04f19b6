"use client";

import { DEFAULT_AWAY_AFTER, type AwayPolicy } from "@/shared/away";
import { systemClock, tabIdle, TabActivity } from "@/lib/away";

// Is this tab idle? The DOM side: visibility, focus and input go into a TabActivity (the timing
// rules of the user's away setting, src/lib/away.ts). One tracker per page; the socket handshake
// and the PresenceProvider both read it.
const INPUT_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "scroll", "touchstart"] as const;

type Listener = (idle: boolean) => void;

class ActivityTracker {
  private policy: AwayPolicy = { awayAfter: DEFAULT_AWAY_AFTER, idleMs: 10 * 60_000, switchDelayMs: 60_000 };
  private listeners = new Set<Listener>();
  private tab: TabActivity | null = null;

  isIdle(): boolean {
    if (typeof document === "undefined") return false;
    if (this.tab) return this.tab.isIdle();
    const now = Date.now();
    const left = document.visibilityState === "hidden" || !document.hasFocus();
    return tabIdle(this.policy, { visible: !left, focused: !left, lastInput: now, leftAt: left ? now : null }, now).idle;
  }

  /** The user's away setting and the times (on load, and when it changes on another tab or device); starts listening. */
  configure(policy: AwayPolicy) {
    this.policy = policy;
    if (this.tab) this.tab.configure(policy);
    else this.start();
  }

  /** Calls `listener` whenever idleness flips. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.tab) this.start();
    return () => this.listeners.delete(listener);
  }

  private start() {
    // Window focus as the focus/blur events say from here on (hasFocus() can lag inside a blur handler).
    const tab = new TabActivity(systemClock, this.policy, { visible: document.visibilityState !== "hidden", focused: document.hasFocus() }, (idle) => {
      for (const l of this.listeners) l(idle);
    });
    this.tab = tab;
    document.addEventListener("visibilitychange", () => tab.visibility(document.visibilityState !== "hidden"));
    window.addEventListener("focus", () => tab.focus(true));
    window.addEventListener("blur", () => tab.focus(false));
    // Leaving the page (reload, navigation) hides it first; that must not read as stepping away.
    // beforeunload comes before that visibilitychange; if the page stays after all, resume.
    window.addEventListener("beforeunload", () => tab.leave());
    window.addEventListener("pagehide", () => tab.leave());
    window.addEventListener("pageshow", () => tab.resume());
    const input = () => tab.input();
    for (const e of INPUT_EVENTS) window.addEventListener(e, input, { passive: true, capture: true });
  }
}

export const activity = new ActivityTracker();
