import { describe, expect, it } from "vitest";
import {
  audience,
  coarseView,
  devicesOf,
  lastSeenBucket,
  lastSeenPatch,
  nextVersion,
  realStatus,
  transition,
  typingAudience,
  view,
  type ConnState,
  type PresenceMode,
  type PresenceState,
  type PresenceStatus,
} from "./engine";

const MODES: PresenceMode[] = ["auto", "away", "dnd", "invisible"];
const LAST = Date.parse("2024-05-01T10:00:00.000Z");
const PUBLIC = Date.parse("2024-04-01T08:00:00.000Z");
const NOW = Date.parse("2024-06-01T12:00:00.000Z");
const V = 1_000; // a held version

const conn = (connId: string, idle: boolean): ConnState => ({ connId, instanceId: "i1", idle });
const CONN_SETS = {
  none: [],
  oneActive: [conn("a", false)],
  oneIdle: [conn("a", true)],
  twoMixed: [conn("a", true), conn("b", false)],
  twoIdle: [conn("a", true), conn("b", true)],
  twoActive: [conn("a", false), conn("b", false)],
} satisfies Record<string, ConnState[]>;
type ConnSet = keyof typeof CONN_SETS;
const CONN_SET_NAMES = Object.keys(CONN_SETS) as ConnSet[];

// Truth table, written by hand: the status the user really has.
const REAL: Record<PresenceMode, Record<ConnSet, PresenceStatus>> = {
  auto: { none: "offline", oneActive: "active", oneIdle: "away", twoMixed: "active", twoIdle: "away", twoActive: "active" },
  away: { none: "offline", oneActive: "away", oneIdle: "away", twoMixed: "away", twoIdle: "away", twoActive: "away" },
  dnd: { none: "offline", oneActive: "dnd", oneIdle: "dnd", twoMixed: "dnd", twoIdle: "dnd", twoActive: "dnd" },
  invisible: { none: "offline", oneActive: "active", oneIdle: "away", twoMixed: "active", twoIdle: "away", twoActive: "active" },
};

const state = (mode: PresenceMode, status: PresenceStatus, over: Partial<PresenceState> = {}): PresenceState => ({
  mode,
  status,
  lastSeenAt: LAST,
  publicLastSeenAt: PUBLIC,
  // The CONN_SETS are desktop connections.
  devices: status === "offline" ? null : "desktop",
  version: V,
  publicVersion: V,
  custom: null,
  dndUntil: null,
  ...over,
});

describe("realStatus", () => {
  it.each(MODES.flatMap((mode) => CONN_SET_NAMES.map((set) => ({ mode, set }))))("$mode with $set", ({ mode, set }) => {
    expect(realStatus(mode, CONN_SETS[set])).toBe(REAL[mode][set]);
  });
});

describe("view", () => {
  const cases = MODES.flatMap((mode) => CONN_SET_NAMES.flatMap((set) => [true, false].map((seesThrough) => ({ mode, set, seesThrough }))));
  it("covers all 48 combinations", () => expect(cases).toHaveLength(48));

  it.each(cases)("$mode / $set / sees through: $seesThrough", ({ mode, set, seesThrough }) => {
    const s = state(mode, REAL[mode][set], { version: 7, publicVersion: 5 });
    const got = view("u1", s, seesThrough, NOW);
    if (mode === "invisible" && !seesThrough) {
      expect(got).toStrictEqual({ userId: "u1", status: "offline", lastSeenAt: "2024-04-01T08:00:00.000Z", version: 5 });
    } else {
      const status = REAL[mode][set];
      const want = status === "offline"
        ? { userId: "u1", status, lastSeenAt: "2024-05-01T10:00:00.000Z", version: 7 }
        : { userId: "u1", status, lastSeenAt: null, version: 7 };
      expect(got).toStrictEqual(want);
    }
  });

  it("reports null last seen when never seen", () => {
    const s = state("invisible", "offline", { lastSeenAt: null, publicLastSeenAt: null });
    expect(view("u1", s, false, NOW).lastSeenAt).toBeNull();
    expect(view("u1", s, true, NOW).lastSeenAt).toBeNull();
  });
});

describe("nextVersion", () => {
  it("counts one up; outsiders catching up on hidden changes skip to the next block of 65,536", () => {
    expect(nextVersion({ version: 5, publicVersion: 5 }, true)).toBe(6);
    expect(nextVersion({ version: 5, publicVersion: 3 }, false)).toBe(6);
    expect(nextVersion({ version: 5, publicVersion: 3 }, true)).toBe(65_536);
    expect(nextVersion({ version: 65_540, publicVersion: 65_536 }, true)).toBe(131_072);
    expect(nextVersion({ version: 65_535, publicVersion: 3 }, true)).toBe(65_536);
  });
});

describe("transition", () => {
  const T = V + 1; // the version the next visible change gets
  const cases: Array<{ name: string; before: PresenceState; mode: PresenceMode; conns: ConnSet; endedAt?: number; want: string }> = [
    { name: "auto connects", before: state("auto", "offline"), mode: "auto", conns: "oneActive", want: `active ls=${LAST} pls=${PUBLIC} v=${T} pv=${T}` },
    { name: "auto second tab, no change", before: state("auto", "active"), mode: "auto", conns: "twoMixed", want: `active ls=${LAST} pls=${PUBLIC} v=${V} pv=${V}` },
    { name: "auto goes idle", before: state("auto", "active"), mode: "auto", conns: "twoIdle", want: `away ls=${LAST} pls=${PUBLIC} v=${T} pv=${T}` },
    { name: "auto leaves: last seen = close", before: state("auto", "away"), mode: "auto", conns: "none", endedAt: NOW - 5_000, want: `offline ls=${NOW - 5_000} pls=${NOW - 5_000} v=${T} pv=${T}` },
    { name: "auto leaves: last seen = now without a close time", before: state("auto", "away"), mode: "auto", conns: "none", want: `offline ls=${NOW} pls=${NOW} v=${T} pv=${T}` },
    { name: "dnd goes idle: nothing visible", before: state("dnd", "dnd"), mode: "dnd", conns: "oneIdle", want: `dnd ls=${LAST} pls=${PUBLIC} v=${V} pv=${V}` },
    { name: "auto -> dnd", before: state("auto", "active"), mode: "dnd", conns: "oneActive", want: `dnd ls=${LAST} pls=${PUBLIC} v=${T} pv=${T}` },
    { name: "auto -> invisible online: public last seen frozen now", before: state("auto", "active"), mode: "invisible", conns: "oneActive", want: `active ls=${LAST} pls=${NOW} v=${T} pv=${T}` },
    { name: "auto -> invisible offline: nothing visible", before: state("auto", "offline", { publicLastSeenAt: LAST }), mode: "invisible", conns: "none", want: `offline ls=${LAST} pls=${LAST} v=${V} pv=${V}` },
    { name: "invisible goes idle: public version kept", before: state("invisible", "active"), mode: "invisible", conns: "oneIdle", want: `away ls=${LAST} pls=${PUBLIC} v=${T} pv=${V}` },
    { name: "invisible leaves: public last seen kept", before: state("invisible", "active"), mode: "invisible", conns: "none", endedAt: NOW - 1, want: `offline ls=${NOW - 1} pls=${PUBLIC} v=${T} pv=${V}` },
    { name: "invisible -> auto online", before: state("invisible", "away"), mode: "auto", conns: "oneIdle", want: `away ls=${LAST} pls=${PUBLIC} v=${T} pv=${T}` },
    { name: "invisible -> auto offline", before: state("invisible", "offline"), mode: "auto", conns: "none", want: `offline ls=${LAST} pls=${PUBLIC} v=${T} pv=${T}` },
    {
      name: "invisible -> auto after hidden changes: the next block, not a count",
      before: state("invisible", "away", { version: V + 7, publicVersion: V }),
      mode: "auto",
      conns: "oneIdle",
      want: `away ls=${LAST} pls=${PUBLIC} v=65536 pv=65536`,
    },
  ];
  it.each(cases)("$name", ({ before, mode, conns, endedAt, want }) => {
    const a = transition(before, { mode, conns: CONN_SETS[conns], endedAt }, NOW);
    expect(a.mode).toBe(mode);
    expect(`${a.status} ls=${a.lastSeenAt} pls=${a.publicLastSeenAt} v=${a.version} pv=${a.publicVersion}`).toBe(want);
  });

  it("moves only an invisible user's private version when the allowlist changes; a visible user's not at all", () => {
    const a = transition(state("invisible", "active"), { mode: "invisible", conns: CONN_SETS.oneActive, regroup: "allowlist" }, NOW);
    expect([a.version, a.publicVersion]).toEqual([V + 1, V]);
    const b = transition(state("auto", "active"), { mode: "auto", conns: CONN_SETS.oneActive, regroup: "allowlist" }, NOW);
    expect([b.version, b.publicVersion]).toEqual([V, V]);
  });

  it("moves both versions when the privacy of last seen changes", () => {
    const a = transition(state("invisible", "offline", { version: V + 3 }), { mode: "invisible", conns: [], regroup: "privacy" }, NOW);
    expect([a.version, a.publicVersion]).toEqual([65_536, 65_536]);
  });

  it("never changes the public view while a user stays invisible, whatever the connections do", () => {
    for (const a of CONN_SET_NAMES) {
      for (const b of CONN_SET_NAMES) {
        const before = state("invisible", REAL.invisible[a]);
        const after = transition(before, { mode: "invisible", conns: CONN_SETS[b] }, NOW);
        expect(view("u1", after, false, NOW)).toStrictEqual(view("u1", before, false, NOW));
      }
    }
  });
});

describe("devices", () => {
  const d = (idle: boolean, mobile: boolean) => ({ idle, mobile });
  it("names the kinds of the connections, by hand", () => {
    expect(devicesOf([])).toBeNull();
    expect(devicesOf([d(false, false), d(true, false)])).toBe("desktop");
    expect(devicesOf([d(false, true)])).toBe("mobile");
    expect(devicesOf([d(true, false), d(false, true)])).toBe("both");
  });

  it("a phone joining an active desktop user is a visible change; its idling is not", () => {
    const before = state("auto", "active");
    const joined = transition(before, { mode: "auto", conns: [d(false, false), d(false, true)] }, NOW);
    expect(joined.devices).toBe("both");
    expect(joined.version).toBe(V + 1);
    expect(view("u1", joined, true, NOW).devices).toBe("both");
    const idled = transition(joined, { mode: "auto", conns: [d(false, false), d(true, true)] }, NOW + 1);
    expect(idled.version).toBe(joined.version);
  });

  it("never reaches outsiders of an invisible user, and is not sent once offline", () => {
    const s = transition(state("invisible", "active"), { mode: "invisible", conns: [d(false, true)] }, NOW);
    expect(view("u1", s, true, NOW).devices).toBe("mobile");
    expect(view("u1", s, false, NOW)).not.toHaveProperty("devices");
    expect(s.publicVersion).toBe(V);
    const off = transition(s, { mode: "invisible", conns: [] }, NOW + 1);
    expect(view("u1", off, true, NOW)).not.toHaveProperty("devices");
  });
});

describe("audience", () => {
  const change = (before: PresenceState, after: PresenceState) => ({ workspaceId: "w1", userId: "u1", before, after, allowlistVersion: 0 });
  const ctx = { now: NOW, coarse: false };
  const trip = { emoji: "🌴", text: "Away on a trip", expiresAt: null };

  it("sends nothing when no version moved", () => {
    expect(audience(change(state("auto", "active"), state("auto", "active")), ctx)).toEqual({});
  });

  it("sends a visible user's change to everyone, once", () => {
    const after = state("auto", "away", { version: 9, publicVersion: 9 });
    expect(audience(change(state("auto", "active"), after), ctx)).toEqual({
      everyone: { userId: "u1", status: "away", lastSeenAt: null, version: 9 },
    });
  });

  it("tells only insiders about an invisible user's activity", () => {
    const after = state("invisible", "away", { version: 9, publicVersion: V });
    expect(audience(change(state("invisible", "active"), after), ctx)).toEqual({
      insiders: { userId: "u1", status: "away", lastSeenAt: null, version: 9 },
    });
  });

  it("tells outsiders 'offline' with the frozen last seen when a user goes invisible", () => {
    const after = state("invisible", "active", { publicLastSeenAt: NOW, version: 9, publicVersion: 9 });
    expect(audience(change(state("auto", "active"), after), ctx)).toEqual({
      outsiders: { userId: "u1", status: "offline", lastSeenAt: "2024-06-01T12:00:00.000Z", version: 9 },
      insiders: { userId: "u1", status: "active", lastSeenAt: null, version: 9 },
    });
  });

  it("carries the custom status and the do-not-disturb end to everyone while visible", () => {
    const until = NOW + 3_600_000;
    const after = state("dnd", "dnd", { custom: trip, dndUntil: until, version: 9, publicVersion: 9 });
    expect(audience(change(state("auto", "active"), after), ctx)).toEqual({
      everyone: { userId: "u1", status: "dnd", lastSeenAt: null, custom: trip, dndUntil: "2024-06-01T13:00:00.000Z", version: 9 },
    });
  });

  it("never shows an expired custom status", () => {
    const gone = { ...trip, expiresAt: "2024-06-01T11:59:59.000Z" };
    expect(view("u1", state("auto", "active", { custom: gone }), true, NOW)).not.toHaveProperty("custom");
  });

  it("keeps an invisible user's custom status and scheduled do-not-disturb among insiders", () => {
    const until = NOW + 3_600_000;
    const before = state("invisible", "active", { publicVersion: V - 4 });
    const after = transition(before, { mode: "invisible", conns: CONN_SETS.oneActive, fields: { custom: trip, dndUntil: until } }, NOW);
    expect(after.status).toBe("dnd");
    expect(audience(change(before, after), ctx)).toEqual({
      insiders: { userId: "u1", status: "dnd", lastSeenAt: null, custom: trip, dndUntil: "2024-06-01T13:00:00.000Z", version: V + 1 },
    });
  });

  it("gives viewers taken off an invisible user's allowlist the outsiders' view, replacing theirs, and outsiders nothing", () => {
    const before = state("invisible", "active", { version: V + 3 });
    const after = transition(before, { mode: "invisible", conns: CONN_SETS.oneActive, regroup: "allowlist" }, NOW);
    expect(audience(change(before, after), { ...ctx, removed: ["v9"] })).toEqual({
      insiders: { userId: "u1", status: "active", lastSeenAt: null, version: V + 4 },
      removed: { userId: "u1", status: "offline", lastSeenAt: "2024-04-01T08:00:00.000Z", version: V, replace: true },
    });
  });

  it("sends rough last seen to every class when the user keeps it private", () => {
    const after = state("auto", "offline", { lastSeenAt: NOW - 60_000, publicLastSeenAt: NOW - 60_000, version: 9, publicVersion: 9 });
    expect(audience(change(state("auto", "active"), after), { now: NOW, coarse: true })).toEqual({
      everyone: { userId: "u1", status: "offline", lastSeenAt: null, lastSeen: "recently", version: 9 },
    });
  });

  // Every mode x custom status x timed dnd, for an online user: outsiders of an invisible user get
  // only "offline" with the frozen last seen; everyone else sees status, custom and dnd end.
  const combos = MODES.flatMap((mode) => [null, trip].flatMap((custom) => [null, NOW + 60_000].map((dndUntil) => ({ mode, custom, dndUntil }))));
  it.each(combos)("$mode, custom $custom.text, dnd until $dndUntil", ({ mode, custom, dndUntil }) => {
    const before = state(mode, "offline", { version: V, publicVersion: V });
    const after = transition(before, { mode, conns: CONN_SETS.oneActive, fields: { custom, dndUntil } }, NOW);
    const a = audience(change(before, after), ctx);
    const status = mode === "auto" ? (dndUntil ? "active" : "active") : mode === "invisible" ? (dndUntil ? "dnd" : "active") : mode;
    const real = { userId: "u1", status, lastSeenAt: null, ...(custom ? { custom } : {}), ...(status === "dnd" && dndUntil ? { dndUntil: "2024-06-01T12:01:00.000Z" } : {}), version: V + 1 };
    if (mode === "invisible") expect(a).toEqual({ insiders: real });
    else expect(a).toEqual({ everyone: real });
  });
});

describe("lastSeenPatch", () => {
  const c = (before: PresenceState, after: PresenceState) => ({ workspaceId: "w1", userId: "u1", before, after, allowlistVersion: 0 });
  it("writes what moved and nothing else", () => {
    expect(lastSeenPatch(c(state("auto", "active"), state("auto", "active")))).toBeNull();
    expect(lastSeenPatch(c(state("auto", "active"), state("auto", "offline", { lastSeenAt: NOW, publicLastSeenAt: NOW })))).toEqual({
      lastSeenAt: new Date(NOW),
      publicLastSeenAt: new Date(NOW),
    });
    expect(lastSeenPatch(c(state("invisible", "active"), state("invisible", "offline", { lastSeenAt: NOW })))).toEqual({ lastSeenAt: new Date(NOW) });
  });
});

describe("private last seen", () => {
  const DAY = 86_400_000;
  it("puts the age in Telegram's bands, edges included", () => {
    expect(lastSeenBucket(NOW, NOW)).toBe("recently");
    expect(lastSeenBucket(NOW - 3 * DAY, NOW)).toBe("recently");
    expect(lastSeenBucket(NOW - 3 * DAY - 1, NOW)).toBe("week");
    expect(lastSeenBucket(NOW - 7 * DAY, NOW)).toBe("week");
    expect(lastSeenBucket(NOW - 8 * DAY, NOW)).toBe("month");
    expect(lastSeenBucket(NOW - 30 * DAY, NOW)).toBe("month");
    expect(lastSeenBucket(NOW - 31 * DAY, NOW)).toBe("long");
  });

  it("replaces the exact time and leaves views without one untouched", () => {
    const off = view("u1", state("auto", "offline"), true, NOW);
    expect(coarseView(off, NOW)).toStrictEqual({ userId: "u1", status: "offline", lastSeenAt: null, lastSeen: "long", version: V }); // LAST is 31 days before NOW
    const on = view("u1", state("auto", "active"), true, NOW);
    expect(coarseView(on, NOW)).toBe(on);
    const never = view("u1", state("auto", "offline", { lastSeenAt: null }), true, NOW);
    expect(coarseView(never, NOW)).toBe(never);
  });
});

describe("typingAudience", () => {
  const people = ["me", "ann", "ben", "cat"];
  it.each(MODES.filter((m) => m !== "invisible"))("mode %s (do-not-disturb too): every other participant, whatever the allowlist", (mode) => {
    expect(typingAudience(mode, new Set(), people, "me")).toEqual(["ann", "ben", "cat"]);
    expect(typingAudience(mode, new Set(["ben"]), people, "me")).toEqual(["ann", "ben", "cat"]);
  });
  it("invisible: only the others on the allowlist; never the typist", () => {
    expect(typingAudience("invisible", new Set(), people, "me")).toEqual([]);
    expect(typingAudience("invisible", new Set(["ben"]), people, "me")).toEqual(["ben"]);
    expect(typingAudience("invisible", new Set(["ann", "cat", "me", "zed"]), people, "me")).toEqual(["ann", "cat"]);
  });
});
