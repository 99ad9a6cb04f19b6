// Child process: initial fetch for the 10,000-member workspace (metric 5), in-process against
// Redis and Postgres. The store gets one connection per member (a third of them idle) under its
// own prefix. Then, alternating, several times each after a warm-up:
//   snapshot  - PresenceService.snapshot(workspace, viewer): a fresh workspace view, i.e. the DB
//               member list (cache disabled here: DbDirectory with a 0 ms TTL) + one store read
//   store     - RedisPresenceStore.readWorkspace(workspace, members): the store part alone (one EVALSHA)
//   members   - loadMembers: the database part alone
//   pipeline  - baseline: one pipeline of HGETALL over the same 10,000 connection hashes
//   dbPipeline - diagnostic: the same DB members query and that pipeline, in parallel
import { Redis } from "ioredis";
import { failFastRedisOptions, RedisPresenceStore } from "../src/server/presence/redis-store";
import { PresenceService } from "../src/server/presence/service";
import { DbDirectory } from "../src/server/presence/directory";
import { UserWrites } from "../src/server/presence/user-writes";
import { loadMembers, loadSeeds, loadUser } from "../src/server/presence/users";
import { PresenceKeys } from "../src/server/presence/redis-keys";
import type { PresenceEmitter } from "../src/server/presence/emitter";
import type { UserSeed } from "../src/server/presence/store";
import { serve } from "./proc";
import { median, now } from "./metrics";

const cfg = JSON.parse(process.env.BENCH_FETCH ?? "{}") as { redisUrl: string; prefix: string; workspaceId: string; userIds: string[]; livenessMs: number; runs: number };
const instanceId = "bench-fetch";
const storeClient = new Redis(cfg.redisUrl, failFastRedisOptions);
storeClient.on("error", (err) => console.error(`fetch store redis: ${err.message}`));
const store = new RedisPresenceStore({ redis: storeClient, prefix: cfg.prefix, livenessMs: cfg.livenessMs });
const noop: PresenceEmitter = { toWorkspace() {}, toMembers() {}, toWorkspaceExcept() {}, toUser() {}, resyncLocal() {}, close() {} };
const service = new PresenceService({
  store,
  emitter: noop,
  directory: new DbDirectory(0),
  users: { loadUser, loadSeeds },
  writes: new UserWrites(async () => {}),
  instanceId,
  graceMs: 5_000,
  restartGraceMs: 30_000,
  livenessMs: cfg.livenessMs,
});
const seed: UserSeed = { mode: "auto", lastSeenAt: null, publicLastSeenAt: null };
const redis = new Redis(cfg.redisUrl);
redis.on("error", (err) => console.error(`fetch redis: ${err.message}`));

async function time(fn: () => Promise<unknown>): Promise<{ ms: number; size: number }> {
  const t = now();
  const r = await fn();
  const users = (r as { users?: unknown } | null)?.users;
  return { ms: now() - t, size: r instanceof Map ? r.size : Array.isArray(r) ? r.length : users instanceof Map ? users.size : 0 };
}

async function run() {
  // The store's client fails fast (no offline queue): wait until it is connected.
  if (storeClient.status !== "ready") await new Promise((resolve) => storeClient.once("ready", resolve));
  for (let i = 0; i < cfg.userIds.length; i += 1_000) {
    await Promise.all(
      cfg.userIds.slice(i, i + 1_000).map((userId, j) => store.addConnection({ connId: `c${i + j}`, userId, workspaceId: cfg.workspaceId, instanceId, idle: (i + j) % 3 === 0 }, seed)),
    );
  }
  const viewer = cfg.userIds[0]!;
  // The store's own connection hashes (one connection each): the baseline reads real data.
  const keys = new PresenceKeys(cfg.prefix);
  const hashes = cfg.userIds.map((u) => keys.item(u, cfg.workspaceId)[3]!);
  const pipeline = () => {
    const p = redis.pipeline();
    for (const h of hashes) p.hgetall(h);
    return p.exec();
  };
  const filled = ((await pipeline()) ?? []).filter(([err, h]) => !err && Object.keys(h as object).length > 0).length;
  if (filled !== hashes.length) throw new Error(`baseline pipeline: ${filled} of ${hashes.length} connection hashes hold data (key layout changed?)`);
  const kinds = {
    snapshot: () => service.snapshot(cfg.workspaceId, viewer),
    store: () => store.readWorkspace(cfg.workspaceId, cfg.userIds),
    members: () => loadMembers(cfg.workspaceId),
    pipeline,
    dbPipeline: () => Promise.all([loadMembers(cfg.workspaceId), pipeline()]).then(([m]) => m),
  };
  const out: Record<string, { ms: number[]; size: number }> = {};
  for (let r = -2; r < cfg.runs; r++) {
    await store.heartbeat(instanceId); // keep the instance live
    for (const [name, fn] of Object.entries(kinds)) {
      const t = await time(fn);
      if (r < 0) continue; // warm-up
      (out[name] ??= { ms: [], size: t.size }).ms.push(t.ms);
    }
  }
  const result = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { medianMs: median(v.ms), runsMs: v.ms, size: v.size }]));
  await store.close();
  storeClient.disconnect();
  redis.disconnect();
  return result;
}

serve({ run });
