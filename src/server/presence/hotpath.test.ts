// The hot path: one activity flip (a tab gains or loses focus) costs no database query and
// exactly one presence-store round trip, measured on the wire: a TCP proxy of the test's own in
// front of the real PostgreSQL parses the messages the instance sends (statements counted: a
// pool closing an idle connection sends a 5-byte Terminate, which is no query), and MONITOR on a
// private redis-server lists the commands it runs.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { databases, seedTeam } from "@/test/databases";
import { PresenceClient } from "@/test/presence-client";
import { startPrivateRedis, type PrivateRedis } from "@/test/private-redis";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";
import { setDb } from "../db";
import { createAdapter } from "../db-adapter";
import { createHash } from "node:crypto";
import * as lua from "./redis-scripts";

// A long liveness keeps the heartbeat (livenessMs / 4) out of the run; the reaper still polls
// every 2 s, so each flip is started right after one of its polls (see alignAfterPeriodic).
// The do-not-disturb sweep (indexed queries once a second, whatever the flips) is slowed the same way.
const LIVENESS_MS = 600_000;
const FLIPS = 6;
/** After the watcher got the update, work the flip started may still be under way: wait this long. */
const TRAIL_MS = 100;
const postgres = databases.find((d) => d.name === "postgres")!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
  at: number;
  args: string[];
  source: string;
}

describe("hot path: an activity flip costs 0 database queries and 1 presence-store round trip", () => {
  let direct: PrismaClient;
  let app: PrismaClient;
  let proxy: TcpProxy;
  let redis: PrivateRedis;
  let monitor: Redis;
  let instance: Instance;
  const sockets: TestSocket[] = [];
  const ids: Record<string, string> = {};
  let slug: string;
  const seen: Seen[] = [];
  /** Commands the instance sent itself: not run inside a script, not the adapter's PUBLISH. */
  const own = (from: number) => seen.slice(from).filter((s) => s.source !== "lua" && s.args[0]!.toUpperCase() !== "PUBLISH");
  const open = async (who: string, idle = false) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), { workspace: slug, idle });
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    direct = postgres.connect();
    setDb(direct);
    const team = await seedTeam(["Wes", "Ada", "Ivy"], "Hot path");
    Object.assign(ids, team.ids);
    slug = team.slug;
    // Ivy is invisible with Wes on her allowlist: her flips fan out per viewer.
    await direct.user.update({ where: { id: ids.Ivy! }, data: { presenceMode: "invisible" } });
    await direct.invisibleAllow.create({ data: { ownerId: ids.Ivy!, viewerId: ids.Wes! } });

    proxy = await startTcpProxy("127.0.0.1", 5432);
    const schema = new URL(inject("pgUrl")).searchParams.get("schema")!;
    app = new PrismaClient({ adapter: createAdapter(`postgresql://postgres@127.0.0.1:${proxy.port}/test?schema=${schema}`) });
    setDb(app);
    redis = await startPrivateRedis();
    monitor = await new Redis(redis.url).monitor();
    monitor.on("monitor", (_time: string, args: string[], source: string) => seen.push({ at: Date.now(), args, source }));
    instance = await startInstance({ redisUrl: redis.url, redisPrefix: "roster-hot:", graceMs: 300, livenessMs: LIVENESS_MS, tickMs: 20, dndSweepMs: LIVENESS_MS });
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await instance?.stop();
    monitor?.disconnect();
    await redis?.stop();
    await app?.$disconnect();
    await proxy?.close();
    await postgres.close(direct);
    setDb(undefined);
  });

  /**
   * The commands the instance sends on its own while nothing happens (the reaper's poll, every
   * 2 s) are learnt during a quiet spell; a flip starts only within PHASE_MS after one of them,
   * so the next one is still well ahead when the flip's window closes.
   */
  const PHASE_MS = 1_000;
  const LIVENESS_SHAS = new Set([lua.HEARTBEAT, lua.DEAD, lua.REAP].map((src) => createHash("sha1").update(src).digest("hex")));
  let periodic = new Set<string>();
  const signature = (s: Seen) => `${s.args[0]!.toUpperCase()} ${s.args[1] ?? ""}`;
  const learnPeriodic = async () => {
    const from = seen.length;
    await sleep(2_500);
    periodic = new Set(own(from).map(signature));
  };
  const lastPeriodicAt = () => {
    for (let i = seen.length - 1; i >= 0; i--) if (seen[i]!.source !== "lua" && periodic.has(signature(seen[i]!))) return seen[i]!.at;
    return 0;
  };
  const alignAfterPeriodic = async () => {
    if (!periodic.size || Date.now() - lastPeriodicAt() < PHASE_MS) return;
    const from = seen.length;
    await until(() => own(from).some((s) => periodic.has(signature(s))), 5_000, "a periodic command", 2);
  };

  /** One flip of `actor`, measured from just before the emit until TRAIL_MS after the watcher saw it. */
  const flip = async (actor: TestSocket, actorId: string, idle: boolean, watcher: PresenceClient) => {
    await alignAfterPeriodic();
    const from = seen.length;
    const bytes = proxy.bytesFromClient;
    const queries = proxy.pgQueries;
    expect(await actor.emitWithAck("presence:activity", { idle })).toEqual({ ok: true, data: { idle } });
    await until(() => watcher.status(actorId) === (idle ? "away" : "active"), 1_000, "the watcher got the flip", 2);
    await sleep(TRAIL_MS);
    // The instance's own liveness scripts (heartbeat every livenessMs/4, reaper poll) are not the flip's.
    const flipsOwn = own(from).filter((c) => !LIVENESS_SHAS.has(String(c.args[1] ?? "").toLowerCase()));
    return { dbQueries: proxy.pgQueries - queries, dbBytes: proxy.bytesFromClient - bytes, commands: flipsOwn.map((c) => c.args.slice(0, 2).join(" ")) };
  };

  it("a visible user's flips: 0 PostgreSQL statements, exactly one EVALSHA to Redis each", async () => {
    const watcher = await PresenceClient.open(await open("Wes"));
    const ada = await open("Ada");
    await until(() => watcher.status(ids.Ada!) === "active", 5_000, "Ada active");
    // Warm-up: first use of each script (EVALSHA, NOSCRIPT, EVAL) and of any cache.
    for (const idle of [true, false]) await flip(ada, ids.Ada!, idle, watcher);
    await learnPeriodic();

    const results = [];
    for (let i = 0; i < FLIPS; i++) results.push(await flip(ada, ids.Ada!, i % 2 === 0, watcher));
    // Written by hand: per flip, nothing to the database, one script call to the store.
    expect(results.map((r) => r.dbQueries), JSON.stringify(results)).toEqual(Array(FLIPS).fill(0));
    expect(results.map((r) => r.commands.length), JSON.stringify(results)).toEqual(Array(FLIPS).fill(1));
    for (const r of results) expect(r.commands[0]).toMatch(/^EVALSHA [0-9a-f]{40}$/i);
  }, 60_000);

  it("an invisible user's flips (fanned out per viewer): 0 PostgreSQL statements, exactly one EVALSHA each", async () => {
    const watcher = await PresenceClient.open(await open("Wes")); // on Ivy's allowlist: sees her real status
    const ivy = await open("Ivy");
    await until(() => watcher.status(ids.Ivy!) === "active", 5_000, "Ivy active for Wes");
    for (const idle of [true, false]) await flip(ivy, ids.Ivy!, idle, watcher);

    const results = [];
    for (let i = 0; i < 4; i++) results.push(await flip(ivy, ids.Ivy!, i % 2 === 0, watcher));
    expect(results.map((r) => r.dbQueries), JSON.stringify(results)).toEqual([0, 0, 0, 0]);
    expect(results.map((r) => r.commands.length), JSON.stringify(results)).toEqual([1, 1, 1, 1]);
  }, 60_000);
});
