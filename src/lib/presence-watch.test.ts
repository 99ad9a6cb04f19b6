import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { VisiblePresence } from "@/shared/presence";
import { PresenceWatch, type SubscribeAnswer } from "./presence-watch";

const p = (userId: string, version: number): VisiblePresence => ({ userId, status: "active", lastSeenAt: null, version });

function setup(max?: number) {
  const sent: { ids: string[]; done: (res: SubscribeAnswer) => void }[] = [];
  const kept: string[][] = [];
  const merged: VisiblePresence[][] = [];
  const warnings: string[] = [];
  let connected = true;
  const watch = new PresenceWatch({ self: "me", max, random: () => 0, warn: (m) => warnings.push(m) });
  watch.attach({
    send: (ids, done) => sent.push({ ids, done }),
    isConnected: () => connected,
    onSend: (ids) => kept.push(ids),
    onMembers: (members) => merged.push(members),
  });
  return { watch, sent, kept, merged, warnings, setConnected: (c: boolean) => (connected = c) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("PresenceWatch", () => {
  it("sends the viewer first and everyone shown on connect, and merges the answer", () => {
    const { watch, sent, kept, merged } = setup();
    watch.add(["a", "b"]);
    watch.connected();
    expect(sent.map((s) => s.ids)).toEqual([["me", "a", "b"]]);
    expect(kept).toEqual([["me", "a", "b"]]);
    sent[0]!.done({ ok: true, data: { members: [p("a", 3)] } });
    expect(merged).toEqual([[p("a", 3)]]);
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(1); // the pending debounce found the set already sent
  });

  it("debounces changes by 150 ms and sends the whole set once", () => {
    const { watch, sent } = setup();
    watch.connected();
    watch.add(["a"]);
    vi.advanceTimersByTime(100);
    watch.add(["b"]);
    vi.advanceTimersByTime(149);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent.map((s) => s.ids)).toEqual([["me"], ["me", "a", "b"]]);
  });

  it("sends at least every 600 ms while the set keeps changing", () => {
    const { watch, sent } = setup();
    watch.connected();
    for (let i = 0; i < 10; i++) {
      watch.add([`u${i}`]);
      vi.advanceTimersByTime(100);
    }
    expect(sent).toHaveLength(2); // on connect, and at 600 ms though the changes never paused
  });

  it("counts each id per component: it stays watched until the last one lets go", () => {
    const { watch, sent } = setup();
    watch.connected();
    watch.add(["a"]);
    watch.add(["a", "b"]);
    watch.remove(["a"]);
    vi.advanceTimersByTime(150);
    expect(sent.at(-1)!.ids).toEqual(["me", "a", "b"]);
    watch.remove(["a", "b"]);
    vi.advanceTimersByTime(150);
    expect(sent.at(-1)!.ids).toEqual(["me"]);
  });

  it("sends nothing when the set ends up as it was", () => {
    const { watch, sent } = setup();
    watch.add(["a"]);
    watch.connected();
    watch.remove(["a"]);
    watch.add(["a"]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(1);
  });

  it("over the cap keeps the viewer and the people shown last, and warns once", () => {
    const { watch, sent, warnings } = setup(4);
    watch.add(["a", "b", "me"]);
    watch.add(["c", "d"]);
    watch.connected();
    expect(sent[0]!.ids).toEqual(["me", "b", "c", "d"]);
    watch.add(["a"]); // shown again: now among the latest
    vi.advanceTimersByTime(150);
    expect(sent[1]!.ids).toEqual(["me", "c", "d", "a"]);
    expect(warnings).toHaveLength(1);
  });

  it("sends the whole set again on every connect, and nothing while disconnected", () => {
    const { watch, sent, setConnected } = setup();
    watch.add(["a"]);
    watch.connected();
    watch.disconnected();
    setConnected(false);
    watch.add(["b"]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(1);
    setConnected(true);
    watch.connected();
    expect(sent.map((s) => s.ids)).toEqual([["me", "a"], ["me", "a", "b"]]);
  });

  it("retries a failed subscribe with backoff 2 s, 4 s, until it succeeds", () => {
    const { watch, sent } = setup();
    watch.add(["a"]);
    watch.connected();
    sent[0]!.done({ ok: false, error: "Presence is temporarily unavailable." });
    vi.advanceTimersByTime(1_999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent[1]!.ids).toEqual(["me", "a"]);
    sent[1]!.done({ ok: false, error: "Presence is temporarily unavailable." });
    watch.add(["b"]); // a change does not cut the backoff short
    vi.advanceTimersByTime(3_999);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent[2]!.ids).toEqual(["me", "a", "b"]);
    sent[2]!.done({ ok: true, data: { members: [] } });
    watch.add(["c"]);
    vi.advanceTimersByTime(150);
    expect(sent).toHaveLength(4);
  });

  it("ignores the failure of a request a later one replaced, and answers from a detached socket", () => {
    const { watch, sent, merged } = setup();
    watch.connected();
    watch.add(["a"]);
    vi.advanceTimersByTime(150);
    sent[0]!.done({ ok: false, error: "Presence is temporarily unavailable." });
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(2);
    watch.attach(null);
    sent[1]!.done({ ok: true, data: { members: [p("a", 1)] } });
    expect(merged).toEqual([]);
  });
});
