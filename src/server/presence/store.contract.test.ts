import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryPresenceStore } from "./memory-store";
import { RedisPresenceStore } from "./redis-store";
import type { ConnectionRecord, PresenceStore, PresenceStoreOptions } from "./store";

const REDIS_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
const BASE = `roster-test:${process.pid}:${randomBytes(4).toString("hex")}:`;
let seq = 0;
const clients: Redis[] = [];

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
];

const rec = (connId: string, userId: string, instanceId = "i1", workspaceId = "w1", idle = false): ConnectionRecord => ({
  connId,
  userId,
  workspaceId,
  instanceId,
  idle,
});
const sortPairs = (xs: Array<{ workspaceId: string; userId: string }>) =>
  [...xs].sort((a, b) => `${a.workspaceId}:${a.userId}`.localeCompare(`${b.workspaceId}:${b.userId}`));
const plain = (m: Map<string, unknown>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(harnesses)("PresenceStore contract: $name", (h) => {
  let t = 0;
  let store: PresenceStore;
  let other: PresenceStore;
  beforeEach(() => {
    t = 1_700_000_000_000;
    [store, other] = h.open({ livenessMs: 300, now: () => t });
  });
  afterEach(async () => {
    await store.close();
    await other.close();
  });

  it("adds, reads and removes a connection", async () => {
    await store.addConnection(rec("c1", "u1"));
    expect(plain(await store.connectionsOf("w1"))).toEqual({ u1: [{ connId: "c1", instanceId: "i1", idle: false }] });
    await store.removeConnection(rec("c1", "u1"));
    expect((await store.connectionsOf("w1")).size).toBe(0);
    await store.removeConnection(rec("c1", "u1")); // unknown: ignored
  });

  it("keeps several connections per user, sorted, and sets idle per connection", async () => {
    await store.addConnection(rec("c2", "u1", "i2"));
    await store.addConnection(rec("c1", "u1", "i1", "w1", true));
    await store.addConnection(rec("c3", "u2"));
    expect(await store.setIdle(rec("c2", "u1", "i2", "w1", true))).toBe(true);
    expect(await store.setIdle(rec("c1", "u1", "i1", "w1", false))).toBe(true);
    expect(plain(await store.connectionsOf("w1"))).toEqual({
      u1: [
        { connId: "c1", instanceId: "i1", idle: false },
        { connId: "c2", instanceId: "i2", idle: true },
      ],
      u2: [{ connId: "c3", instanceId: "i1", idle: false }],
    });
    await store.removeConnection(rec("c1", "u1"));
    expect((await store.connectionsOf("w1", ["u1"])).get("u1")).toEqual([{ connId: "c2", instanceId: "i2", idle: true }]);
  });

  it("returns false from setIdle for unknown connections and creates nothing", async () => {
    await store.addConnection(rec("c1", "u1"));
    expect(await store.setIdle(rec("nope", "u1", "i1", "w1", true))).toBe(false);
    expect(await store.setIdle(rec("c1", "u9", "i1", "w1", true))).toBe(false);
    expect(await store.setIdle(rec("c1", "u1", "i1", "w9", true))).toBe(false);
    expect(await store.setIdle(rec("c1", "u1", "i7", "w1", true))).toBe(false);
    expect(plain(await store.connectionsOf("w1"))).toEqual({ u1: [{ connId: "c1", instanceId: "i1", idle: false }] });
    expect((await store.connectionsOf("w9")).size).toBe(0);
  });

  it("ignores removeConnection from an instance that does not own the connection", async () => {
    await store.addConnection(rec("c1", "u1", "i1"));
    await store.removeConnection(rec("c1", "u1", "i2"));
    expect((await store.connectionsOf("w1")).get("u1")).toHaveLength(1);
  });

  it("isolates workspaces", async () => {
    await store.addConnection(rec("c1", "u1", "i1", "w1"));
    await store.addConnection(rec("c2", "u1", "i1", "w2", true));
    expect(plain(await store.connectionsOf("w1"))).toEqual({ u1: [{ connId: "c1", instanceId: "i1", idle: false }] });
    expect(plain(await store.connectionsOf("w2"))).toEqual({ u1: [{ connId: "c2", instanceId: "i1", idle: true }] });
    await store.removeConnection(rec("c2", "u1", "i1", "w2"));
    expect((await store.connectionsOf("w2")).size).toBe(0);
    expect((await store.connectionsOf("w1")).size).toBe(1);
  });

  it("filters connectionsOf by user ids", async () => {
    for (const u of ["u1", "u2", "u3"]) await store.addConnection(rec(`c-${u}`, u));
    expect([...(await store.connectionsOf("w1", ["u3", "u1", "u1", "ghost"])).keys()].sort()).toEqual(["u1", "u3"]);
    expect((await store.connectionsOf("w1", [])).size).toBe(0);
    expect([...(await store.connectionsOf("w1")).keys()].sort()).toEqual(["u1", "u2", "u3"]);
  });

  it("excludes connections of lapsed instances before any reaping", async () => {
    await store.addConnection(rec("c1", "u1", "i1"));
    await store.addConnection(rec("c2", "u2", "i2"));
    t += 200;
    expect(await store.heartbeat("i2")).toBe(true);
    t += 100; // i1 last beat exactly livenessMs ago: still live
    expect((await store.connectionsOf("w1")).size).toBe(2);
    expect(await store.deadInstances()).toEqual([]);
    t += 1;
    expect([...(await store.connectionsOf("w1")).keys()]).toEqual(["u2"]);
    expect((await store.connectionsOf("w1", ["u1"])).size).toBe(0);
    expect(await store.deadInstances()).toEqual(["i1"]);
    expect(await store.heartbeat("i1")).toBe(true); // revived: its connections count again
    expect((await store.connectionsOf("w1")).size).toBe(2);
    expect(await store.deadInstances()).toEqual([]);
  });

  it("reaps a dead instance once, even when two callers race", async () => {
    await store.addConnection(rec("c1", "u1", "i1", "w1"));
    await store.addConnection(rec("c2", "u1", "i1", "w1"));
    await store.addConnection(rec("c3", "u2", "i1", "w2"));
    await store.addConnection(rec("c4", "u1", "i2", "w1", true));
    expect(await store.reapInstance("i1")).toEqual([]); // still live
    t += 250;
    await store.heartbeat("i2");
    t += 100;
    const [a, b] = await Promise.all([store.reapInstance("i1"), other.reapInstance("i1")]);
    const [won, lost] = a.length > 0 ? [a, b] : [b, a];
    expect(sortPairs(won)).toEqual([
      { workspaceId: "w1", userId: "u1" },
      { workspaceId: "w2", userId: "u2" },
    ]);
    expect(lost).toEqual([]);
    expect(await store.reapInstance("i1")).toEqual([]);
    expect(await store.deadInstances()).toEqual([]);
    // u1 is still present through the live instance; i1's connections are gone for good.
    expect(plain(await store.connectionsOf("w1"))).toEqual({ u1: [{ connId: "c4", instanceId: "i2", idle: true }] });
    expect(await store.heartbeat("i1")).toBe(false);
    expect(plain(await store.connectionsOf("w1"))).toEqual({ u1: [{ connId: "c4", instanceId: "i2", idle: true }] });
    expect((await store.connectionsOf("w2")).size).toBe(0);
  });

  it("does not reap an instance that heartbeated again", async () => {
    await store.addConnection(rec("c1", "u1", "i1"));
    t += 400;
    expect(await store.deadInstances()).toEqual(["i1"]);
    await store.heartbeat("i1");
    expect(await store.reapInstance("i1")).toEqual([]);
    expect((await store.connectionsOf("w1")).size).toBe(1);
  });

  it("removes an instance cleanly whatever its liveness", async () => {
    await store.addConnection(rec("c1", "u1", "i1"));
    await store.addConnection(rec("c2", "u2", "i1"));
    await store.addConnection(rec("c3", "u2", "i2"));
    await store.removeConnection(rec("c2", "u2", "i1"));
    expect(sortPairs(await store.removeInstance("i1"))).toEqual([{ workspaceId: "w1", userId: "u1" }]);
    expect(await store.removeInstance("i1")).toEqual([]);
    expect(plain(await store.connectionsOf("w1"))).toEqual({ u2: [{ connId: "c3", instanceId: "i2", idle: false }] });
    expect(await store.deadInstances()).toEqual([]);
  });

  it("reports whether a heartbeat found the instance registered", async () => {
    expect(await store.heartbeat("i1")).toBe(false);
    expect(await store.heartbeat("i1")).toBe(true);
    await store.removeInstance("i1");
    expect(await store.heartbeat("i1")).toBe(false);
  });

  it("rejects ids that cannot be keys", async () => {
    await expect(store.addConnection(rec("c:1", "u1"))).rejects.toThrow(/invalid id/);
    await expect(store.addConnection(rec("c1", "u 1"))).rejects.toThrow(/invalid id/);
    await expect(store.heartbeat("")).rejects.toThrow(/invalid id/);
  });

  it("uses its real clock when none is injected", async () => {
    const [s] = h.open({ livenessMs: 1000 });
    try {
      await s.addConnection(rec("c1", "u1", "i1"));
      await s.addConnection(rec("c2", "u2", "i2"));
      await sleep(300);
      await s.heartbeat("i2");
      expect((await s.connectionsOf("w1")).size).toBe(2);
      await sleep(750);
      expect([...(await s.connectionsOf("w1")).keys()]).toEqual(["u2"]);
      expect(await s.deadInstances()).toEqual(["i1"]);
      expect(await s.reapInstance("i1")).toEqual([{ workspaceId: "w1", userId: "u1" }]);
    } finally {
      await s.close();
    }
  });
});

describe("RedisPresenceStore on the server", () => {
  it("leaves no keys behind once connections and instances are removed, and expires the instance index", async () => {
    const r = client();
    const prefix = `${BASE}${++seq}:`;
    const s = new RedisPresenceStore({ redis: r, prefix, livenessMs: 15_000, retentionMs: 60_000 });
    await s.addConnection(rec("c1", "u1", "i1"));
    await s.addConnection(rec("c2", "u2", "i1"));
    const pttl = await r.pttl(`${prefix}inst:i1`);
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    await s.removeConnection(rec("c1", "u1", "i1"));
    expect((await r.scan("0", "MATCH", `${prefix}*`, "COUNT", 1000))[1].sort()).toEqual(
      [`${prefix}conns:w1:u2`, `${prefix}inst:i1`, `${prefix}instances`, `${prefix}users:w1`].sort(),
    );
    await s.removeInstance("i1");
    expect((await r.scan("0", "MATCH", `${prefix}*`, "COUNT", 1000))[1]).toEqual([]);
  });

  it("costs a constant number of commands per heartbeat and one per connectionsOf, whatever the socket count", async () => {
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
    /** Commands (from clients and from scripts) touching our prefix while `fn` runs. */
    async function commandsDuring(fn: () => Promise<unknown>): Promise<string[]> {
      const start = await mark();
      await fn();
      const end = await mark();
      return seen.slice(start + 1, end).map((c) => `${c.source === "lua" ? "lua" : "client"}:${c.args[0].toLowerCase()}`);
    }
    const counts: Record<number, string[]> = {};
    for (const n of [1, 500]) {
      const inst = `big${n}`;
      await Promise.all(Array.from({ length: n }, (_, i) => s.addConnection(rec(`c${n}-${i}`, `u${i % 50}`, inst))));
      await s.heartbeat(inst); // loads the script if needed
      counts[n] = await commandsDuring(() => s.heartbeat(inst));
    }
    expect(counts[1]).toEqual(["client:evalsha", "lua:zadd", "lua:pexpire"]);
    expect(counts[500]).toEqual(counts[1]);
    const users = Array.from({ length: 50 }, (_, i) => `u${i}`);
    await s.connectionsOf("w1", users);
    const read = await commandsDuring(async () => {
      expect((await s.connectionsOf("w1", users)).size).toBe(50);
    });
    expect(read.filter((c) => c.startsWith("client:"))).toEqual(["client:evalsha"]);
    await monitor.disconnect();
  });
});
