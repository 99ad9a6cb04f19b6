// Outages with real faults: a private redis-server that the test SIGKILLs and restarts empty,
// and a TCP proxy in front of the real PostgreSQL that the test cuts and restores. The shared
// services are never stopped.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Redis } from "ioredis";
import { PrismaClient } from "@/generated/prisma/client";
import { databases, seedTeam } from "@/test/databases";
import { PresenceClient, UNAVAILABLE } from "@/test/presence-client";
import { startPrivateRedis, type PrivateRedis } from "@/test/private-redis";
import { clearRedisPrefix, connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";
import { setDb } from "../db";
import { createAdapter } from "../db-adapter";
import { createChannel, joinChannel } from "../services/channels";

const GRACE_MS = 1_000; // long enough that "close time" and "close + grace" are told apart
const LIVENESS_MS = 1_500;
const TICK_MS = 20;
/** Bound: a presence request with the store down fails within this. */
const FAIL_FAST_MS = 1_000;
/** `presence:sync` may be answered from a view up to this old (the service's snapshotMaxAgeMs). */
const SYNC_MAX_AGE_MS = 1_000;
/** Bound: after the store is back, every open page shows the truth within this. */
const CONVERGE_MS = 10_000;
/** Tolerance of last seen against the moment the test closed the socket. */
const LAST_SEEN_TOLERANCE_MS = 500;
const postgres = databases.find((d) => d.name === "postgres")!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn`, resolving with how long it took and its error message (null when it succeeded) or value. */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; error: string | null; value?: T }> {
  const start = Date.now();
  try {
    const value = await fn();
    return { ms: Date.now() - start, error: null, value };
  } catch (err) {
    return { ms: Date.now() - start, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Every disconnect of the given sockets, so a test can assert that none happened. */
function watchDisconnects(sockets: TestSocket[]) {
  const seen: string[] = [];
  for (const s of sockets) s.on("disconnect", (reason) => seen.push(`${s.id}: ${reason}`));
  return seen;
}

const near = (iso: string | null | undefined, at: number) => iso != null && Math.abs(Date.parse(iso) - at) <= LAST_SEEN_TOLERANCE_MS;

describe("Redis outage (private redis-server, SIGKILLed and restarted empty; two instances)", () => {
  let client: PrismaClient;
  let redis: PrivateRedis;
  const prefix = `roster-test:${process.pid}:redis-outage:`;
  const instances: Instance[] = [];
  const sockets: TestSocket[] = [];
  const ids: Record<string, string> = {};
  let slug: string;
  let workspaceId: string;
  const open = async (instance: Instance, who: string, idle = false) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), { workspace: slug, idle });
    sockets.push(s);
    return s;
  };
  /** What a watcher shows, what the server says now, and what the database holds, for failure messages. */
  const explain = async (name: string, w: PresenceClient, on: Instance, who: string[], resyncsBefore: number) => {
    const fresh = await on.realtime.presence.snapshot(workspaceId, ids[name]!).catch((e: Error) => e.message);
    const pick = (list: { userId: string }[] | string) => (typeof list === "string" ? list : who.map((n) => [n, list.find((p) => p.userId === ids[n])]));
    const lea = await client.user.findUnique({ where: { id: ids.Lea! }, select: { lastSeenAt: true } });
    return (
      `Lea closed at ${new Date(closeAt).toISOString()}, her lastSeenAt in the database ${lea?.lastSeenAt?.toISOString() ?? null}; ` +
      `${name} live: ${JSON.stringify(pick(w.view()))}; server now: ${JSON.stringify(pick(fresh))}; ` +
      `resyncs asked ${w.resyncRequests - resyncsBefore}; sync errors ${JSON.stringify(w.syncErrors.slice(-3))}`
    );
  };
  // Shared by the two tests below (the second runs on what the first left).
  let w1: PresenceClient;
  let w2: PresenceClient;
  let flipper: TestSocket;
  let closeAt = 0;

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    // W1, W2 watch; Lea closes her tab during the outage; Fox goes idle during it; Sam stays
    // active; Dee is on dnd; Vic is invisible with W1 on her allowlist.
    const team = await seedTeam(["W1", "W2", "Lea", "Fox", "Sam", "Dee", "Vic"], "Redis outage");
    Object.assign(ids, team.ids);
    slug = team.slug;
    workspaceId = team.workspaceId;
    await client.user.update({ where: { id: ids.Dee! }, data: { presenceMode: "dnd" } });
    await client.user.update({ where: { id: ids.Vic! }, data: { presenceMode: "invisible" } });
    await client.invisibleAllow.create({ data: { ownerId: ids.Vic!, viewerId: ids.W1! } });
    redis = await startPrivateRedis();
    for (let i = 0; i < 2; i++) {
      instances.push(await startInstance({ redisUrl: redis.url, redisPrefix: prefix, graceMs: GRACE_MS, livenessMs: LIVENESS_MS, tickMs: TICK_MS }));
    }
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    if (redis?.pid === null) await redis.restart().catch(() => undefined); // let the instances close cleanly
    for (const i of instances) await i.stop().catch(() => undefined);
    await redis?.stop();
    await postgres.close(client);
    setDb(undefined);
  });

  it(
    "Redis down 30 s: presence requests fail in < 1 s with a clear error, sockets stay up; once it is back (empty), a tab closed meanwhile shows offline with last seen = its close time, and an activity change made meanwhile shows, on every watcher within 10 s",
    async () => {
      const [one, two] = instances as [Instance, Instance];
      w1 = await PresenceClient.open(await open(one, "W1"));
      w2 = await PresenceClient.open(await open(two, "W2"));
      const lea = await open(one, "Lea");
      flipper = await open(two, "Fox");
      const others = [await open(one, "Sam"), await open(two, "Dee"), await open(two, "Vic")];
      const disconnects = watchDisconnects([w1.socket, w2.socket, flipper, ...others]);
      const watcherIds = [w1.socket.id, w2.socket.id];
      const before = { Lea: "active", Fox: "active", Sam: "active", Dee: "dnd" };
      // W1 is on Vic's allowlist; W2 is not.
      for (const [w, vic] of [[w1, "active"], [w2, "offline"]] as const) {
        await until(
          () => Object.entries({ ...before, Vic: vic }).every(([who, st]) => w.status(ids[who]!) === st),
          5_000,
          `everyone shown before the outage: ${JSON.stringify(Object.keys({ ...before, Vic: vic }).map((who) => [who, w.status(ids[who]!)]))}`,
        );
      }

      const killedAt = Date.now();
      await redis.kill();

      /** Every presence request fails fast with the clear error, on both instances. */
      const expectFailFast = async (when: string, socketsToo = true) => {
        const results = await Promise.all([
          timed(() => one.realtime.presence.snapshot(workspaceId, ids.W1!)),
          timed(() => two.realtime.presence.snapshot(workspaceId, ids.W2!)),
          ...(socketsToo ? [w1, w2] : []).map((w) =>
            timed(async () => {
              const res = await w.request({});
              if (!res.ok) throw new Error(res.error);
            }),
          ),
        ]);
        for (const r of results) {
          expect(r.error, `${when}: ${JSON.stringify(results)}`).toBe(UNAVAILABLE);
          expect(r.ms, `${when}: ${JSON.stringify(results)}`).toBeLessThan(FAIL_FAST_MS);
        }
      };
      // Right after the kill the fresh snapshot (REST) fails; `presence:sync` may still be
      // answered from a view read before the kill (at most SYNC_MAX_AGE_MS old), but at once.
      await expectFailFast("right after the kill", false);
      for (const w of [w1, w2]) {
        const early = await timed(() => w.request({}));
        expect(early.ms).toBeLessThan(FAIL_FAST_MS);
      }
      await sleep(killedAt + SYNC_MAX_AGE_MS + 100 - Date.now());
      await expectFailFast("once no view from before the kill may serve");

      closeAt = Date.now();
      lea.close(); // Lea closes her only tab during the outage
      await sleep(500);
      // Fox's tab goes idle during the outage; the ack may say either, but must come.
      const foxAck = await timed(() => flipper.timeout(5_000).emitWithAck("presence:activity", { idle: true }));
      expect(foxAck.error).toBeNull();

      await sleep(10_000);
      await expectFailFast("10 s into the outage");
      await sleep(killedAt + 30_000 - Date.now() - 1_000);
      await expectFailFast("at the end of the outage");
      await sleep(killedAt + 30_000 - Date.now());

      const resyncsBefore = [w1.resyncRequests, w2.resyncRequests];
      await redis.restart(); // empty
      const backAt = Date.now();
      const after = { Lea: "offline", Fox: "away", Sam: "active", Dee: "dnd", W1: "active", W2: "active" };
      for (const [name, w, on] of [["W1", w1, one], ["W2", w2, two]] as const) {
        await until(
          () => Object.entries(after).every(([who, st]) => w.status(ids[who]!) === st) && near(w.get(ids.Lea!)?.lastSeenAt, closeAt),
          backAt + CONVERGE_MS - Date.now(),
          `${name} shows the truth after Redis is back`,
        ).catch(async (err: Error) => {
          throw new Error(`${err.message}; ${await explain(name, w, on, Object.keys(after), resyncsBefore[name === "W1" ? 0 : 1]!)}`);
        });
      }
      expect(Date.now() - backAt).toBeLessThanOrEqual(CONVERGE_MS);
      expect(w1.status(ids.Vic!)).toBe("active");
      expect(w2.status(ids.Vic!)).toBe("offline");
      for (const w of [w1, w2]) expect(await w.convergence(SYNC_MAX_AGE_MS + 1_000)).toBeNull();

      // Without reconnecting: the same sockets, never disconnected; the live maps did it.
      expect([w1.socket.id, w2.socket.id]).toEqual(watcherIds);
      expect(disconnects).toEqual([]);
      // Last seen in the database: the close time, not the time Redis came back.
      const row = await client.user.findUniqueOrThrow({ where: { id: ids.Lea! } });
      expect(Math.abs(row.lastSeenAt!.getTime() - closeAt), `lastSeenAt ${row.lastSeenAt?.toISOString()} vs close ${new Date(closeAt).toISOString()}`).toBeLessThanOrEqual(LAST_SEEN_TOLERANCE_MS);
      // The invisible user never leaked to W2 on the way.
      expect(w2.updates.filter((u) => u.userId === ids.Vic && u.status !== "offline")).toEqual([]);
    },
    90_000,
  );

  it("Redis restarted empty after a short outage: every connected user shows the right status everywhere within 10 s", async () => {
    const disconnects = watchDisconnects([w1.socket, w2.socket, flipper]);
    const resyncsBefore = { W1: w1.resyncRequests, W2: w2.resyncRequests };
    await redis.kill();
    await sleep(1_000);
    await redis.restart();
    const backAt = Date.now();
    // Written by hand: who is connected, in which mode, with which activity.
    const want = {
      W1: { Lea: "offline", Fox: "away", Sam: "active", Dee: "dnd", Vic: "active", W1: "active", W2: "active" },
      W2: { Lea: "offline", Fox: "away", Sam: "active", Dee: "dnd", Vic: "offline", W1: "active", W2: "active" },
    };
    const [one, two] = instances as [Instance, Instance];
    for (const [name, w, on] of [["W1", w1, one], ["W2", w2, two]] as const) {
      // The instance asked this page to sync once Redis was back (the statuses alone may not
      // have changed), and the page shows everyone right.
      await until(
        () => w.resyncRequests > resyncsBefore[name] && Object.entries(want[name]).every(([who, st]) => w.status(ids[who]!) === st),
        backAt + CONVERGE_MS - Date.now(),
        `${name} asked to resync and shows everyone right after the restart`,
      ).catch(async (err: Error) => {
        throw new Error(`${err.message}; ${await explain(name, w, on, Object.keys(want[name]), resyncsBefore[name])}`);
      });
      expect(await w.convergence(SYNC_MAX_AGE_MS + 1_000)).toBeNull();
    }
    // Lea's last seen survived the restart of an empty store.
    expect(near(w1.get(ids.Lea!)?.lastSeenAt, closeAt)).toBe(true);
    // Activity works again, end to end.
    expect(await flipper.emitWithAck("presence:activity", { idle: false })).toEqual({ ok: true, data: { idle: false } });
    for (const w of [w1, w2]) await until(() => w.status(ids.Fox!) === "active", 2_000, "Fox active again");
    expect(disconnects).toEqual([]);
    expect(w2.updates.filter((u) => u.userId === ids.Vic && u.status !== "offline")).toEqual([]);
  }, 30_000);

  it("the subscriptions alone cut (the store up): once they are back, pages on every instance sync, and a change made meanwhile shows", async () => {
    const disconnects = watchDisconnects([w1.socket, w2.socket, flipper]);
    const resyncsBefore = [w1.resyncRequests, w2.resyncRequests];
    const admin = new Redis(redis.url, { lazyConnect: true });
    await admin.connect();
    try {
      // Every subscriber connection (each instance's adapter) is dropped; they reconnect on their own.
      const killed = Number(await admin.call("CLIENT", "KILL", "TYPE", "pubsub"));
      expect(killed).toBeGreaterThanOrEqual(2);
      // Fox goes idle on instance two at once: published while the other instance may not be listening.
      expect(await flipper.emitWithAck("presence:activity", { idle: true })).toEqual({ ok: true, data: { idle: true } });
      for (const [name, w, before] of [["W1", w1, resyncsBefore[0]!], ["W2", w2, resyncsBefore[1]!]] as const) {
        await until(() => w.resyncRequests > before && w.status(ids.Fox!) === "away", 5_000, `${name} asked to sync and shows Fox away`);
      }
    } finally {
      admin.disconnect();
    }
    expect(disconnects).toEqual([]);
  }, 20_000);
});

describe("PostgreSQL outage (TCP proxy cut for 20 s; two instances on the real Redis)", () => {
  const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const OUTAGE_MS = 20_000;
  /** Bound: a change of a connected user reaches watchers within this, database or not. */
  const DELIVER_MS = 1_000;
  let direct: PrismaClient;
  let app: PrismaClient;
  let proxy: TcpProxy;
  const prefix = `roster-test:${process.pid}:pg-outage:${Date.now().toString(36)}:`;
  const instances: Instance[] = [];
  const sockets: TestSocket[] = [];
  const ids: Record<string, string> = {};
  let slug: string;
  let workspaceId: string;
  const cookies: Record<string, string> = {};
  /** Opens a socket for `who`; their later sockets reuse the session (an instance that saw it admits it during the outage). */
  const open = async (instance: Instance, who: string) => {
    cookies[who] ??= await sessionCookie(ids[who]!, direct);
    const s = await connect(instance.url, cookies[who], { workspace: slug, idle: false });
    sockets.push(s);
    return s;
  };
  let restoreAt = 0;
  let modeAck: unknown = null;

  beforeAll(async () => {
    direct = postgres.connect(); // the test's own view of the database, never through the proxy
    setDb(direct);
    // W1, W2 watch; Pia flips activity; Quin changes modes; Lou closes his last tab; Newt first connects during the outage.
    const team = await seedTeam(["W1", "W2", "Pia", "Quin", "Lou"], "Database outage");
    // Newt joins the workspace just before the outage (below), so no instance has him cached.
    ids.Newt = (await seedTeam(["Newt"], "Newt's own")).ids.Newt!;
    Object.assign(ids, team.ids);
    slug = team.slug;
    workspaceId = team.workspaceId;
    proxy = await startTcpProxy("127.0.0.1", 5432);
    const schema = new URL(inject("pgUrl")).searchParams.get("schema")!;
    app = new PrismaClient({ adapter: createAdapter(`postgresql://postgres@127.0.0.1:${proxy.port}/test?schema=${schema}`) });
    setDb(app); // the instances below reach PostgreSQL only through the proxy
    for (let i = 0; i < 2; i++) {
      instances.push(await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix, graceMs: GRACE_MS, livenessMs: LIVENESS_MS, tickMs: TICK_MS }));
    }
  });

  afterAll(async () => {
    proxy?.restore();
    for (const s of sockets) s.close();
    for (const i of instances) await i.stop().catch(() => undefined);
    await clearRedisPrefix(REDIS_URL, prefix);
    await app?.$disconnect();
    await proxy?.close();
    await postgres.close(direct);
    setDb(undefined);
  });

  it(
    "with PostgreSQL cut: activity, away and dnd still reach watchers, a closed last tab shows offline, a new socket needing the database is refused with a clear message, a known one connects and gets its channels' messages once the database is back; after restore, last seen in the database is the close time",
    async () => {
      const [one, two] = instances as [Instance, Instance];
      const w1 = await PresenceClient.open(await open(one, "W1"));
      const w2 = await PresenceClient.open(await open(two, "W2"));
      const pia = await open(one, "Pia");
      const quin = await open(two, "Quin");
      const lou = await open(one, "Lou");
      const disconnects = watchDisconnects([w1.socket, w2.socket, pia, quin]);
      const shows = (who: string, status: string) => [w1, w2].every((w) => w.status(ids[who]!) === status);
      await until(() => shows("Pia", "active") && shows("Quin", "active") && shows("Lou", "active"), 5_000, "all active before the outage");

      // W1 and Pia share a channel.
      const channel = await createChannel(ids.W1!, workspaceId, { name: "ops", topic: "", isPrivate: false });
      await joinChannel(ids.Pia!, workspaceId, channel.id);
      // Newt joins behind the instances' backs: their cached member lists do not have him.
      await direct.membership.create({ data: { workspaceId, userId: ids.Newt! } });
      proxy.cut();
      const cutAt = Date.now();

      expect(await pia.emitWithAck("presence:activity", { idle: true })).toEqual({ ok: true, data: { idle: true } });
      await until(() => shows("Pia", "away"), DELIVER_MS, "Pia away (idle) during the outage");
      expect(await pia.emitWithAck("presence:activity", { idle: false })).toEqual({ ok: true, data: { idle: false } });
      await until(() => shows("Pia", "active"), DELIVER_MS, "Pia active again during the outage");

      expect(await quin.emitWithAck("presence:setMode", { mode: "dnd" })).toEqual({ ok: true, data: { mode: "dnd" } });
      await until(() => shows("Quin", "dnd"), DELIVER_MS, "Quin dnd during the outage");
      modeAck = await quin.emitWithAck("presence:setMode", { mode: "away" });
      expect(modeAck).toEqual({ ok: true, data: { mode: "away" } });
      await until(() => shows("Quin", "away"), DELIVER_MS, "Quin away (mode) during the outage");

      const closeAt = Date.now();
      lou.close();
      await until(() => shows("Lou", "offline"), GRACE_MS + DELIVER_MS, "Lou offline during the outage");
      for (const w of [w1, w2]) {
        expect(near(w.get(ids.Lou!)?.lastSeenAt, closeAt), `shown last seen ${w.get(ids.Lou!)?.lastSeenAt} vs close ${new Date(closeAt).toISOString()}`).toBe(true);
      }

      // Pia opens another tab on the instance that knows her session: it connects, without waiting
      // on the database for her channels.
      const piaTab = await timed(() => open(one, "Pia"));
      expect(piaTab.error).toBeNull();
      expect(piaTab.ms).toBeLessThan(3_000);
      const toPiaTab: string[] = [];
      piaTab.value!.on("message:created", (m) => toPiaTab.push(m.body));

      // A socket that needs the database (Newt is in no cached member list) is refused, without hanging.
      const refused = await timed(() => open(two, "Newt"));
      expect(refused.error).toMatch(/^Temporarily unavailable/);
      expect(refused.ms).toBeLessThan(5_000);

      await sleep(cutAt + OUTAGE_MS - Date.now());
      proxy.restore();
      restoreAt = Date.now();

      // The queued last-seen write lands with its original time (the close), not the restore time.
      await until(
        async () => (await direct.user.findUniqueOrThrow({ where: { id: ids.Lou! } })).lastSeenAt !== null,
        15_000,
        "Lou's last seen written after the database is back",
        200,
      );
      const lou2 = await direct.user.findUniqueOrThrow({ where: { id: ids.Lou! } });
      expect(Math.abs(lou2.lastSeenAt!.getTime() - closeAt), `lastSeenAt ${lou2.lastSeenAt!.toISOString()}, closed ${new Date(closeAt).toISOString()}, restored ${new Date(restoreAt).toISOString()}`).toBeLessThanOrEqual(LAST_SEEN_TOLERANCE_MS);

      expect(disconnects).toEqual([]);
      // After the outage: Newt can connect, and everyone agrees with a fresh snapshot.
      await open(two, "Newt");
      await until(() => shows("Newt", "active"), 2_000, "Newt active after restore");
      for (const w of [w1, w2]) expect(await w.convergence(SYNC_MAX_AGE_MS + 1_000)).toBeNull();
      expect(shows("Quin", "away") && shows("Pia", "active") && shows("Lou", "offline")).toBe(true);
      // The tab opened during the outage reads its channels once the database is back (retried at
      // most 5 s apart): the channel's messages reach it.
      await until(
        async () => {
          const sent = await w1.socket.emitWithAck("message:send", { conversationId: channel.id, body: `after the outage ${Date.now()}` });
          expect(sent.ok).toBe(true);
          await sleep(200);
          return toPiaTab.length > 0;
        },
        7_000,
        "a channel message reaches the tab opened during the outage",
      );
    },
    90_000,
  );

  it("a mode accepted during the outage is in the database after it (it must survive a reload)", async () => {
    expect(modeAck).toEqual({ ok: true, data: { mode: "away" } });
    await until(
      async () => (await direct.user.findUniqueOrThrow({ where: { id: ids.Quin! } })).presenceMode === "away",
      Math.max(1_000, restoreAt + 15_000 - Date.now()),
      "Quin's mode written after the database is back",
      200,
    );
  }, 30_000);
});
