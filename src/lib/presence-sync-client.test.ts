import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AckResult } from "@/shared/events";
import type { MyPresenceSettings, PresenceStatus, PresenceSync, PresenceSyncRequest, VisiblePresence } from "@/shared/presence";
import { PresenceSyncClient, type PresenceState } from "./presence-sync-client";

const p = (userId: string, status: PresenceStatus, version: number): VisiblePresence => ({ userId, status, lastSeenAt: null, version });
const ME: MyPresenceSettings = { mode: "auto", allowlist: [] };
const T = "2025-06-15T12:00:00.000Z";
// Digests written by hand: FNV-1a("a:1") = dbbd3e69, FNV-1a("a:2") = d8bd39b0, FNV-1a("b:2") = 3999652d,
// FNV-1a("a:4") = debd4322; a:1 with b:2 = e2245b44.
const answer = (full: boolean, members: VisiblePresence[], digest: string, me = ME): AckResult<PresenceSync> => ({
  ok: true,
  data: { full, members, digest, me, serverTime: T },
});

function setup() {
  const sent: { req: PresenceSyncRequest; done: (res: AckResult<PresenceSync>) => void }[] = [];
  const states: PresenceState[] = [];
  let connected = true;
  const client = new PresenceSyncClient({
    send: (req, done) => sent.push({ req, done }),
    isConnected: () => connected,
    onChange: (s) => states.push(s),
    random: () => 0,
  });
  const plain = () => Object.fromEntries(client.current.map);
  return { client, sent, states, plain, setConnected: (c: boolean) => (connected = c) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("PresenceSyncClient", () => {
  it("asks for a full snapshot on the first connect and applies it", () => {
    const { client, sent, plain } = setup();
    client.connected();
    expect(sent.map((s) => s.req)).toEqual([{}]);
    sent[0]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    expect(plain()).toEqual({ a: p("a", "active", 1) });
    expect(client.current.loaded).toBe(true);
    expect(client.current.me).toEqual(ME);
    expect(client.current.error).toBe(null);
  });

  it("starts from the page's first-paint answer: shown at once, and the first sync is a delta against it", () => {
    const { client, sent, plain } = setup();
    client.seed({ full: true, members: [p("a", "active", 1)], digest: "dbbd3e69", me: ME, serverTime: T });
    expect(plain()).toEqual({ a: p("a", "active", 1) });
    expect(client.current.loaded).toBe(true);
    expect(client.current.me).toEqual(ME);
    client.connected();
    expect(sent.map((s) => s.req)).toEqual([{ since: 1, digest: "dbbd3e69" }]);
    sent[0]!.done(answer(false, [], "dbbd3e69"));
    expect(plain()).toEqual({ a: p("a", "active", 1) });
    expect(sent).toHaveLength(1);
  });

  it("keeps live updates that arrive before the snapshot when they are newer", () => {
    const { client, sent, plain } = setup();
    client.connected();
    client.updated([p("a", "away", 2)]);
    expect(client.current.loaded).toBe(false);
    sent[0]!.done(answer(true, [p("a", "active", 1), p("b", "active", 2)], "3999652d"));
    expect(plain()).toEqual({ a: p("a", "away", 2), b: p("b", "active", 2) });
  });

  it("on a reconnect sends since and digest, and applies the delta", () => {
    const { client, sent, plain } = setup();
    client.connected();
    sent[0]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    client.disconnected();
    client.connected();
    expect(sent[1]!.req).toEqual({ since: 1, digest: "dbbd3e69" });
    sent[1]!.done(answer(false, [p("a", "dnd", 2)], "d8bd39b0"));
    expect(plain()).toEqual({ a: p("a", "dnd", 2) });
    expect(sent).toHaveLength(2); // digests agree: no full sync
  });

  it("asks for a full snapshot once when the digest still differs after a delta", () => {
    const { client, sent, plain } = setup();
    client.connected();
    sent[0]!.done(answer(true, [p("a", "active", 1), p("b", "active", 2)], "e2245b44"));
    client.resync();
    // The server's view lost b (b left the workspace): an empty delta with a different digest.
    sent[1]!.done(answer(false, [], "dbbd3e69"));
    expect(sent[2]!.req).toEqual({});
    // Even if the full answer does not match (a newer live entry kept), no further request.
    sent[2]!.done(answer(true, [p("a", "active", 1)], "00000000"));
    expect(plain()).toEqual({ a: p("a", "active", 1) });
    expect(sent).toHaveLength(3);
    // Back to deltas afterwards.
    client.resync();
    expect(sent[3]!.req).toEqual({ since: 1, digest: "dbbd3e69" });
  });

  it("checks every 20 s (+ jitter) while connected; an up-to-date answer changes nothing", () => {
    const { client, sent, states } = setup();
    client.connected();
    sent[0]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    const changes = states.length;
    vi.advanceTimersByTime(19_999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent[1]!.req).toEqual({ since: 1, digest: "dbbd3e69" });
    sent[1]!.done(answer(false, [], "dbbd3e69"));
    expect(Object.fromEntries(client.current.map)).toEqual({ a: p("a", "active", 1) });
    expect(states.length).toBe(changes + 1); // only the answer's bookkeeping (loaded/me/error)
    vi.advanceTimersByTime(20_000);
    expect(sent).toHaveLength(3);
  });

  it("stops checking while disconnected and drops an answer from the old connection", () => {
    const { client, sent, plain, setConnected } = setup();
    client.connected();
    sent[0]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    vi.advanceTimersByTime(20_000);
    client.disconnected();
    setConnected(false);
    sent[1]!.done(answer(false, [p("a", "away", 5)], "whatever"));
    expect(plain()).toEqual({ a: p("a", "active", 1) });
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(2);
  });

  it("shows the error and retries with backoff 2 s, 4 s, 8 s, 10 s until it succeeds", () => {
    const { client, sent } = setup();
    client.connected();
    const fail = (i: number) => sent[i]!.done({ ok: false, error: "Presence is temporarily unavailable." });
    fail(0);
    expect(client.current.error).toBe("Presence is temporarily unavailable.");
    expect(client.current.loaded).toBe(false);
    for (const [i, wait] of [[1, 2_000], [2, 4_000], [3, 8_000], [4, 10_000], [5, 10_000]] as const) {
      vi.advanceTimersByTime(wait - 1);
      expect(sent).toHaveLength(i);
      vi.advanceTimersByTime(1);
      expect(sent).toHaveLength(i + 1);
      expect(sent[i]!.req).toEqual({});
      if (i < 5) fail(i);
    }
    sent[5]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    expect(client.current.error).toBe(null);
    expect(client.current.loaded).toBe(true);
    // Back to the anti-entropy period, and the backoff starts over at 2 s.
    vi.advanceTimersByTime(20_000);
    sent[6]!.done({ ok: false, error: "Presence is temporarily unavailable." });
    vi.advanceTimersByTime(2_000);
    expect(sent).toHaveLength(8);
  });

  it("a failed check keeps the map it holds", () => {
    const { client, sent, plain } = setup();
    client.connected();
    sent[0]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    client.resync();
    sent[1]!.done({ ok: false, error: "Presence is temporarily unavailable." });
    expect(plain()).toEqual({ a: p("a", "active", 1) });
    expect(client.current.loaded).toBe(true);
    expect(client.current.error).toBe("Presence is temporarily unavailable.");
  });

  it("a resync during a sync in flight sends one more right after it", () => {
    const { client, sent } = setup();
    client.connected();
    client.resync();
    client.resync();
    expect(sent).toHaveLength(1);
    sent[0]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    expect(sent.map((s) => s.req)).toEqual([{}, { since: 1, digest: "dbbd3e69" }]);
  });

  it("a resync sent while the server is still down is retried like any failure", () => {
    const { client, sent } = setup();
    client.connected();
    sent[0]!.done({ ok: false, error: "Presence is temporarily unavailable." });
    client.resync(); // the store is back: no need to wait out the backoff
    expect(sent).toHaveLength(2);
    sent[1]!.done(answer(true, [], "00000000"));
    expect(client.current.error).toBe(null);
  });

  it("a resync that arrives while a sync is failing sends another at once, not after the backoff", () => {
    const { client, sent } = setup();
    client.connected();
    client.resync(); // the store came back while the first request was failing
    sent[0]!.done({ ok: false, error: "Presence is temporarily unavailable." });
    expect(sent).toHaveLength(2);
    sent[1]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    expect(client.current.error).toBe(null);
    expect(client.current.loaded).toBe(true);
  });

  it("a local edit of `me` is not undone by an answer that was already in flight", () => {
    const { client, sent } = setup();
    client.connected();
    sent[0]!.done(answer(true, [], "00000000"));
    client.resync();
    client.patchMe({ mode: "dnd" });
    sent[1]!.done(answer(false, [], "00000000", { mode: "auto", allowlist: [] }));
    expect(client.current.me).toEqual({ mode: "dnd", allowlist: [] });
    client.resync();
    sent[2]!.done(answer(false, [], "00000000", { mode: "dnd", allowlist: ["x"] }));
    expect(client.current.me).toEqual({ mode: "dnd", allowlist: ["x"] });
  });

  it("sends nothing while the socket is down, and nothing after dispose", () => {
    const { client, sent, setConnected } = setup();
    setConnected(false);
    client.resync();
    expect(sent).toHaveLength(0);
    setConnected(true);
    client.connected();
    client.dispose();
    sent[0]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    expect(client.current.loaded).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(1);
  });

  it("retain drops everyone not watched, now and from later updates and answers", () => {
    const { client, sent, plain } = setup();
    client.connected();
    sent[0]!.done(answer(true, [p("a", "active", 1), p("b", "active", 2)], "e2245b44"));
    client.retain(["a"]);
    expect(plain()).toEqual({ a: p("a", "active", 1) });
    client.updated([p("b", "away", 3), p("a", "away", 4)]);
    expect(plain()).toEqual({ a: p("a", "away", 4) });
    // The check compares the watched view with the server's: the digest of a:4 alone.
    client.resync();
    expect(sent[1]!.req).toEqual({ since: 4, digest: "debd4322" });
    sent[1]!.done(answer(false, [p("b", "dnd", 5)], "debd4322"));
    expect(plain()).toEqual({ a: p("a", "away", 4) });
    expect(sent).toHaveLength(2); // digests agree
  });

  it("retain of the same set changes nothing", () => {
    const { client, sent, states } = setup();
    client.retain(["a", "b"]);
    client.connected();
    sent[0]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    const changes = states.length;
    client.retain(["b", "a"]);
    expect(states.length).toBe(changes);
    client.resync();
    sent[1]!.done(answer(false, [], "00000000")); // a different digest for the same set: the full view
    expect(sent[2]!.req).toEqual({});
  });

  it("an answer to a sync sent before the watched set changed is merged, not taken as the whole view", () => {
    const { client, sent, plain } = setup();
    client.retain(["a"]);
    client.connected();
    // The page now shows b too; the subscribe answer brings b before the sync answers (for a only).
    client.retain(["a", "b"]);
    client.updated([p("b", "away", 2)]);
    sent[0]!.done(answer(true, [p("a", "active", 1)], "dbbd3e69"));
    expect(plain()).toEqual({ a: p("a", "active", 1), b: p("b", "away", 2) });
    expect(client.current.loaded).toBe(true);
    // A delta for the old set is not checked against the new one.
    client.resync();
    client.retain(["a", "b", "c"]);
    sent[1]!.done(answer(false, [], "dbbd3e69"));
    expect(sent).toHaveLength(2);
    // The next check compares again.
    client.resync();
    expect(sent[2]!.req).toEqual({ since: 2, digest: "e2245b44" });
  });
});
