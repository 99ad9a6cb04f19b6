import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryPresenceStore } from "./memory-store";
import { RedisPresenceStore } from "./redis-store";
import type { PresenceStore, UserSeed } from "./store";
import type { MemberRow } from "./users";
import { buildView, READ_CHUNK, type Directory } from "./views";

const REDIS_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `roster-test:views:${process.pid}:${randomBytes(4).toString("hex")}:`;
const redis = new Redis(REDIS_URL);

afterAll(async () => {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${PREFIX}*`, "COUNT", 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await redis.quit();
});

const N = READ_CHUNK * 2 + 500;
const seed: UserSeed = { mode: "auto", lastSeenAt: null, publicLastSeenAt: null };
const ids = Array.from({ length: N }, (_, i) => `u${i}`);
const rows: MemberRow[] = ids.map((userId) => ({ userId, seed, coarseLastSeen: false }));
// The directory is not what is tested here: a fixed member list, the invisible member's allowlist.
const directory: Directory = {
  members: async () => rows,
  member: async (_ws, id) => rows.find((r) => r.userId === id),
  allowlists: async () => new Map([[`u${N - 1}`, new Set(["u0"])]]),
  forgetMembers: () => {},
};

describe.each([
  ["memory", () => new MemoryPresenceStore({ livenessMs: 60_000 })],
  ["redis", () => new RedisPresenceStore({ redis, prefix: PREFIX, livenessMs: 60_000 })],
] as const)("a big workspace's view (%s store)", (_name, open) => {
  it(`is read ${READ_CHUNK} members at a time, and every member's status is as stored`, async () => {
    const store: PresenceStore = open();
    // Active: the first chunk and a bit; away: some of the second; offline: the rest; the last member invisible while connected.
    const active = new Set(ids.slice(0, READ_CHUNK + 100));
    const away = new Set(ids.slice(READ_CHUNK + 100, READ_CHUNK + 400));
    const invisible = `u${N - 1}`;
    await store.setUser(invisible, { mode: "invisible" }, ["w"], seed);
    for (const userId of [...active, ...away, invisible]) {
      await store.addConnection({ connId: `c-${userId}`, userId, workspaceId: "w", instanceId: "i1", idle: away.has(userId) }, seed);
    }
    const reads: boolean[] = [];
    const counted: PresenceStore = Object.create(store, {
      readWorkspace: { value: (ws: string, some: readonly string[], only?: boolean) => (reads.push(only ?? false), store.readWorkspace(ws, some, only)) },
    });
    const view = await buildView(counted, directory, "w", Date.now());
    expect(reads).toEqual([true, true, true]);
    const status = new Map(view.publicEntries.map((e) => [e.userId, e.status]));
    expect(status.size).toBe(N);
    for (const id of ids) {
      const want = active.has(id) ? "active" : away.has(id) ? "away" : "offline";
      expect(status.get(id), id).toBe(want);
    }
    const hidden = view.hiddenMembers();
    expect(hidden).toEqual([{ userId: invisible, insiders: new Set([invisible, "u0"]), status: "active", version: expect.any(Number) }]);
    // Insiders' view is the private one: never older than what outsiders hold.
    expect(hidden[0]!.version).toBeGreaterThan(view.publicEntries.find((e) => e.userId === invisible)!.version);
    await store.close();
  }, 60_000);
});
