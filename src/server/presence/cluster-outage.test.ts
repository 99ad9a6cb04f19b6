// A Redis Cluster master lost for real: a private three-master cluster, one master SIGKILLed by
// pid and started again empty (no persistence), two instances, watchers on both. What the
// single-Redis outage tests promise (outage.test.ts) holds when only part of the data is lost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { databases, seedTeam } from "@/test/databases";
import { PresenceClient, UNAVAILABLE } from "@/test/presence-client";
import { startRedisCluster, type ClusterNode, type RedisCluster } from "@/test/redis-cluster";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import { setDb } from "../db";
import { bucketOf } from "./redis-keys";

const GRACE_MS = 1_000;
const LIVENESS_MS = 1_500;
const TICK_MS = 20;
/** A presence request with the store down fails within this (ioredis retries a cluster that is down for a while). */
const FAIL_FAST_MS = 2_000;
const SYNC_MAX_AGE_MS = 1_000;
/** Bound: after the master is back, every open page shows the truth within this. */
const CONVERGE_MS = 10_000;
const LAST_SEEN_TOLERANCE_MS = 500;
const postgres = databases.find((d) => d.name === "postgres")!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const near = (iso: string | null | undefined, at: number) => iso != null && Math.abs(Date.parse(iso) - at) <= LAST_SEEN_TOLERANCE_MS;

describe("Redis Cluster: a master SIGKILLed and restarted empty (two instances, three masters)", () => {
  let client: PrismaClient;
  let cluster: RedisCluster;
  const prefix = `roster-test-${process.pid}-cluster-outage-`;
  const instances: Instance[] = [];
  const sockets: TestSocket[] = [];
  const disconnects: string[] = [];
  const ids: Record<string, string> = {};
  let slug: string;
  let workspaceId: string;
  let w1: PresenceClient;
  let w2: PresenceClient;
  let fox: TestSocket;
  let closeAt = 0;
  const open = async (instance: Instance, who: string) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), { workspace: slug, idle: false });
    s.on("disconnect", (reason) => void (reason !== "io client disconnect" && disconnects.push(`${who}: ${reason}`)));
    sockets.push(s);
    return s;
  };
  /** The master holding a user's presence (their bucket's slot). */
  const ownerOfUser = (name: string) => cluster.ownerOf(`${prefix}presence:{b${bucketOf(ids[name]!)}}modes`);
  const explain = async (name: string, w: PresenceClient, on: Instance, who: string[]) => {
    const fresh = await on.realtime.presence.snapshot(workspaceId, ids[name]!).catch((e: Error) => e.message);
    const pick = (list: { userId: string }[] | string) => (typeof list === "string" ? list : who.map((n) => [n, list.find((p) => p.userId === ids[n])]));
    return `${name} live: ${JSON.stringify(pick(w.view()))}; server now: ${JSON.stringify(pick(fresh))}; sync errors ${JSON.stringify(w.syncErrors.slice(-3))}`;
  };
  const expectEveryone = async (want: Record<"W1" | "W2", Record<string, string>>, backAt: number) => {
    const [one, two] = instances as [Instance, Instance];
    for (const [name, w, on] of [["W1", w1, one], ["W2", w2, two]] as const) {
      await until(() => Object.entries(want[name]).every(([who, st]) => w.status(ids[who]!) === st), backAt + CONVERGE_MS - Date.now(), `${name} shows the truth after the master is back`).catch(
        async (err: Error) => {
          throw new Error(`${err.message}; ${await explain(name, w, on, Object.keys(want[name]))}`);
        },
      );
      expect(await w.convergence(SYNC_MAX_AGE_MS + 1_000)).toBeNull();
    }
  };

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    // Lea closes her tab during the outage; Fox goes idle during it; Sam stays; Dee is on dnd;
    // Vic is invisible with W1 on her allowlist. Eight more members spread the buckets.
    const extra = Array.from({ length: 8 }, (_, i) => `X${i}`);
    cluster = await startRedisCluster(3);
    // The first test kills a master that holds some of these users but not the liveness keys
    // ({g}). Users land on masters by a hash of their random ids: a team whose four all share
    // {g}'s master (about 1 in 80) is seeded again rather than left to chance.
    const g = await cluster.ownerOf(`${prefix}presence:{g}instances`);
    for (let tries = 0; ; tries++) {
      const team = await seedTeam(["W1", "W2", "Lea", "Fox", "Sam", "Dee", "Vic", ...extra], "Cluster outage");
      Object.assign(ids, team.ids);
      slug = team.slug;
      workspaceId = team.workspaceId;
      const owners = await Promise.all(["Lea", "Fox", "Sam", "Dee"].map(ownerOfUser));
      if (owners.some((o) => o !== g)) break;
      if (tries === 5) throw new Error("no team with a user away from {g}'s master");
    }
    await client.user.update({ where: { id: ids.Dee! }, data: { presenceMode: "dnd" } });
    await client.user.update({ where: { id: ids.Vic! }, data: { presenceMode: "invisible" } });
    await client.invisibleAllow.create({ data: { ownerId: ids.Vic!, viewerId: ids.W1! } });
    for (let i = 0; i < 2; i++) {
      instances.push(
        await startInstance({ redisUrl: `redis+cluster://${cluster.seeds}`, pubsub: "sharded", redisPrefix: prefix, graceMs: GRACE_MS, livenessMs: LIVENESS_MS, tickMs: TICK_MS }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all(cluster?.nodes.filter((n) => n.pid === null).map((n) => n.restart()) ?? []);
    for (const i of instances) await i.stop().catch(() => undefined);
    await cluster?.stop();
    await postgres.close(client);
    setDb(undefined);
  });

  it(
    "a master holding some users (not the instances' liveness) down 8 s: requests fail fast, sockets stay up; once it is back empty, a tab closed meanwhile shows offline at its close time and a change made meanwhile shows, everywhere within 10 s",
    async () => {
      const [one, two] = instances as [Instance, Instance];
      w1 = await PresenceClient.open(await open(one, "W1"));
      w2 = await PresenceClient.open(await open(two, "W2"));
      const lea = await open(one, "Lea");
      fox = await open(two, "Fox");
      for (const [who, on] of [["Sam", one], ["Dee", two], ["Vic", two]] as const) await open(on, who);
      for (const [w, vic] of [[w1, "active"], [w2, "offline"]] as const) {
        const before = { Lea: "active", Fox: "active", Sam: "active", Dee: "dnd", Vic: vic };
        await until(() => Object.entries(before).every(([who, st]) => w.status(ids[who]!) === st), 5_000, "everyone shown before the outage");
      }
      // The master to kill: Lea's, unless it also holds the liveness keys ({g}); then Fox's or Sam's.
      const g = await cluster.ownerOf(`${prefix}presence:{g}instances`);
      let victim: ClusterNode | undefined;
      for (const who of ["Lea", "Fox", "Sam", "Dee"]) {
        const owner = await ownerOfUser(who);
        if (owner !== g) {
          victim = owner;
          break;
        }
      }
      expect(victim, "one of the users' masters does not hold {g}").toBeDefined();
      const lost = [];
      for (const who of ["Lea", "Fox", "Sam", "Dee", "Vic"]) if ((await ownerOfUser(who)) === victim) lost.push(who);
      expect(lost.length).toBeGreaterThan(0);

      await victim!.kill();
      // Once the cluster marks the master failed (node timeout 1 s) every presence request fails, fast.
      await sleep(2_500);
      const start = Date.now();
      const error = await one.realtime.presence.snapshot(workspaceId, ids.W1!).then(() => null, (e: Error) => e.message);
      expect(error).toBe(UNAVAILABLE);
      expect(Date.now() - start).toBeLessThan(FAIL_FAST_MS);

      closeAt = Date.now();
      lea.close();
      await sleep(300);
      const ack = await fox.timeout(5_000).emitWithAck("presence:activity", { idle: true });
      expect(ack).toBeDefined();
      await sleep(5_000);

      await victim!.restart(); // empty
      await cluster.healthy();
      const backAt = Date.now();
      await expectEveryone(
        {
          W1: { Lea: "offline", Fox: "away", Sam: "active", Dee: "dnd", Vic: "active", W1: "active", W2: "active" },
          W2: { Lea: "offline", Fox: "away", Sam: "active", Dee: "dnd", Vic: "offline", W1: "active", W2: "active" },
        },
        backAt,
      );
      expect(near(w1.get(ids.Lea!)?.lastSeenAt, closeAt), `Lea last seen ${w1.get(ids.Lea!)?.lastSeenAt} vs close ${new Date(closeAt).toISOString()} (lost: ${lost.join(", ")})`).toBe(true);
      expect(disconnects).toEqual([]);
      expect(w2.updates.filter((u) => u.userId === ids.Vic && u.status !== "offline")).toEqual([]);
    },
    60_000,
  );

  it("the master holding the instances' liveness ({g}) restarted empty: nobody is reaped, everyone shows right within 10 s, activity works again", async () => {
    const g = await cluster.ownerOf(`${prefix}presence:{g}instances`);
    const heard = [w1.updates.length, w2.updates.length];
    await g.kill();
    await sleep(1_000);
    await g.restart();
    await cluster.healthy();
    const backAt = Date.now();
    await expectEveryone(
      {
        W1: { Lea: "offline", Fox: "away", Sam: "active", Dee: "dnd", Vic: "active", W1: "active", W2: "active" },
        W2: { Lea: "offline", Fox: "away", Sam: "active", Dee: "dnd", Vic: "offline", W1: "active", W2: "active" },
      },
      backAt,
    );
    // Two liveness periods later nobody was reaped (every instance registered again).
    await sleep(2 * LIVENESS_MS);
    expect(w1.status(ids.Sam!)).toBe("active");
    for (const [w, from] of [[w1, heard[0]!], [w2, heard[1]!]] as const) expect(w.updates.slice(from).filter((u) => u.userId === ids.Sam && u.status === "offline")).toEqual([]);
    expect(near(w1.get(ids.Lea!)?.lastSeenAt, closeAt)).toBe(true);
    expect(await fox.emitWithAck("presence:activity", { idle: false })).toEqual({ ok: true, data: { idle: false } });
    for (const w of [w1, w2]) await until(() => w.status(ids.Fox!) === "active", 2_000, "Fox active again");
    expect(disconnects).toEqual([]);
    expect(w2.updates.filter((u) => u.userId === ids.Vic && u.status !== "offline")).toEqual([]);
  }, 30_000);
});
