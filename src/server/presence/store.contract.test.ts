import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectRedis, type RedisClient } from "../redis-connect";
import { startRedisCluster, type RedisCluster } from "@/test/redis-cluster";
import { MemoryPresenceStore } from "./memory-store";
import { RedisPresenceStore } from "./redis-store";
import { PresenceKeys } from "./redis-keys";
import * as lua from "./redis-scripts";
import type { ConnectionRecord, PresenceState, PresenceStore, PresenceStoreOptions, UserSeed } from "./store";

const REDIS_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
const BASE = `roster-test:${process.pid}:${randomBytes(4).toString("hex")}:`;
let seq = 0;
const clients: RedisClient[] = [];
/** A private three-master Redis Cluster: the same contract holds there. */
let cluster: RedisCluster | undefined;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

function clusterClient(): RedisClient {
  const c = connectRedis(`redis+cluster://${cluster!.seeds}`);
  clients.push(c);
  return c;
}

function client(): Redis {
  const r = new Redis(REDIS_URL);
  clients.push(r);
  return r;
}

afterAll(async () => {
  const r = client();
  let cursor = "0";
  do {
    const [next, keys] = await r.scan(cursor, "MATCH", `${BASE}*`, "COUNT", 1000);
    if (keys.length > 0) await r.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  expect((await r.scan("0", "MATCH", `${BASE}*`, "COUNT", 100000))[1]).toEqual([]);
  await Promise.all(clients.map((c) => c.quit()));
});

interface Harness {
  name: string;
  /** Two store objects over the same data, to race against each other. */
  open(opts: PresenceStoreOptions): [PresenceStore, PresenceStore];
}

const harnesses: Harness[] = [
  {
    name: "memory",
    open: (opts) => {
      const s = new MemoryPresenceStore(opts);
      return [s, s];
    },
  },
  {
    name: "redis",
    open: (opts) => {
      const prefix = `${BASE}${++seq}:`;
      return [
        new RedisPresenceStore({ ...opts, redis: client(), prefix }),
        new RedisPresenceStore({ ...opts, redis: client(), prefix }),
      ];
    },
  },
  {
    name: "redis cluster",
    open: (opts) => {
      const prefix = `${BASE}${++seq}:`;
      return [
        new RedisPresenceStore({ ...opts, redis: clusterClient(), prefix }),
        new RedisPresenceStore({ ...opts, redis: clusterClient(), prefix }),
      ];
    },
  },
];

const rec = (connId: string, userId: string, instanceId = "i1", workspaceId = "w1", idle = false): ConnectionRecord => ({
  connId,
  userId,
  workspaceId,
  instanceId,
  idle,
});
const AUTO: UserSeed = { mode: "auto", lastSeenAt: null, publicLastSeenAt: null };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Status, last seen and versions of a state, in one line for readable expectations. */
const brief = (s: PresenceState) => `${s.mode} ${s.status} ls=${s.lastSeenAt} pls=${s.publicLastSeenAt} v=${s.version} pv=${s.publicVersion}`;
const T0 = 1_700_000_000_000;
/** The version of users without state: the store's epoch, its first operation's time x 1000. */
const E = 1_700_000_000_000_000;
/** Where outsiders' version goes after hidden changes: the next multiple of 65,536 above E. */
const BLOCK_AFTER_E = Math.ceil((E + 1) / 65_536) * 65_536;

describe.each(harnesses)("PresenceStore contract: $name", (h) => {
  let t = 0;
  let store: PresenceStore;
  let other: PresenceStore;
  beforeEach(() => {
    t = T0;
    [store, other] = h.open({ livenessMs: 300, now: () => t });
  });
  afterEach(async () => {
    await store.close();
    await other.close();
  });

  it("a first connection makes the user active with a new version; a second one changes nothing", async () => {
    const first = await store.addConnection(rec("c1", "u1"), AUTO);
    expect(brief(first.before)).toBe(`auto offline ls=null pls=null v=${E} pv=${E}`);
    expect(brief(first.after)).toBe(`auto active ls=null pls=null v=${E + 1} pv=${E + 1}`);
    t += 10;
    const second = await store.addConnection(rec("c2", "u1", "i1", "w1", true), AUTO);
    expect(brief(second.after)).toBe(`auto active ls=null pls=null v=${E + 1} pv=${E + 1}`);
    expect(second.before.version).toBe(second.after.version);
  });

  it("is away when every connection is idle and active when any is not; each visible change bumps the version", async () => {
    await store.addConnection(rec("c1", "u1"), AUTO);
    await store.addConnection(rec("c2", "u1", "i2", "w1", true), AUTO);
    t += 1;
    const away = await store.setIdle(rec("c1", "u1", "i1", "w1", true));
    expect(brief(away!.after)).toBe(`auto away ls=null pls=null v=${E + 2} pv=${E + 2}`);
    const stillAway = await store.setIdle(rec("c1", "u1", "i1", "w1", true));
    expect(stillAway!.after.version).toBe(E + 2);
    const back = await other.setIdle(rec("c2", "u1", "i2", "w1", false));
    expect(brief(back!.after)).toBe(`auto active ls=null pls=null v=${E + 3} pv=${E + 3}`);
  });

  it("knows the kinds of device a user is on; a phone joining is one visible change, its idling keeps the kind", async () => {
    const phone = (connId: string, instanceId: string, idle = false): ConnectionRecord => ({ ...rec(connId, "u1", instanceId, "w1", idle), mobile: true });
    const first = await store.addConnection(rec("c1", "u1"), AUTO);
    expect(first.after.devices).toBe("desktop");
    t += 1;
    const both = await other.addConnection(phone("p1", "i2"), AUTO);
    expect([both.before.devices, both.after.devices]).toEqual(["desktop", "both"]);
    expect(both.after.version).toBe(E + 2);
    t += 1;
    const idle = await other.setIdle(phone("p1", "i2", true));
    expect(idle!.after.devices).toBe("both");
    expect(idle!.after.version).toBe(both.after.version);
    expect((await store.readWorkspace("w1", [])).users.get("u1")!.state.devices).toBe("both");
    t += 1;
    const mobileOnly = await store.removeConnection(rec("c1", "u1"), t);
    expect([mobileOnly.after.status, mobileOnly.after.devices]).toEqual(["away", "mobile"]);
    expect((await other.readWorkspace("w1", [])).users.get("u1")!.state.devices).toBe("mobile");
    t += 1;
    const gone = await other.removeConnection(phone("p1", "i2"), t);
    expect([gone.after.status, gone.after.devices]).toEqual(["offline", null]);
    expect((await store.readWorkspace("w1", [])).users.get("u1")!.state.devices).toBeNull();
  });

  it("applies the setIdle calls of one tick in order, each answered as if alone (an unknown connection: null)", async () => {
    await store.addConnection(rec("c1", "u1"), AUTO);
    await store.addConnection(rec("c2", "u2"), AUTO);
    t += 1;
    const [a, b, unknown, c, d] = await Promise.all([
      store.setIdle(rec("c1", "u1", "i1", "w1", true)),
      store.setIdle(rec("c2", "u2", "i1", "w1", true)),
      store.setIdle(rec("nope", "u1", "i1", "w1", true)),
      store.setIdle(rec("c1", "u1", "i1", "w1", false)),
      store.setIdle(rec("c1", "u1", "i1", "w1", true)),
    ]);
    expect([a, b, c, d].map((x) => `${x!.before.status}>${x!.after.status} v=${x!.after.version}`)).toEqual([
      `active>away v=${E + 2}`,
      `active>away v=${E + 2}`,
      `away>active v=${E + 3}`,
      `active>away v=${E + 4}`,
    ]);
    expect(unknown).toBeNull();
    const read = await other.readWorkspace("w1", []);
    expect([read.users.get("u1")!.state.status, read.users.get("u2")!.state.status]).toEqual(["away", "away"]);
    // More than one script's worth of flips in one tick: u2 is away, the first restates it, each next one flips.
    const many = await Promise.all(Array.from({ length: 450 }, (_, k) => store.setIdle(rec("c2", "u2", "i1", "w1", k % 2 === 0))));
    expect(many[0]!.after.version).toBe(E + 2);
    expect(many.at(-1)!.after.status).toBe("active");
    expect(many.at(-1)!.after.version).toBe(E + 2 + 449);
  });

  it("answers null to setIdle for a connection it does not hold, and creates nothing", async () => {
    await store.addConnection(rec("c1", "u1"), AUTO);
    expect(await store.setIdle(rec("nope", "u1", "i1", "w1", true))).toBeNull();
    expect(await store.setIdle(rec("c1", "u9", "i1", "w1", true))).toBeNull();
    expect(await store.setIdle(rec("c1", "u1", "i1", "w9", true))).toBeNull();
    expect(await store.setIdle(rec("c1", "u1", "i7", "w1", true))).toBeNull();
    const read = await store.readWorkspace("w1", []);
    expect([...read.users.keys()]).toEqual(["u1"]);
    expect(read.users.get("u1")!.state.status).toBe("active");
    expect((await store.readWorkspace("w9", [])).users.size).toBe(0);
  });

  it("reads only the users asked for, with their devices, modes and allowlist versions", async () => {
    await store.addConnection({ ...rec("c1", "u1"), mobile: true }, AUTO);
    await store.addConnection(rec("c2", "u2"), AUTO);
    await store.addConnection(rec("c3", "u3", "i1", "w2"), AUTO);
    await store.setUser("u2", { mode: "away" }, ["w1"], AUTO);
    const whole = await store.readWorkspace("w1", ["u2"]);
    const some = await store.readWorkspace("w1", ["u2", "u3", "u9"], true);
    expect([...some.users.keys()]).toEqual(["u2"]); // u3 is held in w2 only, u9 nowhere
    expect(some.users.get("u2")).toEqual(whole.users.get("u2"));
    expect(some.users.get("u2")!.state.status).toBe("away");
    expect(some.modes).toEqual(new Map([["u2", "away"], ["u3", "auto"]])); // modes are per user, known from any workspace
    expect(some.epochOf("u9")).toBe(whole.epochOf("u9"));
    const mobile = await store.readWorkspace("w1", ["u1"], true);
    expect(mobile.users.get("u1")!.state.devices).toBe("mobile");
    expect((await store.readWorkspace("w1", [], true)).users.size).toBe(0);
  });

  it("answers reads of some users asked together (one tick, more users than one script reads) each with what it asked", async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.addConnection(rec(`c${i}`, `u${i}`, "i1", "w1", i % 2 === 1), AUTO)));
    await store.addConnection(rec("x1", "u1", "i1", "w2"), AUTO);
    await store.setUser("u3", { mode: "dnd" }, ["w1"], AUTO);
    const asks = [
      ["u0", "u1", "u2"],
      ["u1", "u3", "u99"],
      Array.from({ length: 600 }, (_, i) => `u${i}`), // alone more than one script reads
      ...Array.from({ length: 30 }, (_, k) => Array.from({ length: 30 }, (_, i) => `u${(k * 7 + i) % 45}`)),
    ];
    const reads = await Promise.all(asks.map((ids) => other.readWorkspace("w1", ids, true)));
    for (const [k, ids] of asks.entries()) {
      for (const id of ids) {
        const n = Number(id.slice(1));
        const got = reads[k]!.users.get(id);
        if (n >= 40) expect(got).toBeUndefined();
        else expect(got?.state.status).toBe(n === 3 ? "dnd" : n % 2 ? "away" : "active");
      }
      expect(reads[k]!.modes.get("u3")).toBe(ids.includes("u3") ? "dnd" : reads[k]!.modes.get("u3"));
    }
    const alone = await other.readWorkspace("w1", ["u1"], true);
    expect(reads[0]!.users.get("u1")).toEqual(alone.users.get("u1"));
  });

  it("records last seen as the close of the last connection, not the time of the removal", async () => {
    await store.addConnection(rec("c1", "u1"), AUTO);
    await store.addConnection(rec("c2", "u1", "i2"), AUTO);
    t += 5_000;
    const one = await store.removeConnection(rec("c1", "u1"), T0 + 1_000);
    expect(one.after.status).toBe("active");
    const last = await other.removeConnection(rec("c2", "u1", "i2"), T0 + 2_000);
    expect(brief(last.after)).toBe(`auto offline ls=${T0 + 2_000} pls=${T0 + 2_000} v=${E + 2} pv=${E + 2}`);
    // Removing again, or from an instance that does not own it, changes nothing.
    const again = await store.removeConnection(rec("c2", "u1", "i2"), T0 + 9_000);
    expect(again.after).toEqual(last.after);
  });

  it("records the close of a connection whose user the store lost (a Redis restart) as their going offline", async () => {
    await store.readWorkspace("w1", []); // the store exists from T0 on
    t += 2_000;
    const c = await store.removeConnection(rec("gone", "u1", "i1"), T0 + 1_500);
    expect(brief(c.after)).toBe(`auto offline ls=${T0 + 1_500} pls=${T0 + 1_500} v=${E + 1} pv=${E + 1}`);
    expect((await store.readWorkspace("w1", [])).users.get("u1")!.state.lastSeenAt).toBe(T0 + 1_500);
  });

  it("ignores a removal from an instance that does not own the connection", async () => {
    await store.addConnection(rec("c1", "u1", "i1"), AUTO);
    const c = await store.removeConnection(rec("c1", "u1", "i2"), T0);
    expect(c.after.status).toBe("active");
  });

  it("replaces a tab's previous connection in the same step, with no visible change", async () => {
    await store.addConnection(rec("old", "u1", "i1"), AUTO);
    t += 100;
    const c = await other.addConnection(rec("new", "u1", "i2", "w1", false), AUTO, "old");
    expect(c.after.version).toBe(c.before.version);
    // The old connection is gone: removing the new one ends the user's presence.
    const gone = await other.removeConnection(rec("new", "u1", "i2"), T0 + 150);
    expect(gone.after.status).toBe("offline");
    expect(gone.after.lastSeenAt).toBe(T0 + 150);
  });

  it("only replaces connections of the same user in the same workspace", async () => {
    await store.addConnection(rec("theirs", "u2", "i1"), AUTO);
    await store.addConnection(rec("mine", "u1", "i1"), AUTO, "theirs");
    const read = await store.readWorkspace("w1", []);
    expect(read.users.get("u2")!.state.status).toBe("active");
  });

  it("keeps the mode in the store: seeded once, changed by setUser, applied where the user is", async () => {
    const seeded = await store.addConnection(rec("c1", "u1"), { mode: "dnd", lastSeenAt: null, publicLastSeenAt: null });
    expect(seeded.after.status).toBe("dnd");
    // A later seed does not override the stored mode.
    await store.addConnection(rec("c2", "u1", "i1", "w2"), AUTO);
    t += 1;
    const changes = await store.setUser("u1", { mode: "away" }, ["w3"], AUTO);
    const byWs = Object.fromEntries(changes.map((c) => [c.workspaceId, brief(c.after)]));
    expect(byWs).toEqual({
      w1: `away away ls=null pls=null v=${E + 2} pv=${E + 2}`,
      w2: `away away ls=null pls=null v=${E + 2} pv=${E + 2}`,
      w3: `away offline ls=null pls=null v=${E} pv=${E}`,
    });
    expect((await store.readWorkspace("w9", ["u1", "u2"])).modes).toEqual(new Map([["u1", "away"]]));
    expect(await store.modeOf("u1")).toBe("away");
    expect(await store.modeOf("u2")).toBeUndefined();
    expect(changes.map((c) => c.before.mode)).toEqual(["dnd", "dnd", "dnd"]); // the mode it replaced, for timed do-not-disturb
  });

  it("freezes an invisible user's public last seen and public version; outsiders never see activity", async () => {
    await store.addConnection(rec("c1", "u1"), AUTO);
    t += 1_000;
    const hide = (await store.setUser("u1", { mode: "invisible" }, ["w1"], AUTO))[0]!;
    const v1 = E + 2;
    expect(brief(hide.after)).toBe(`invisible active ls=null pls=${T0 + 1_000} v=${v1} pv=${v1}`);
    t += 1_000;
    const idle = await store.setIdle(rec("c1", "u1", "i1", "w1", true));
    expect(brief(idle!.after)).toBe(`invisible away ls=null pls=${T0 + 1_000} v=${v1 + 1} pv=${v1}`);
    t += 1_000;
    const gone = await store.removeConnection(rec("c1", "u1"), T0 + 2_500);
    expect(brief(gone.after)).toBe(`invisible offline ls=${T0 + 2_500} pls=${T0 + 1_000} v=${v1 + 2} pv=${v1}`);
    t += 1_000;
    // Outsiders catch up at the next block: the jump does not count the hidden changes.
    const shown = (await store.setUser("u1", { mode: "auto" }, [], AUTO))[0]!;
    expect(brief(shown.after)).toBe(`auto offline ls=${T0 + 2_500} pls=${T0 + 1_000} v=${BLOCK_AFTER_E} pv=${BLOCK_AFTER_E}`);
  });

  it("keeps the custom status and the do-not-disturb end with the mode; a change bumps the version once, nothing for outsiders while invisible", async () => {
    const trip = { emoji: "🌴", text: "On a trip\twith \"tabs\"", expiresAt: null };
    const seeded = await store.addConnection(rec("c1", "u1"), { ...AUTO, custom: trip });
    expect(seeded.after.custom).toEqual(trip);
    // A later seed does not override what the store holds.
    await store.addConnection(rec("c2", "u1"), { ...AUTO, custom: null });
    const until = T0 + 3_600_000;
    const [dnd] = await store.setUser("u1", { mode: "dnd", dndUntil: until }, [], AUTO);
    expect([dnd!.after.status, dnd!.after.dndUntil, dnd!.after.version]).toEqual(["dnd", until, E + 2]);
    expect(dnd!.after.custom).toEqual(trip);
    // Any mode change without an end ends it.
    const [plain] = await store.setUser("u1", { mode: "invisible" }, [], AUTO);
    expect([plain!.after.status, plain!.after.dndUntil]).toEqual(["active", null]);
    const pv = plain!.after.publicVersion;
    const [cleared] = await store.setUser("u1", { custom: null }, [], AUTO);
    expect(cleared!.after.custom).toBeNull();
    expect([cleared!.after.version, cleared!.after.publicVersion]).toEqual([plain!.after.version + 1, pv]);
    // A scheduled do-not-disturb while invisible: the status insiders see is dnd; outsiders' version stays.
    const [hidden] = await store.setUser("u1", { mode: "invisible", dndUntil: until }, [], AUTO);
    expect([hidden!.after.status, hidden!.after.dndUntil, hidden!.after.publicVersion]).toEqual(["dnd", until, pv]);
    const read = await other.readWorkspace("w1", ["u1"]);
    expect(read.users.get("u1")!.state).toMatchObject({ custom: null, dndUntil: until, status: "dnd" });
    expect(read.fields.get("u1")).toEqual({ custom: null, dndUntil: until });
    // A cleared status is not brought back by a stale seed.
    await store.addConnection(rec("c3", "u1"), { ...AUTO, custom: trip });
    expect((await store.readWorkspace("w1", [])).users.get("u1")!.state.custom).toBeNull();
  });

  it("moves only an invisible user's private version, and the allowlist version, when the allowlist changes", async () => {
    await store.addConnection(rec("c1", "u1"), AUTO);
    t += 5;
    const [visible] = await store.allowlistChanged("u1", ["w1"], AUTO);
    expect([visible!.after.version, visible!.after.publicVersion]).toEqual([E + 1, E + 1]);
    const [hide] = await store.setUser("u1", { mode: "invisible" }, [], AUTO);
    const [c] = await store.allowlistChanged("u1", ["w1"], AUTO);
    expect([c!.after.version, c!.after.publicVersion]).toEqual([hide!.after.version + 1, hide!.after.publicVersion]);
    expect(c!.allowlistVersion).toBe(T0 + 6);
    const [d] = await store.allowlistChanged("u1", [], AUTO);
    expect(d!.allowlistVersion).toBe(T0 + 7); // same ms: still grows
    expect((await store.readWorkspace("w1", [])).users.get("u1")!.allowlistVersion).toBe(T0 + 7);
  });

  it("reads a workspace: the epoch, every held state, and the modes asked for", async () => {
    await store.addConnection(rec("c1", "u1"), AUTO);
    await store.addConnection(rec("c2", "u2", "i1", "w1", true), { mode: "dnd", lastSeenAt: T0 - 9, publicLastSeenAt: T0 - 9 });
    await store.addConnection(rec("c3", "u3", "i1", "w2"), { mode: "away", lastSeenAt: null, publicLastSeenAt: null });
    const read = await other.readWorkspace("w1", ["u1", "u3", "u4"]);
    expect(read.epochOf("u4")).toBe(E);
    expect(Object.fromEntries([...read.users].map(([id, u]) => [id, brief(u.state)]))).toEqual({
      u1: `auto active ls=null pls=null v=${E + 1} pv=${E + 1}`,
      u2: `dnd dnd ls=${T0 - 9} pls=${T0 - 9} v=${E + 1} pv=${E + 1}`,
    });
    expect(read.modes).toEqual(new Map([["u1", "auto"], ["u3", "away"]]));
  });

  it("reads the modes and shown fields of many users at once (9,000 asked)", async () => {
    await store.addConnection(rec("c1", "u1"), { ...AUTO, mode: "dnd", custom: { emoji: null, text: "Busy", expiresAt: null } });
    await store.setUser("u8999", { mode: "away" }, [], AUTO);
    const asked = Array.from({ length: 9_000 }, (_, i) => `u${i}`);
    const read = await other.readWorkspace("w1", asked);
    expect(read.modes).toEqual(new Map([["u1", "dnd"], ["u8999", "away"]]));
    expect(read.fields.get("u1")).toEqual({ custom: { emoji: null, text: "Busy", expiresAt: null }, dndUntil: null });
    expect(read.fields.get("u8999")).toEqual({ custom: null, dndUntil: null });
    expect(read.fields.has("u2")).toBe(false);
    expect(read.users.get("u1")!.state.custom?.text).toBe("Busy");
  });

  it("orders every change of a user into one chain of versions when two store objects race", async () => {
    for (let trial = 0; trial < 100; trial++) {
      const user = `race${trial}`;
      await store.addConnection(rec("a", user, "i1", "w1", false), AUTO);
      await other.addConnection(rec("b", user, "i2", "w1", true), AUTO);
      // The device switch: the tab on i1 goes idle while the one on i2 becomes active.
      const [x, y] = await Promise.all([
        store.setIdle(rec("a", user, "i1", "w1", true)),
        other.setIdle(rec("b", user, "i2", "w1", false)),
      ]);
      const bumped = [x!, y!].filter((c) => c.after.version !== c.before.version).sort((p, q) => p.after.version - q.after.version);
      for (let i = 1; i < bumped.length; i++) expect(bumped[i]!.before.version).toBe(bumped[i - 1]!.after.version);
      const newest = [x!, y!].sort((p, q) => q.after.version - p.after.version)[0]!;
      expect(newest.after.status).toBe("active");
      expect((await store.readWorkspace("w1", [])).users.get(user)!.state.status).toBe("active");
    }
  });

  it("reports whether a heartbeat found the instance registered by an earlier heartbeat", async () => {
    expect(await store.heartbeat("i1")).toBe(false);
    expect(await store.heartbeat("i1")).toBe(true);
    // Registered by a connection (after a reap or data loss): the next beat says re-register.
    await store.addConnection(rec("c1", "u1", "i2"), AUTO);
    expect(await other.heartbeat("i2")).toBe(false);
    expect(await other.heartbeat("i2")).toBe(true);
  });

  it("reaps a dead instance once, even when two callers race; last seen is its last beat", async () => {
    await store.heartbeat("i1");
    await store.heartbeat("i2");
    await store.addConnection(rec("c1", "u1", "i1", "w1"), AUTO);
    await store.addConnection(rec("c2", "u1", "i1", "w1"), AUTO);
    await store.addConnection(rec("c3", "u2", "i1", "w2"), AUTO);
    await store.addConnection(rec("c4", "u1", "i2", "w1", true), AUTO);
    t += 50;
    await store.heartbeat("i1"); // its last beat
    expect(await store.reapInstance("i1")).toEqual([]); // still live
    t += 250;
    await store.heartbeat("i2");
    t += 100;
    expect(await store.deadInstances()).toEqual(["i1"]);
    const [a, b] = await Promise.all([store.reapInstance("i1"), other.reapInstance("i1")]);
    const [won, lost] = a.length > 0 ? [a, b] : [b, a];
    expect(lost).toEqual([]);
    const byKey = Object.fromEntries(won.map((c) => [`${c.workspaceId}/${c.userId}`, `${c.after.status} ls=${c.after.lastSeenAt}`]));
    // u1 is still there through i2 (idle); u2 was only on i1: offline since i1's last beat.
    expect(byKey).toEqual({ "w1/u1": "away ls=null", "w2/u2": `offline ls=${T0 + 50}` });
    expect(await store.reapInstance("i1")).toEqual([]);
    expect(await store.deadInstances()).toEqual([]);
    expect(await store.heartbeat("i1")).toBe(false);
  });

  it("does not reap an instance that beat again", async () => {
    await store.heartbeat("i1");
    await store.addConnection(rec("c1", "u1", "i1"), AUTO);
    t += 400;
    expect(await store.deadInstances()).toEqual(["i1"]);
    await store.heartbeat("i1");
    expect(await store.reapInstance("i1")).toEqual([]);
  });

  it("keeps a retired instance's connections for the restart grace period, then reaps them", async () => {
    await store.heartbeat("i1");
    await store.addConnection(rec("c1", "u1", "i1"), AUTO);
    await store.addConnection(rec("c2", "u2", "i1"), AUTO);
    t += 10;
    await store.retireInstance("i1", 1_000);
    // u1 comes back on another instance and replaces its connection; u2 does not.
    await other.addConnection(rec("c9", "u1", "i2"), AUTO, "c1");
    t += 1_000; // the whole grace period: still counted
    await other.heartbeat("i2");
    expect(await store.deadInstances()).toEqual([]);
    t += 1;
    expect(await store.deadInstances()).toEqual(["i1"]);
    const reaped = await other.reapInstance("i1");
    expect(reaped.map((c) => `${c.userId} ${c.after.status} ls=${c.after.lastSeenAt}`)).toEqual([`u2 offline ls=${T0 + 10}`]);
  });

  it("rejects ids that cannot be keys", async () => {
    await expect(store.addConnection(rec("c:1", "u1"), AUTO)).rejects.toThrow(/invalid id/);
    await expect(store.addConnection(rec("c1", "u 1"), AUTO)).rejects.toThrow(/invalid id/);
    await expect(store.addConnection(rec("c1", "u|1"), AUTO)).rejects.toThrow(/invalid id/);
    await expect(store.heartbeat("")).rejects.toThrow(/invalid id/);
  });

  it("uses its real clock when none is injected: the epoch above the wall clock x 1000, then a count", async () => {
    const [s] = h.open({ livenessMs: 1000 });
    try {
      const before = Date.now();
      const c = await s.addConnection(rec("c1", "u1", "i1"), AUTO);
      expect(c.before.version).toBeGreaterThanOrEqual(before * 1000);
      expect(c.before.version).toBeLessThan((Date.now() + 1_000) * 1000);
      expect(c.after.version).toBe(c.before.version + 1);
      await s.heartbeat("i1");
      await sleep(1_100);
      expect(await s.deadInstances()).toEqual(["i1"]);
    } finally {
      await s.close();
    }
  });
});

describe("RedisPresenceStore on the server", () => {
  it("costs one command per activity flip, a constant number per heartbeat whatever the socket count, and one per tick of page reads", async () => {
    const prefix = `${BASE}${++seq}:`;
    const r = client();
    const s = new RedisPresenceStore({ redis: r, prefix, livenessMs: 15_000 });
    const monitor = await client().monitor();
    const seen: Array<{ source: string; args: string[] }> = [];
    monitor.on("monitor", (_time: string, args: string[], source: string) => {
      if (args.some((a) => String(a).includes(prefix))) seen.push({ source, args: args.map(String) });
    });
    async function mark(): Promise<number> {
      const marker = `${prefix}marker:${randomBytes(4).toString("hex")}`;
      await r.echo(marker);
      for (let i = 0; i < 200 && !seen.some((c) => c.args.includes(marker)); i++) await sleep(10);
      const idx = seen.findIndex((c) => c.args.includes(marker));
      expect(idx).toBeGreaterThanOrEqual(0);
      return idx;
    }
    /** Commands sent by clients (not run inside scripts) touching our prefix while `fn` runs. */
    async function commandsDuring(fn: () => Promise<unknown>): Promise<string[]> {
      const start = await mark();
      await fn();
      const end = await mark();
      return seen.slice(start + 1, end).filter((c) => c.source !== "lua").map((c) => c.args[0]!.toLowerCase());
    }
    const counts: Record<number, string[]> = {};
    for (const n of [1, 500]) {
      const inst = `big${n}`;
      await Promise.all(Array.from({ length: n }, (_, i) => s.addConnection(rec(`c${n}-${i}`, `u${i % 50}`, inst), AUTO)));
      await s.heartbeat(inst); // loads the script if needed
      counts[n] = await commandsDuring(() => s.heartbeat(inst));
    }
    expect(counts[1]).toEqual(["evalsha"]);
    expect(counts[500]).toEqual(["evalsha"]);
    await s.setIdle(rec("c1-0", "u0", "big1", "w1", true));
    expect(await commandsDuring(() => s.setIdle(rec("c1-0", "u0", "big1", "w1", false)))).toEqual(["evalsha"]);
    // 200 pages opening at once, each reading itself and the first 60 rows: one script call.
    await s.readWorkspace("w1", ["u0"], true);
    const pages = await commandsDuring(() => Promise.all(Array.from({ length: 200 }, (_, k) => s.readWorkspace("w1", [`u${k}`, ...Array.from({ length: 60 }, (_, i) => `u${i}`)], true))));
    expect(pages).toEqual(["evalsha"]);
    // The reaper's idle poll (every 2 s on every instance): one script, one read inside it.
    await s.deadInstances();
    const pollStart = await mark();
    await s.deadInstances();
    const pollEnd = await mark();
    expect(seen.slice(pollStart + 1, pollEnd).map((c) => c.args[0]!.toLowerCase())).toEqual(["evalsha", "zrangebyscore"]);
    await monitor.disconnect();
  });
});

describe("RedisPresenceStore: a reap whose reaper died midway", () => {
  /** A store on a fake clock (liveness 300 ms) whose instance i1 holds u1's connection c1. */
  async function withI1() {
    const clock = { t: T0 };
    const prefix = `${BASE}${++seq}:`;
    const r = client();
    const s = new RedisPresenceStore({ redis: r, prefix, livenessMs: 300, now: () => clock.t });
    await s.addConnection(rec("c1", "u1", "i1"), AUTO);
    await s.heartbeat("i1");
    return { clock, r, s, k: new PresenceKeys(prefix) };
  }

  it("holds the claimed instance's connects, then lets the instance finish the reap itself once the claim lapsed", async () => {
    const { clock, r, s, k } = await withI1();
    clock.t += 400; // i1 lapsed
    // A reaper claims i1 (CLAIM alone, as if it died right after) for 1 s.
    const claim = (await r.eval(lua.CLAIM, 4, k.instances, k.beats, k.reaping, k.instanceBuckets("i1"), clock.t, "i1", 1_000)) as string[];
    expect(claim.slice(0, 2)).toEqual(["1", String(T0)]);
    await expect(s.addConnection(rec("c2", "u2", "i1"), AUTO)).rejects.toThrow(/being reaped/);
    expect(await s.heartbeat("i1")).toBe(true); // nothing written while the claim holds
    expect((await s.readWorkspace("w1", ["u1"])).users.get("u1")!.state.status).toBe("active");
    clock.t += 1_100; // the claim lapsed: its reaper is gone
    expect(await s.heartbeat("i1")).toBe(false); // finished the reap: write your connections again
    const u1 = (await s.readWorkspace("w1", ["u1"])).users.get("u1")!.state;
    expect([u1.status, u1.lastSeenAt]).toEqual(["offline", T0]);
    expect((await s.addConnection(rec("c2", "u2", "i1"), AUTO)).after.status).toBe("active");
    expect(await r.hexists(k.reaping, "i1")).toBe(0);
    await s.close();
  });

  it("is found by the next reaper's poll once the claim lapsed (the instance itself is dead), and finished", async () => {
    const { clock, r, s, k } = await withI1();
    await s.heartbeat("i2");
    clock.t += 400; // both lapsed; i2 beats again, i1 is gone
    await s.heartbeat("i2");
    expect(await s.deadInstances()).toEqual(["i1"]);
    await r.eval(lua.CLAIM, 4, k.instances, k.beats, k.reaping, k.instanceBuckets("i1"), clock.t, "i1", 1_000);
    expect(await s.deadInstances()).toEqual([]); // claimed: nobody else reaps it meanwhile
    expect(await s.reapInstance("i1")).toEqual([]);
    clock.t += 1_100; // the claim lapsed: its reaper died
    await s.heartbeat("i2");
    expect(await s.deadInstances()).toEqual(["i1"]);
    const changes = await s.reapInstance("i1");
    expect(changes.map((c) => [c.userId, c.after.status, c.after.lastSeenAt])).toEqual([["u1", "offline", T0]]);
    expect(await s.deadInstances()).toEqual([]);
    expect(await r.hexists(k.reaping, "i1")).toBe(0);
    expect(await r.zscore(k.instances, "i1")).toBeNull();
    await s.close();
  });
});
