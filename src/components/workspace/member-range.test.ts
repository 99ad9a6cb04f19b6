import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AckResult } from "@/shared/events";
import { rowsDigest, type MemberCounts, type MemberListPage, type MemberListRow } from "@/shared/member-list";
import type { PresenceStatus } from "@/shared/presence";
import { consistent, covers, MemberRangeClient, rangeFor, type MemberRangeState } from "./member-range";

const row = (userId: string, status: PresenceStatus = "active"): MemberListRow => ({ userId, name: userId.toUpperCase(), status });
const counts = (total: number, online = total): MemberCounts => ({ active: online, awayDnd: 0, offline: total - online, online, total });
const page = (start: number, ids: string[], total: number): AckResult<MemberListPage> => ({
  ok: true,
  data: { start, rows: ids.map((id) => row(id)), counts: counts(total) },
});
const ids = (s: MemberRangeState) => s.window?.rows.map((r) => r.userId);

function setup() {
  const sent: { range: { start: number; end: number; digest?: string }; done: (res: AckResult<MemberListPage>) => void }[] = [];
  let connected = true;
  const client = new MemberRangeClient({
    send: (range, done) => sent.push({ range, done }),
    isConnected: () => connected,
    onChange: () => {},
    random: () => 0,
  });
  return { client, sent, ranges: () => sent.map((s) => [s.range.start, s.range.end]), setConnected: (c: boolean) => (connected = c) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("rangeFor and covers", () => {
  it("asks a list that fits whole, from the first row", () => {
    expect(rangeFor(0, 12, 40)).toEqual([0, 200]);
    expect(rangeFor(30, 42, 40)).toEqual([0, 200]);
  });

  it("centres the screen in 200 rows of a long list, and moves back at its end", () => {
    expect(rangeFor(1000, 1020, 10_000)).toEqual([910, 1110]);
    expect(rangeFor(9980, 10_000, 10_000)).toEqual([9800, 10_000]);
    expect(rangeFor(5, 25, 10_000)).toEqual([0, 200]);
  });

  it("asks again only when the screen comes within 30 rows of an edge the list goes past", () => {
    expect(covers([0, 200], 0, 20, 10_000)).toBe(true);
    expect(covers([0, 200], 150, 170, 10_000)).toBe(true);
    expect(covers([0, 200], 151, 171, 10_000)).toBe(false);
    expect(covers([910, 1110], 939, 959, 10_000)).toBe(false);
    expect(covers([910, 1110], 940, 960, 10_000)).toBe(true);
    // The end of the list: nothing further to hold.
    expect(covers([9800, 10_000], 9980, 10_000, 10_000)).toBe(true);
    expect(covers([0, 200], 0, 40, 40)).toBe(true);
  });

  it("a copy adds up when its length and its rows' groups follow the counts and nobody is in it twice", () => {
    const w = { start: 0, rows: [row("a"), row("b")] };
    expect(consistent(w, 200, counts(2))).toBe(true);
    expect(consistent(w, 200, counts(3))).toBe(false);
    expect(consistent(w, 2, counts(9))).toBe(true);
    expect(consistent({ start: 0, rows: [row("a"), row("a")] }, 200, counts(2))).toBe(false);
    expect(consistent({ start: 300, rows: [] }, 500, counts(250))).toBe(true);
    // Groups: 1 active, 2 away or dnd, 1 offline.
    const mixed: MemberCounts = { active: 1, awayDnd: 2, offline: 1, online: 3, total: 4 };
    const rows = [row("a"), row("b", "dnd"), row("c", "away"), row("d", "offline")];
    expect(consistent({ start: 0, rows }, 200, mixed)).toBe(true);
    expect(consistent({ start: 2, rows: rows.slice(2) }, 200, mixed)).toBe(true);
    // b went offline, and the move that should have followed was missed.
    expect(consistent({ start: 0, rows: [row("a"), row("b", "offline"), row("c", "away"), row("d", "offline")] }, 200, { ...mixed, awayDnd: 1, offline: 2, online: 2 })).toBe(false);
  });
});

describe("MemberRangeClient", () => {
  it("asks for the first rows on connect and keeps the answer", () => {
    const { client, sent, ranges } = setup();
    client.connected();
    expect(ranges()).toEqual([[0, 200]]);
    sent[0]!.done(page(0, ["a", "b"], 2));
    expect(ids(client.current)).toEqual(["a", "b"]);
    expect(client.current.counts).toEqual(counts(2));
  });

  it("applies ops to the range held, with their counts", () => {
    const { client, sent } = setup();
    client.connected();
    sent[0]!.done(page(0, ["a", "c"], 2));
    client.ops([{ kind: "insert", index: 1, item: row("b") }], counts(3));
    expect(ids(client.current)).toEqual(["a", "b", "c"]);
    expect(client.current.counts).toEqual(counts(3));
    // c went offline (last row: same place, new group), then a left.
    client.ops([{ kind: "update", index: 2, item: row("c", "offline") }], counts(3, 2));
    client.ops([{ kind: "delete", index: 0 }], counts(2, 1));
    expect(client.current.window?.rows).toEqual([row("b"), row("c", "offline")]);
    expect(client.current.counts).toEqual(counts(2, 1));
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(1); // the copy adds up: nothing asked again
  });

  it("takes the rows themselves in place of ops (an arrival storm), and ops after them", () => {
    const { client, sent } = setup();
    client.connected();
    sent[0]!.done(page(0, ["a", "c"], 2));
    client.ops([{ kind: "rows", index: 0, items: [row("x"), row("y"), row("a")] }, { kind: "update", index: 2, item: row("a", "offline") }], counts(3, 2));
    expect(client.current.window?.rows).toEqual([row("x"), row("y"), row("a", "offline")]);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(1);
  });

  it("drops ops that come while a request is in flight, and checks the range again a second after", () => {
    const { client, sent, ranges } = setup();
    client.connected();
    client.ops([{ kind: "insert", index: 0, item: row("z") }], counts(3));
    sent[0]!.done(page(0, ["a", "b"], 2));
    expect(ids(client.current)).toEqual(["a", "b"]);
    expect(client.current.counts).toEqual(counts(2)); // the answer's counts are the latest known
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(ranges()).toEqual([[0, 200], [0, 200]]);
    sent[1]!.done(page(0, ["z", "a", "b"], 3));
    expect(ids(client.current)).toEqual(["z", "a", "b"]);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(2);
  });

  it("asks again (after a second) when the ops leave a copy that does not add up", () => {
    const { client, sent } = setup();
    client.connected();
    sent[0]!.done(page(0, ["a", "b"], 2));
    // An insert the copy cannot place (a stale index): the counts say three rows, the copy has two.
    client.ops([{ kind: "insert", index: 7, item: row("c") }], counts(3));
    expect(ids(client.current)).toEqual(["a", "b"]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(2);
  });

  it("debounces scrolling: one request for the range where the screen stopped", () => {
    const { client, sent, ranges } = setup();
    client.connected();
    sent[0]!.done(page(0, ["a"], 10_000));
    client.show(180, 200, 10_000);
    vi.advanceTimersByTime(50);
    client.show(400, 420, 10_000);
    vi.advanceTimersByTime(99);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(ranges()).toEqual([[0, 200], [310, 510]]);
  });

  it("asks at least every 300 ms while the screen keeps moving", () => {
    const { client, sent } = setup();
    client.connected();
    sent[0]!.done(page(0, ["a"], 10_000));
    for (let i = 0; i < 6; i++) {
      client.show(1000 + i * 500, 1020 + i * 500, 10_000);
      vi.advanceTimersByTime(60);
    }
    expect(sent).toHaveLength(2); // at 300 ms
  });

  it("sends nothing for a screen inside the range held", () => {
    const { client, sent } = setup();
    client.connected();
    sent[0]!.done(page(0, ["a"], 10_000));
    client.show(20, 40, 10_000);
    client.show(100, 120, 10_000);
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(1);
  });

  it("one request at a time: the range wanted meanwhile is asked when the answer comes", () => {
    const { client, sent, ranges } = setup();
    client.connected();
    sent[0]!.done(page(0, ["a"], 10_000));
    client.show(1000, 1020, 10_000);
    vi.advanceTimersByTime(100);
    client.show(5000, 5020, 10_000);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(2);
    sent[1]!.done(page(910, ["m"], 10_000));
    expect(ranges()).toEqual([[0, 200], [910, 1110], [4910, 5110]]);
  });

  it("starts from the rows of the page's first paint and asks for them by digest on connect", () => {
    const { client, sent, setConnected } = setup();
    const first = page(0, ["a", "b"], 2);
    if (!first.ok) throw new Error("page");
    setConnected(false); // the page renders before its socket connects
    client.seed(first.data, [0, 200]);
    expect(ids(client.current)).toEqual(["a", "b"]);
    expect(client.current.counts).toEqual(counts(2));
    client.show(0, 2, 2);
    expect(sent).toEqual([]);
    setConnected(true);
    client.connected();
    expect(sent.map((s) => s.range)).toEqual([{ start: 0, end: 200, digest: rowsDigest([row("a"), row("b")]) }]);
    sent[0]!.done({ ok: true, data: { start: 0, rows: [], counts: counts(2, 1), unchanged: true } });
    expect(ids(client.current)).toEqual(["a", "b"]);
    expect(client.current.counts).toEqual(counts(2, 1));
  });

  it("after a reconnect names the rows it holds by digest, and keeps them when the server says unchanged", () => {
    const { client, sent, setConnected } = setup();
    client.connected();
    expect(sent[0]!.range.digest).toBeUndefined();
    sent[0]!.done(page(0, ["a", "b"], 2));
    client.disconnected();
    setConnected(false);
    setConnected(true);
    client.connected();
    expect(sent[1]!.range).toEqual({ start: 0, end: 200, digest: rowsDigest([row("a"), row("b")]) });
    sent[1]!.done({ ok: true, data: { start: 0, rows: [], counts: counts(2, 1), unchanged: true } });
    expect(ids(client.current)).toEqual(["a", "b"]);
    expect(client.current.counts).toEqual(counts(2, 1));
    // Rows that changed meanwhile come whole.
    client.invalidated();
    sent[2]!.done(page(0, ["b"], 1));
    expect(ids(client.current)).toEqual(["b"]);
  });

  it("asks again on members:invalidated, and on a reconnect for the range it last wanted", () => {
    const { client, sent, ranges, setConnected } = setup();
    client.connected();
    sent[0]!.done(page(0, ["a"], 10_000));
    client.invalidated();
    expect(sent).toHaveLength(2);
    sent[1]!.done(page(0, ["a"], 10_000));
    client.show(3000, 3020, 10_000);
    vi.advanceTimersByTime(100);
    client.disconnected();
    setConnected(false);
    sent[2]!.done(page(2910, ["old"], 10_000)); // the old connection's answer: dropped
    expect(ids(client.current)).toEqual(["a"]);
    client.ops([{ kind: "delete", index: 0 }], counts(9_999)); // no range held: ignored
    expect(ids(client.current)).toEqual(["a"]);
    setConnected(true);
    client.connected();
    expect(ranges().at(-1)).toEqual([2910, 3110]);
  });

  it("shows the error and retries with backoff until an answer comes", () => {
    const { client, sent } = setup();
    client.connected();
    sent[0]!.done({ ok: false, error: "Too many requests; slow down." });
    expect(client.current.error).toBe("Too many requests; slow down.");
    vi.advanceTimersByTime(1_999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    sent[1]!.done({ ok: false, error: "Too many requests; slow down." });
    vi.advanceTimersByTime(3_999);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    sent[2]!.done(page(0, ["a"], 1));
    expect(client.current.error).toBe(null);
    expect(ids(client.current)).toEqual(["a"]);
  });

  it("sends nothing while the socket is down, and nothing after dispose", () => {
    const { client, sent, setConnected } = setup();
    setConnected(false);
    client.show(0, 10, 10);
    client.invalidated();
    expect(sent).toHaveLength(0);
    setConnected(true);
    client.connected();
    client.dispose();
    sent[0]!.done(page(0, ["a"], 1));
    expect(client.current.window).toBe(null);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(1);
  });
});
