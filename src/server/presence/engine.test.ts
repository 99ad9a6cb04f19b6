import { describe, expect, it } from "vitest";
import {
  audiences,
  canSeeThrough,
  lastSeenOnModeChange,
  lastSeenOnOffline,
  realStatus,
  visiblePresence,
  type ConnState,
  type PresenceMode,
  type PresenceStatus,
  type UserPresenceInput,
} from "./engine";

const MODES: PresenceMode[] = ["auto", "away", "dnd", "invisible"];
const LAST = new Date("2024-05-01T10:00:00.000Z");
const PUBLIC = new Date("2024-04-01T08:00:00.000Z");
const NOW = new Date("2024-06-01T12:00:00.000Z");

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
type Viewer = "self" | "allowlisted" | "outsider";
const VIEWER_IDS: Record<Viewer, string> = { self: "u1", allowlisted: "friend", outsider: "stranger" };

function user(mode: PresenceMode, conns: ConnState[], over: Partial<UserPresenceInput> = {}): UserPresenceInput {
  return { userId: "u1", mode, conns, lastSeenAt: LAST, publicLastSeenAt: PUBLIC, allowlist: new Set(["friend"]), ...over };
}

function expected(mode: PresenceMode, set: ConnSet, viewer: Viewer) {
  if (mode === "invisible" && viewer === "outsider") {
    return { userId: "u1", status: "offline", lastSeenAt: PUBLIC.toISOString() };
  }
  const status = REAL[mode][set];
  return { userId: "u1", status, lastSeenAt: status === "offline" ? LAST.toISOString() : null };
}

const CASES = MODES.flatMap((mode) =>
  CONN_SET_NAMES.flatMap((set) => (Object.keys(VIEWER_IDS) as Viewer[]).map((viewer) => ({ mode, set, viewer }))),
);

describe("realStatus", () => {
  it.each(MODES.flatMap((mode) => CONN_SET_NAMES.map((set) => ({ mode, set }))))(
    "$mode with $set",
    ({ mode, set }) => {
      expect(realStatus(mode, CONN_SETS[set])).toBe(REAL[mode][set]);
    },
  );
});

describe("visiblePresence", () => {
  it("covers all 72 combinations", () => expect(CASES).toHaveLength(72));

  it.each(CASES)("$mode / $set / seen by $viewer", ({ mode, set, viewer }) => {
    const got = visiblePresence(user(mode, CONN_SETS[set]), VIEWER_IDS[viewer]);
    expect(got).toStrictEqual(expected(mode, set, viewer));
  });

  it("gives outsiders of an invisible user the same answer whatever the conns or real last seen", () => {
    const seen = new Set(
      CONN_SET_NAMES.flatMap((set) =>
        [LAST, null, NOW].map((lastSeenAt) =>
          JSON.stringify(visiblePresence(user("invisible", CONN_SETS[set], { lastSeenAt }), "stranger")),
        ),
      ),
    );
    expect([...seen]).toEqual([JSON.stringify({ userId: "u1", status: "offline", lastSeenAt: PUBLIC.toISOString() })]);
  });

  it("reports null last seen when never seen", () => {
    const u = user("auto", [], { lastSeenAt: null, publicLastSeenAt: null });
    expect(visiblePresence(u, "stranger")).toStrictEqual({ userId: "u1", status: "offline", lastSeenAt: null });
    expect(visiblePresence({ ...u, mode: "invisible" }, "stranger").lastSeenAt).toBeNull();
  });
});

describe("canSeeThrough", () => {
  it.each([
    ["u1", true],
    ["friend", true],
    ["stranger", false],
  ] as const)("viewer %s -> %s", (viewer, ok) => {
    expect(canSeeThrough(user("invisible", []), viewer)).toBe(ok);
  });
});

describe("lastSeenOnOffline", () => {
  it.each(MODES)("%s", (mode) => {
    const want = mode === "invisible" ? { lastSeenAt: NOW } : { lastSeenAt: NOW, publicLastSeenAt: NOW };
    expect(lastSeenOnOffline(mode, NOW)).toStrictEqual(want);
  });
});

describe("lastSeenOnModeChange", () => {
  const cases = MODES.flatMap((prev) => MODES.flatMap((next) => [true, false].map((online) => ({ prev, next, online }))));
  it("covers all 32 combinations", () => expect(cases).toHaveLength(32));
  it.each(cases)("$prev -> $next, online=$online", ({ prev, next, online }) => {
    const freezes = online && next === "invisible" && prev !== "invisible";
    expect(lastSeenOnModeChange(prev, next, online, NOW)).toStrictEqual(freezes ? { publicLastSeenAt: NOW } : {});
  });
});

describe("audiences", () => {
  const p = (status: PresenceStatus, lastSeenAt: Date | null = null) => ({
    userId: "u1",
    status,
    lastSeenAt: lastSeenAt ? lastSeenAt.toISOString() : null,
  });
  const cases: Array<{ name: string; before: UserPresenceInput; after: UserPresenceInput; pub: unknown; priv: unknown }> = [
    { name: "auto connects", before: user("auto", []), after: user("auto", CONN_SETS.oneActive), pub: p("active"), priv: p("active") },
    { name: "auto goes idle", before: user("auto", CONN_SETS.twoMixed), after: user("auto", CONN_SETS.twoIdle), pub: p("away"), priv: p("away") },
    { name: "auto second tab, no change", before: user("auto", CONN_SETS.oneActive), after: user("auto", CONN_SETS.twoMixed), pub: null, priv: null },
    {
      name: "auto goes offline",
      before: user("auto", CONN_SETS.oneIdle),
      after: user("auto", [], { lastSeenAt: NOW, publicLastSeenAt: NOW }),
      pub: p("offline", NOW),
      priv: p("offline", NOW),
    },
    { name: "dnd goes idle", before: user("dnd", CONN_SETS.oneActive), after: user("dnd", CONN_SETS.oneIdle), pub: null, priv: null },
    {
      name: "auto -> invisible while online",
      before: user("auto", CONN_SETS.oneActive),
      after: user("invisible", CONN_SETS.oneActive, { publicLastSeenAt: NOW }),
      pub: p("offline", NOW),
      priv: null,
    },
    {
      name: "invisible -> auto while online",
      before: user("invisible", CONN_SETS.oneIdle),
      after: user("auto", CONN_SETS.oneIdle),
      pub: p("away"),
      priv: null,
    },
    { name: "invisible goes idle", before: user("invisible", CONN_SETS.oneActive), after: user("invisible", CONN_SETS.oneIdle), pub: null, priv: p("away") },
    { name: "invisible connects", before: user("invisible", []), after: user("invisible", CONN_SETS.oneActive), pub: null, priv: p("active") },
    {
      name: "invisible goes offline",
      before: user("invisible", CONN_SETS.oneActive),
      after: user("invisible", [], { lastSeenAt: NOW }),
      pub: null,
      priv: p("offline", NOW),
    },
    { name: "auto -> dnd", before: user("auto", CONN_SETS.oneActive), after: user("dnd", CONN_SETS.oneActive), pub: p("dnd"), priv: p("dnd") },
  ];
  it.each(cases)("$name", ({ before, after, pub, priv }) => {
    expect(audiences(before, after)).toStrictEqual({ public: pub, private: priv });
  });

  it("never emits publicly while a user stays invisible, whatever changes", () => {
    for (const a of CONN_SET_NAMES) {
      for (const b of CONN_SET_NAMES) {
        const after = user("invisible", CONN_SETS[b], { lastSeenAt: NOW });
        expect(audiences(user("invisible", CONN_SETS[a]), after).public).toBeNull();
      }
    }
  });
});
