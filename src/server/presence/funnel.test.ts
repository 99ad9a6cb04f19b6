// The one funnel, with its parts handed in (memory store, fake clock, recording emitter,
// in-memory directory): grace, replacement, audiences of invisible x do-not-disturb x custom
// status x allowlist, private last seen, and the property that what outsiders receive of a
// private user tells no time.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { VisiblePresence } from "@/shared/presence";
import { funnel, type Funnel } from "@/test/funnel";
import type { ConnectionRecord } from "./store";

const START = Date.parse("2026-12-01T09:00:00.000Z");
const conn = (connId: string, userId: string, idle = false, workspaceId = "w1"): ConnectionRecord => ({ connId, userId, workspaceId, instanceId: "i1", idle });
const trip = { emoji: "🌴", text: "On a trip", expiresAt: null };

let f: Funnel;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  vi.setSystemTime(START);
  f = funnel();
  f.directory.addUser("ann", ["w1"]);
  f.directory.addUser("ben", ["w1"]);
  f.directory.addUser("cat", ["w1"]);
});
afterEach(() => {
  f.service.stop();
  vi.useRealTimers();
});

const connect = async (c: ConnectionRecord, replaces?: string) => {
  await f.service.connect(c, (await f.directory.users.loadUser(c.userId))!.seed, replaces);
  await f.advance(0);
};
/** Statuses Cat (an outsider unless on an allowlist) received about Ann since `from`. */
const seen = (viewer: string, from = 0) => f.emitter.receivedBy(viewer, "ann").slice(from);

describe("connections", () => {
  it("a closed tab counts for the grace period: offline only after it, with last seen at the close", async () => {
    await connect(conn("a1", "ann"));
    expect(seen("ben").map((u) => u.status)).toEqual(["active"]);
    await f.advance(1_000);
    f.service.disconnect("a1");
    await f.advance(4_999);
    expect(seen("ben").map((u) => u.status)).toEqual(["active"]);
    await f.advance(10);
    expect(seen("ben").map((u) => [u.status, u.lastSeenAt])).toEqual([
      ["active", null],
      ["offline", "2026-12-01T09:00:01.000Z"],
    ]);
    expect(f.written).toEqual([{ userId: "ann", w: { lastSeenAt: new Date(START + 1_000), publicLastSeenAt: new Date(START + 1_000) } }]);
  });

  it("a reload names the previous connection and replaces it: nobody hears anything", async () => {
    await connect(conn("a1", "ann"));
    const before = f.emitter.sent.length;
    f.service.disconnect("a1");
    await f.advance(300);
    await connect(conn("a2", "ann"), "a1");
    await f.advance(10_000);
    expect(f.emitter.sent.slice(before)).toEqual([]);
  });

  it("versions count changes: they do not move with the clock", async () => {
    await connect(conn("a1", "ann"));
    await f.advance(3_600_000);
    await f.service.setIdle("a1", true);
    await f.advance(0);
    const [first, second] = seen("ben");
    expect(second!.version - first!.version).toBe(1);
  });
});

describe("audiences", () => {
  beforeEach(async () => {
    f.directory.allow.set("ann", new Set(["ben"]));
    await connect(conn("a1", "ann"));
    await connect(conn("b1", "ben"));
    await connect(conn("c1", "cat"));
  });

  it("an invisible user's activity, status edits, do-not-disturb and allowlist edits reach insiders only; outsiders get nothing after the one 'offline'", async () => {
    await f.service.setMode("ann", "invisible");
    await f.advance(0);
    expect(seen("cat").at(-1)).toMatchObject({ status: "offline", lastSeenAt: "2026-12-01T09:00:00.000Z" });
    const cat0 = seen("cat").length;
    const ben0 = seen("ben").length;
    await f.advance(60_000);
    await f.service.setIdle("a1", true);
    await f.service.setCustom("ann", trip);
    await f.service.setCustom("ann", null);
    await f.service.setMode("ann", "invisible", START + 7_200_000); // a scheduled do-not-disturb
    await f.service.allowlistChanged("ann");
    await f.service.allowlistChanged("ann");
    await f.advance(0);
    expect(seen("cat", cat0)).toEqual([]);
    expect(seen("ben", ben0).map((u) => [u.status, u.custom?.text ?? null, u.dndUntil ?? null])).toEqual([
      ["away", null, null],
      ["away", "On a trip", null],
      ["away", null, null],
      ["dnd", null, "2026-12-01T11:00:00.000Z"],
      ["dnd", null, "2026-12-01T11:00:00.000Z"], // the allowlist edits: insiders hear again, with the same view
      ["dnd", null, "2026-12-01T11:00:00.000Z"],
    ]);
    // The user's own tabs are told their mode and timer.
    expect(f.emitter.sent.filter((d) => d.kind === "me").at(-1)).toEqual({ kind: "me", userId: "ann", me: { mode: "invisible", dndUntil: "2026-12-01T11:00:00.000Z" } });
  });

  it("taking a viewer off the allowlist replaces their copy with the outsiders' view", async () => {
    await f.service.setMode("ann", "invisible");
    await f.advance(0);
    const outsiders = seen("cat").at(-1)!;
    f.directory.allow.set("ann", new Set());
    await f.service.allowlistChanged("ann", ["ben"]);
    await f.advance(0);
    expect(seen("ben").at(-1)).toEqual({ ...outsiders, replace: true });
    expect(seen("cat").at(-1)).toEqual(outsiders);
  });

  it("coming back after hidden changes jumps outsiders to the next block: the jump does not count them", async () => {
    await f.service.setMode("ann", "invisible");
    await f.advance(0);
    const hidden = seen("cat").at(-1)!.version;
    for (let i = 0; i < 5; i++) await f.service.setIdle("a1", i % 2 === 0);
    await f.service.setMode("ann", "auto");
    await f.advance(0);
    const back = seen("cat").at(-1)!;
    expect(back.status).toBe("away");
    expect(back.version).toBe(Math.ceil((hidden + 6) / 65_536) * 65_536);
  });

  it("a visible user's custom status and timed do-not-disturb reach everyone, once each", async () => {
    const from = seen("cat").length;
    await f.service.setCustom("ann", trip);
    await f.service.setMode("ann", "dnd", START + 1_800_000);
    await f.advance(0);
    expect(seen("cat", from).map((u) => [u.status, u.custom?.text, u.dndUntil ?? null])).toEqual([
      ["active", "On a trip", null],
      ["dnd", "On a trip", "2026-12-01T09:30:00.000Z"],
    ]);
    // The timer ends (any mode change without an end): the end is gone.
    await f.service.setMode("ann", "auto");
    await f.advance(0);
    expect(seen("cat").at(-1)).toMatchObject({ status: "active", custom: trip });
    expect(seen("cat").at(-1)).not.toHaveProperty("dndUntil");
    // The database copy of the status follows the store.
    await f.advance(10);
    expect(f.written.filter((w) => w.w.custom !== undefined).map((w) => w.w.custom)).toEqual([trip]);
  });

  it("never serves an expired custom status in a snapshot", async () => {
    await f.service.setCustom("ann", { ...trip, expiresAt: new Date(START + 60_000).toISOString() });
    expect((await f.service.snapshot("w1", "cat")).find((m) => m.userId === "ann")?.custom?.text).toBe("On a trip");
    await f.advance(60_000);
    expect((await f.service.snapshot("w1", "cat")).find((m) => m.userId === "ann")).not.toHaveProperty("custom");
  });

  it("a private user's last seen goes out as a band, to every class", async () => {
    f.directory.addUser("ann", ["w1"], { coarseLastSeen: true });
    f.service.disconnect("a1");
    await f.advance(5_000);
    expect(seen("cat").at(-1)).toMatchObject({ status: "offline", lastSeenAt: null, lastSeen: "recently" });
    expect(seen("ben").at(-1)).toMatchObject({ status: "offline", lastSeenAt: null, lastSeen: "recently" });
  });
});

// Events of one user, as fast-check draws them; `wait` moves the clock.
type Step =
  | { kind: "connect" | "close" | "idle" | "active"; tab: number }
  | { kind: "mode"; mode: "auto" | "away" | "dnd" | "invisible"; dndFor?: number }
  | { kind: "status"; text: string | null }
  | { kind: "allowlist" }
  | { kind: "wait"; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom("connect", "close", "idle", "active"), tab: fc.integer({ min: 0, max: 2 }) }) as fc.Arbitrary<Step>,
  fc.record({ kind: fc.constant("mode"), mode: fc.constantFrom("auto", "away", "dnd", "invisible"), dndFor: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) }) as fc.Arbitrary<Step>,
  fc.record({ kind: fc.constant("status"), text: fc.option(fc.constantFrom("Lunch", "Focus"), { nil: null }) }) as fc.Arbitrary<Step>,
  fc.constant<Step>({ kind: "allowlist" }),
  fc.record({ kind: fc.constant("wait"), ms: fc.integer({ min: 1, max: 20_000 }) }) as fc.Arbitrary<Step>,
);

/** Runs the steps for a private user (Ann, last seen private) from `delay` ms after the store began. */
async function outsiderFeed(steps: Step[], delay: number): Promise<VisiblePresence[]> {
  f.service.stop();
  vi.setSystemTime(START);
  f = funnel();
  f.directory.addUser("ann", ["w1"], { coarseLastSeen: true });
  f.directory.addUser("cat", ["w1"]);
  f.directory.allow.set("ann", new Set(["ben"]));
  await f.service.snapshot("w1", "cat"); // the store exists from START
  await f.advance(delay);
  const tabs = new Map<number, string>();
  let n = 0;
  for (const s of steps) {
    const tab = "tab" in s ? tabs.get(s.tab) : undefined;
    if (s.kind === "connect" && !tab) {
      const id = `t${n++}`;
      tabs.set(s.tab, id);
      await connect(conn(id, "ann"));
    } else if (s.kind === "close" && tab) {
      tabs.delete(s.tab);
      f.service.disconnect(tab);
    } else if ((s.kind === "idle" || s.kind === "active") && tab) {
      await f.service.setIdle(tab, s.kind === "idle");
    } else if (s.kind === "mode") {
      // A do-not-disturb end the user shows is a time they chose to show; a scheduled one while
      // invisible is hidden from outsiders, so only that one is drawn here.
      const until = s.mode === "invisible" && s.dndFor ? Date.now() + s.dndFor * 1_800_000 : null;
      await f.service.setMode("ann", s.mode, until);
    } else if (s.kind === "status") {
      await f.service.setCustom("ann", s.text === null ? null : { emoji: null, text: s.text, expiresAt: null });
    } else if (s.kind === "allowlist") {
      await f.service.allowlistChanged("ann");
    } else if (s.kind === "wait") {
      await f.advance(s.ms);
    }
    await f.advance(0);
  }
  await f.advance(10_000); // every grace period ends
  const snap = (await f.service.snapshot("w1", "cat")).find((m) => m.userId === "ann")!;
  return [...f.emitter.receivedBy("cat", "ann"), snap];
}

describe("versions tell no time", () => {
  it("what an outsider receives of a private user is the same whether the events happen at T or T + δ", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1_000, max: 86_400_000 }), fc.integer({ min: 1, max: 3_600_000 }), async (steps, t, delta) => {
        const atT = await outsiderFeed(steps, t);
        const later = await outsiderFeed(steps, t + delta);
        expect(later).toEqual(atT);
      }),
      { numRuns: 150 },
    );
  });
});
