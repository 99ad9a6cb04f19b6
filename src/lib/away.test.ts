import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AwayAfter } from "@/shared/away";
import { spellDuration } from "@/shared/away";
import { systemClock, tabIdle, TabActivity } from "./away";

const MIN = 60_000;
const policy = (awayAfter: AwayAfter) => ({ awayAfter, idleMs: 10 * MIN, switchDelayMs: MIN });

describe("tabIdle", () => {
  // t = 1,000,000 ms; last input 2 minutes before; the columns are hand-written expectations.
  const now = 1_000_000;
  const cases: [AwayAfter, string, { visible: boolean; focused: boolean; lastInput: number; leftAt: number | null }, boolean, number | null][] = [
    ["switch", "visible and focused, input 2 min ago", { visible: true, focused: true, lastInput: 880_000, leftAt: null }, false, 1_480_000],
    ["switch", "hidden just now", { visible: false, focused: true, lastInput: 880_000, leftAt: 1_000_000 }, true, null],
    ["switch", "blurred just now", { visible: true, focused: false, lastInput: 880_000, leftAt: 1_000_000 }, true, null],
    ["switch", "no input for 10 min", { visible: true, focused: true, lastInput: 400_000, leftAt: null }, true, null],
    ["minute", "hidden 59 s", { visible: false, focused: true, lastInput: 880_000, leftAt: 941_000 }, false, 1_001_000],
    ["minute", "blurred 60 s", { visible: true, focused: false, lastInput: 880_000, leftAt: 940_000 }, true, null],
    ["minute", "visible, no input for 10 min", { visible: true, focused: true, lastInput: 400_000, leftAt: null }, true, null],
    ["minute", "hidden 10 s, but no input for 10 min", { visible: false, focused: false, lastInput: 400_000, leftAt: 990_000 }, true, null],
    ["input", "hidden for 9 min", { visible: false, focused: false, lastInput: 460_000, leftAt: 460_000 }, false, 1_060_000],
    ["input", "hidden, no input for 10 min", { visible: false, focused: false, lastInput: 400_000, leftAt: 400_000 }, true, null],
    ["input", "visible, no input for 10 min", { visible: true, focused: true, lastInput: 400_000, leftAt: null }, true, null],
    ["input", "blurred just now, input 2 min ago", { visible: true, focused: false, lastInput: 880_000, leftAt: 1_000_000 }, false, 1_480_000],
  ];
  it.each(cases)("%s: %s", (awayAfter, _what, signals, idle, recheckAt) => {
    expect(tabIdle(policy(awayAfter), signals, now)).toEqual({ idle, recheckAt });
  });
});

describe("TabActivity with a fake clock", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  function tab(awayAfter: AwayAfter, start = { visible: true, focused: true }) {
    const flips: string[] = [];
    const t = new TabActivity(systemClock, policy(awayAfter), start, (idle) => flips.push(`${idle ? "idle" : "active"}@${Date.now()}`));
    return { t, flips };
  }

  it("at once (the default): hidden or blurred is idle after the 250 ms settle; back is active at once", () => {
    const { t, flips } = tab("switch");
    vi.advanceTimersByTime(1_000);
    t.visibility(false);
    expect(t.isIdle()).toBe(true);
    vi.advanceTimersByTime(249);
    expect(flips).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flips).toEqual(["idle@1250"]);
    vi.advanceTimersByTime(750);
    t.visibility(true);
    expect(flips).toEqual(["idle@1250", "active@2000"]);
    t.focus(false);
    vi.advanceTimersByTime(300);
    t.focus(true);
    expect(flips).toEqual(["idle@1250", "active@2000", "idle@2250", "active@2300"]);
  });

  it("at once: a quick alt-tab under 250 ms reports nothing", () => {
    const { t, flips } = tab("switch");
    t.focus(false);
    vi.advanceTimersByTime(200);
    t.focus(true);
    vi.advanceTimersByTime(5_000);
    expect(flips).toEqual([]);
  });

  it("at once: no input for 10 minutes in a visible tab is idle; input is active again", () => {
    const { t, flips } = tab("switch");
    vi.advanceTimersByTime(10 * MIN + 249);
    expect(flips).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flips).toEqual(["idle@600250"]);
    t.input();
    expect(flips).toEqual(["idle@600250", "active@600250"]);
  });

  it("after 1 minute: hidden for 59 s stays active; 60 s without a break is idle; back is active at once", () => {
    const { t, flips } = tab("minute");
    t.visibility(false);
    vi.advanceTimersByTime(59_000);
    expect(t.isIdle()).toBe(false);
    expect(flips).toEqual([]);
    vi.advanceTimersByTime(1_000 + 250);
    expect(flips).toEqual(["idle@60250"]);
    vi.advanceTimersByTime(10_000);
    t.visibility(true);
    expect(flips).toEqual(["idle@60250", "active@70250"]);
  });

  it("after 1 minute: the minute is continuous; coming back in between starts it again", () => {
    const { t, flips } = tab("minute");
    t.focus(false);
    vi.advanceTimersByTime(40_000);
    t.focus(true);
    vi.advanceTimersByTime(1_000);
    t.focus(false);
    vi.advanceTimersByTime(40_000);
    expect(flips).toEqual([]);
    vi.advanceTimersByTime(20_000 + 250);
    expect(flips).toEqual(["idle@101250"]);
  });

  it("after 1 minute: hidden then blurred counts from the first; visible but still blurred is still away from Roster", () => {
    const { t, flips } = tab("minute");
    t.visibility(false);
    vi.advanceTimersByTime(30_000);
    t.focus(false);
    t.visibility(true);
    vi.advanceTimersByTime(30_000 + 250);
    expect(flips).toEqual(["idle@60250"]);
  });

  it("after 1 minute: no input for 10 minutes in a visible, focused tab is idle too", () => {
    const { t, flips } = tab("minute");
    vi.advanceTimersByTime(5 * MIN);
    t.input();
    vi.advanceTimersByTime(10 * MIN + 250);
    expect(flips).toEqual(["idle@900250"]);
  });

  it("only after 10 minutes without input: switching away alone never makes it idle", () => {
    const { t, flips } = tab("input");
    t.visibility(false);
    t.focus(false);
    vi.advanceTimersByTime(9 * MIN);
    expect(flips).toEqual([]);
    expect(t.isIdle()).toBe(false);
    vi.advanceTimersByTime(MIN + 250);
    expect(flips).toEqual(["idle@600250"]);
    // Coming back to the tab is input: active at once.
    t.visibility(true);
    t.focus(true);
    expect(flips).toEqual(["idle@600250", "active@600250"]);
  });

  it("only after 10 minutes without input: any input moves the 10 minutes", () => {
    const { t, flips } = tab("input");
    vi.advanceTimersByTime(9 * MIN);
    t.input();
    vi.advanceTimersByTime(9 * MIN);
    t.input();
    vi.advanceTimersByTime(10 * MIN - 1);
    expect(flips).toEqual([]);
    vi.advanceTimersByTime(251);
    expect(flips).toEqual(["idle@1680250"]);
    t.input();
    expect(flips).toEqual(["idle@1680250", "active@1680250"]);
  });

  it("a tab opened in the background: idle at once by default, after the minute with `minute`, never by switching with `input`", () => {
    const hidden = { visible: false, focused: false };
    expect(tab("switch", hidden).t.isIdle()).toBe(true);
    const minute = tab("minute", hidden);
    expect(minute.t.isIdle()).toBe(false);
    vi.advanceTimersByTime(MIN);
    expect(minute.t.isIdle()).toBe(true);
    expect(tab("input", hidden).t.isIdle()).toBe(false);
  });

  it("a new setting applies at once: hidden 10 s and idle, then `minute` makes it active until the minute is up", () => {
    const { t, flips } = tab("switch");
    t.visibility(false);
    vi.advanceTimersByTime(10_000);
    expect(flips).toEqual(["idle@250"]);
    t.configure(policy("minute"));
    expect(flips).toEqual(["idle@250", "active@10000"]);
    vi.advanceTimersByTime(50_000 + 250);
    expect(flips).toEqual(["idle@250", "active@10000", "idle@60250"]);
    t.configure(policy("input"));
    t.configure(policy("switch"));
    vi.advanceTimersByTime(250);
    expect(flips).toEqual(["idle@250", "active@10000", "idle@60250", "active@60250", "idle@60500"]);
  });

  it("a page that is leaving never reports going idle; if it stays, it counts again after 3 s", () => {
    const { t, flips } = tab("switch");
    t.leave();
    t.visibility(false);
    vi.advanceTimersByTime(2_999);
    expect(flips).toEqual([]);
    vi.advanceTimersByTime(1 + 250);
    expect(flips).toEqual(["idle@3250"]);
    t.dispose();
  });
});

describe("spellDuration", () => {
  it.each([
    [60_000, "1 minute"],
    [600_000, "10 minutes"],
    [8_000, "8 seconds"],
    [1_000, "1 second"],
    [7_200_000, "2 hours"],
    [90_000, "90 seconds"],
  ])("%i ms is %s", (ms, words) => expect(spellDuration(ms)).toBe(words));
});
