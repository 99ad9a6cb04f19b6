import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PresenceStatus, VisiblePresence } from "./presence";
import { applySync, applyUpdates, highestVersion, presenceDigest, type PresenceMap } from "./presence-sync";

const p = (userId: string, status: PresenceStatus, version: number, lastSeenAt: string | null = null): VisiblePresence => ({
  userId,
  status,
  lastSeenAt,
  version,
});
const mapOf = (...entries: VisiblePresence[]): PresenceMap => new Map(entries.map((e) => [e.userId, e]));
const plain = (map: PresenceMap) => Object.fromEntries(map);

const T = "2025-06-15T12:00:00.000Z";

describe("applyUpdates", () => {
  it("applies a newer version", () => {
    const map = mapOf(p("a", "active", 3));
    expect(plain(applyUpdates(map, [p("a", "away", 4)]))).toEqual({ a: p("a", "away", 4) });
  });

  it("ignores an older version and returns the same map", () => {
    const map = mapOf(p("a", "away", 5));
    const next = applyUpdates(map, [p("a", "active", 4)]);
    expect(next).toBe(map);
    expect(plain(next)).toEqual({ a: p("a", "away", 5) });
  });

  it("ignores an equal version (same state, or a duplicate delivery)", () => {
    const map = mapOf(p("a", "away", 5));
    const next = applyUpdates(map, [p("a", "dnd", 5)]);
    expect(next).toBe(map);
    expect(plain(next)).toEqual({ a: p("a", "away", 5) });
  });

  it("adds a user it did not know, and does not mutate the input map", () => {
    const map = mapOf(p("a", "active", 1));
    const next = applyUpdates(map, [p("b", "offline", 2, T)]);
    expect(plain(next)).toEqual({ a: p("a", "active", 1), b: p("b", "offline", 2, T) });
    expect(plain(map)).toEqual({ a: p("a", "active", 1) });
  });

  it("keeps the highest version within a batch that arrives out of order", () => {
    const next = applyUpdates(new Map(), [
      p("a", "away", 7),
      p("b", "active", 2),
      p("a", "active", 6),
      p("a", "offline", 8, T),
      p("b", "dnd", 1),
      p("a", "dnd", 5),
    ]);
    expect(plain(next)).toEqual({ a: p("a", "offline", 8, T), b: p("b", "active", 2) });
  });
});

describe("applySync", () => {
  it("a full snapshot replaces the map: new entries win, members it lacks are dropped", () => {
    const map = mapOf(p("a", "active", 3), p("gone", "away", 9));
    const next = applySync(map, { full: true, members: [p("a", "away", 4), p("b", "offline", 1, T)] });
    expect(plain(next)).toEqual({ a: p("a", "away", 4), b: p("b", "offline", 1, T) });
  });

  it("a full snapshot keeps a newer live entry (an update that overtook the snapshot)", () => {
    const map = mapOf(p("a", "dnd", 10), p("b", "active", 2));
    const next = applySync(map, { full: true, members: [p("a", "active", 9), p("b", "away", 3)] });
    expect(plain(next)).toEqual({ a: p("a", "dnd", 10), b: p("b", "away", 3) });
  });

  it("a full snapshot with an equal version takes the snapshot's entry", () => {
    const map = mapOf(p("a", "dnd", 4));
    const next = applySync(map, { full: true, members: [p("a", "active", 4)] });
    expect(plain(next)).toEqual({ a: p("a", "active", 4) });
  });

  it("an empty full snapshot empties the map", () => {
    expect(plain(applySync(mapOf(p("a", "active", 1)), { full: true, members: [] }))).toEqual({});
  });

  it("a delta applies newer entries, ignores older ones and drops nobody", () => {
    const map = mapOf(p("a", "active", 3), p("b", "away", 6), p("c", "dnd", 2));
    const next = applySync(map, { full: false, members: [p("a", "away", 7), p("b", "active", 5), p("d", "active", 8)] });
    expect(plain(next)).toEqual({
      a: p("a", "away", 7),
      b: p("b", "away", 6),
      c: p("c", "dnd", 2),
      d: p("d", "active", 8),
    });
  });

  it("an empty delta (the views already agree) returns the same map", () => {
    const map = mapOf(p("a", "active", 3));
    expect(applySync(map, { full: false, members: [] })).toBe(map);
  });
});

describe("highestVersion", () => {
  it("is 0 for an empty map", () => {
    expect(highestVersion(new Map())).toBe(0);
  });

  it("is the largest version over all users, wherever it sits", () => {
    expect(highestVersion(mapOf(p("a", "active", 3), p("b", "away", 12), p("c", "offline", 7, T)))).toBe(12);
  });
});

/** Reference FNV-1a (32 bits) over UTF-8 bytes with BigInt arithmetic, independent of the code under test. */
function refFnv1a(s: string): number {
  let h = 0x811c9dc5n;
  for (const byte of new TextEncoder().encode(s)) {
    h ^= BigInt(byte);
    h = (h * 0x01000193n) % 0x1_0000_0000n;
  }
  return Number(h);
}

describe("presenceDigest", () => {
  it("the reference FNV-1a matches the published test vectors", () => {
    expect(refFnv1a("").toString(16)).toBe("811c9dc5");
    expect(refFnv1a("a").toString(16)).toBe("e40c292c");
    expect(refFnv1a("foobar").toString(16)).toBe("bf9cf968");
  });

  it("has hand-fixed values: XOR of FNV-1a('userId:version'), 8 hex digits", () => {
    expect(presenceDigest([])).toBe("00000000");
    // FNV-1a("a:1") = 0xdbbd3e69, FNV-1a("b:2") = 0x3999652d, XOR = 0xe2245b44.
    expect(presenceDigest([{ userId: "a", version: 1 }])).toBe("dbbd3e69");
    expect(presenceDigest([{ userId: "b", version: 2 }])).toBe("3999652d");
    expect(presenceDigest([{ userId: "a", version: 1 }, { userId: "b", version: 2 }])).toBe("e2245b44");
    expect(presenceDigest([{ userId: "alice", version: 7 }])).toBe("892b5370");
  });

  it("agrees with the reference implementation", () => {
    const entries = [
      { userId: "cm0abc123", version: 41 },
      { userId: "cm0def456", version: 1_000_003 },
      { userId: "cm0ghi789", version: 0 },
    ];
    const x = entries.reduce((acc, e) => (acc ^ refFnv1a(`${e.userId}:${e.version}`)) >>> 0, 0);
    expect(presenceDigest(entries)).toBe(x.toString(16).padStart(8, "0"));
  });

  it("does not depend on order, and takes a map's values", () => {
    const a = p("a", "active", 1);
    const b = p("b", "away", 2);
    expect(presenceDigest([b, a])).toBe("e2245b44");
    expect(presenceDigest(mapOf(b, a).values())).toBe("e2245b44");
  });

  it("changes when a version changes, and not when only the status does", () => {
    expect(presenceDigest([p("a", "active", 2)])).toBe("d8bd39b0"); // FNV-1a("a:2")
    expect(presenceDigest([p("a", "active", 2)])).not.toBe(presenceDigest([p("a", "active", 1)]));
    expect(presenceDigest([p("a", "dnd", 1)])).toBe(presenceDigest([p("a", "active", 1)]));
  });
});

describe("properties", () => {
  const update = fc.record({
    userId: fc.constantFrom("a", "b", "c", "d"),
    status: fc.constantFrom<PresenceStatus>("active", "away", "dnd", "offline"),
    lastSeenAt: fc.constant(null),
    version: fc.integer({ min: 1, max: 1_000 }),
  });
  // Versions are unique per user (the store assigns them atomically), so any order must agree.
  const updates = fc.uniqueArray(update, { selector: (u) => `${u.userId}:${u.version}`, maxLength: 40 });

  it("any permutation of the same updates gives the same map", () => {
    fc.assert(
      fc.property(
        updates.chain((us) => fc.tuple(fc.constant(us), fc.shuffledSubarray(us, { minLength: us.length, maxLength: us.length }))),
        fc.integer({ min: 1, max: 5 }),
        ([us, shuffled], chunks) => {
          const once = applyUpdates(new Map(), us);
          // The shuffled copy also arrives split into several batches.
          let split: PresenceMap = new Map();
          const size = Math.ceil(shuffled.length / chunks) || 1;
          for (let i = 0; i < shuffled.length; i += size) split = applyUpdates(split, shuffled.slice(i, i + size));
          expect(plain(split)).toEqual(plain(once));
          // Each user ends at the highest version it was given.
          for (const [userId, entry] of once) {
            expect(entry.version).toBe(Math.max(...us.filter((u) => u.userId === userId).map((u) => u.version)));
          }
        },
      ),
    );
  });

  it("a snapshot and live updates converge whichever arrives first", () => {
    fc.assert(
      fc.property(updates, updates, (snapshotMembers, live) => {
        // A snapshot holds one entry per user.
        const snapshot = [...applyUpdates(new Map(), snapshotMembers).values()];
        const liveFirst = applySync(applyUpdates(new Map(), live), { full: true, members: snapshot });
        const snapshotFirst = applyUpdates(applySync(new Map(), { full: true, members: snapshot }), live);
        // Live updates of users outside the snapshot are dropped by a later snapshot (they left the view);
        // for users the snapshot holds, both orders agree.
        for (const s of snapshot) expect(liveFirst.get(s.userId)).toEqual(snapshotFirst.get(s.userId));
        expect([...liveFirst.keys()].sort()).toEqual(snapshot.map((s) => s.userId).sort());
      }),
    );
  });
});
