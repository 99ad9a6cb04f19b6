import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { collect, connect, sessionCookie, startInstance, until, type Instance, type TestSocket, tearDown } from "@/test/realtime-harness";
import { setDb } from "../db";
import { startRedisCluster, type RedisCluster } from "@/test/redis-cluster";
import type { PrismaClient } from "@/generated/prisma/client";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;

// Both ways instances exchange broadcasts on one Redis: classic pub/sub and sharded pub/sub
// (Redis 7); and sharded pub/sub with the presence store on a private three-master cluster.
const variants = [
  { pubsub: "classic", cluster: false, on: "one Redis" },
  { pubsub: "sharded", cluster: false, on: "one Redis" },
  { pubsub: "sharded", cluster: true, on: "a Redis Cluster of three masters" },
] as const;

describe.each(variants)("realtime server (PostgreSQL + $on, two instances, $pubsub pub/sub)", ({ pubsub, cluster: onCluster }) => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:${Date.now().toString(36)}:${pubsub}${onCluster ? "-cluster" : ""}:`;
  let cluster: RedisCluster | undefined;
  let redisUrl = REDIS_URL;
  let a: Instance;
  let b: Instance;
  let slug: string;
  let otherSlug: string;
  const ids: Record<string, string> = {};
  const sockets: TestSocket[] = [];
  /** How far instance a's rate-limit clock runs ahead of the wall clock (moved by hand, never waited for). */
  let limiterSkew = 0;
  const open = async (instance: Instance, who: string, auth: Record<string, unknown>) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), auth);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Ann", "Ben", "Cat"], "Realtime");
    Object.assign(ids, team.ids);
    slug = team.slug;
    const outsider = await seedTeam(["Out"], "Elsewhere");
    ids.Out = outsider.ids.Out!;
    otherSlug = outsider.slug;
    if (onCluster) {
      cluster = await startRedisCluster(3);
      redisUrl = `redis+cluster://${cluster.seeds}`;
    }
    a = await startInstance({ redisUrl, pubsub, redisPrefix: prefix, limiterClock: () => Date.now() + limiterSkew });
    b = await startInstance({ redisUrl, pubsub, redisPrefix: prefix });
  }, 60_000);

  afterAll(async () => {
    await tearDown({ sockets, instances: [a, b], redisUrl: cluster ? null : redisUrl, prefix, closeDb: () => postgres.close(client) });
    await cluster?.stop();
  });

  it("refuses a socket without a session, and one for a workspace the user is not in", async () => {
    await expect(connect(a.url, null, { workspace: slug })).rejects.toThrow("Unauthorized: sign in first.");
    const cookie = await sessionCookie(ids.Out!);
    await expect(connect(a.url, cookie, { workspace: slug })).rejects.toThrow("Workspace not found.");
    await expect(connect(a.url, cookie, { workspace: "no-such-workspace" })).rejects.toThrow("Workspace not found.");
    await expect(connect(a.url, cookie, {})).rejects.toThrow("Bad handshake");
    // The refused user left no trace in the workspace's presence.
    expect((await a.realtime.presence.snapshot((await client.workspace.findUniqueOrThrow({ where: { slug } })).id, ids.Ann!)).find((p) => p.userId === ids.Out)).toBeUndefined();
  });

  it(`links the instances through ${pubsub} pub/sub`, async () => {
    const { Redis } = await import("ioredis");
    // Every node: sharded channels live on the master that owns their slot.
    const nodes = cluster ? cluster.nodes.map((n) => new Redis(n.port, "127.0.0.1")) : [new Redis(REDIS_URL)];
    try {
      const shard = (await Promise.all(nodes.map((r) => r.call("PUBSUB", "SHARDCHANNELS", `${prefix}*`) as Promise<string[]>))).flat();
      const classic = (await Promise.all(nodes.map(async (r) => [...((await r.call("PUBSUB", "CHANNELS", `${prefix}*`)) as string[]), ...((await r.pubsub("NUMPAT")) ? ["patterns"] : [])]))).flat();
      if (pubsub === "sharded") expect(shard.length).toBeGreaterThan(0);
      else {
        expect(shard).toEqual([]);
        expect(classic.length).toBeGreaterThan(0);
      }
    } finally {
      nodes.forEach((r) => r.disconnect());
    }
  });

  it("a status change on instance A reaches a client on instance B, batched and filtered", async () => {
    const watcher = await open(b, "Ann", { workspace: slug });
    const seen = collect(watcher);
    const outsider = await open(a, "Out", { workspace: otherSlug });
    const outsiderSeen = collect(outsider);

    const ben = await open(a, "Ben", { workspace: slug, idle: false });
    await until(() => seen.some((u) => u.userId === ids.Ben && u.status === "active"), 5_000, "Ben active on B");

    const ack = await ben.emitWithAck("presence:activity", { idle: true });
    expect(ack).toEqual({ ok: true, data: { idle: true } });
    await until(() => seen.at(-1)?.status === "away", 5_000, "Ben away on B");

    ben.close();
    await until(() => seen.at(-1)?.status === "offline", 5_000, "Ben offline on B");
    expect(seen.at(-1)!.lastSeenAt).not.toBeNull();
    // The outsider's socket works (it saw its own status) but nothing crossed workspaces.
    expect(outsiderSeen.map((u) => u.userId)).toContain(ids.Out);
    expect(outsiderSeen.filter((u) => u.userId !== ids.Out)).toEqual([]);
  });

  it("ending a user's sessions on instance A signs out their socket on instance B (a server-side event through the adapter)", async () => {
    const cat = await open(b, "Cat", { workspace: slug });
    const signedOut: string[] = [];
    cat.on("auth:signedOut", () => signedOut.push("B"));
    a.realtime.sessionsEnded(ids.Cat!, null);
    await until(() => !cat.connected, 5_000, "Cat's socket on B closed");
    expect(signedOut).toEqual(["B"]);
  });

  it("answers malformed, oversized and unknown payloads with an error ack and changes nothing", async () => {
    const cat = await open(a, "Cat", { workspace: slug });
    const wsId = (await client.workspace.findUniqueOrThrow({ where: { slug } })).id;
    // Wait until Cat's connection is registered, so only the bad payloads could change anything.
    let before = await a.realtime.presence.snapshot(wsId, ids.Ann!);
    for (let i = 0; i < 100 && before.find((p) => p.userId === ids.Cat)?.status !== "active"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      before = await a.realtime.presence.snapshot(wsId, ids.Ann!);
    }
    expect(before.find((p) => p.userId === ids.Cat)?.status).toBe("active");

    expect(await cat.emitWithAck("presence:activity", { idle: "yes" } as never)).toMatchObject({ ok: false, error: expect.stringMatching(/idle/) });
    expect(await cat.emitWithAck("presence:setMode", { mode: "ghost" } as never)).toMatchObject({ ok: false });
    expect(await cat.emitWithAck("presence:setMode", null as never)).toMatchObject({ ok: false });
    expect(await cat.emitWithAck("presence:sync", { digest: "not-a-digest" })).toEqual({ ok: false, error: "Invalid digest." });
    expect(await cat.emitWithAck("presence:sync", { since: -1 })).toMatchObject({ ok: false, error: expect.stringMatching(/since/) });
    expect(await cat.emitWithAck("message:send", { conversationId: "x", body: "y".repeat(5000) })).toEqual({
      ok: false,
      error: "Message is longer than 4000 characters.",
    });
    expect(await cat.emitWithAck("conversation:join", { conversationId: "not-mine" })).toEqual({ ok: false, error: "Conversation not found." });
    expect((await client.user.findUniqueOrThrow({ where: { id: ids.Cat! } })).presenceMode).toBe("auto");
    expect(await a.realtime.presence.snapshot(wsId, ids.Ann!)).toEqual(before);
  });

  it("creates a 1:1 DM with its first message, announces it on every instance, and pages its history to participants only", async () => {
    const ann = await open(a, "Ann", { workspace: slug });
    const ben = await open(b, "Ben", { workspace: slug });
    const cat = await open(a, "Cat", { workspace: slug });
    const created: { socket: string; others: string[] }[] = [];
    for (const [name, s] of [["Ann", ann], ["Ben", ben], ["Cat", cat]] as const) {
      s.on("conversation:created", (c) => created.push({ socket: name, others: c.others.map((u) => u.name) }));
    }
    const sent = await ann.emitWithAck("message:sendDirect", { userId: ids.Ben!, body: "first words" });
    if (!sent.ok) throw new Error(sent.error);
    expect(sent.data.message).toMatchObject({ body: "first words", sender: { id: ids.Ann, name: "Ann" } });
    await until(() => created.length >= 2, 5_000, "conversation:created on both instances");
    await new Promise((r) => setTimeout(r, 200));
    expect(created.sort((x, y) => x.socket.localeCompare(y.socket))).toEqual([
      { socket: "Ann", others: ["Ben"] },
      { socket: "Ben", others: ["Ann"] },
    ]);
    const conversationId = sent.data.conversation.id;
    const page = await ben.emitWithAck("message:history", { conversationId });
    expect(page).toMatchObject({ ok: true, data: { before: null, messages: [{ body: "first words" }] } });
    expect(await cat.emitWithAck("message:history", { conversationId })).toEqual({ ok: false, error: "Conversation not found." });
    expect(await ben.emitWithAck("message:history", { conversationId, before: { createdAt: "yesterday", id: "x" } })).toEqual({
      ok: false,
      error: "Invalid cursor.",
    });
    // A second first message (Ben writing from his own draft) lands in the same DM, announcing nothing new.
    const reply = await ben.emitWithAck("message:sendDirect", { userId: ids.Ann!, body: "hello back" });
    expect(reply).toMatchObject({ ok: true, data: { conversation: { id: conversationId } } });
    expect(created).toHaveLength(2);
  });

  it("keeps serving after 1,000 garbage events, and rate-limits the flood", async () => {
    const cat = await open(a, "Cat", { workspace: slug });
    const acks: Promise<{ ok: boolean; error?: string }>[] = [];
    for (let i = 0; i < 1_000; i++) {
      const event = (["presence:activity", "presence:setMode", "message:send", "conversation:join"] as const)[i % 4]!;
      acks.push(cat.timeout(10_000).emitWithAck(event, { junk: i, idle: i } as never) as Promise<{ ok: boolean; error?: string }>);
    }
    const results = await Promise.all(acks);
    expect(results.every((r) => r.ok === false)).toBe(true);
    expect(results.filter((r) => r.error === "Too many requests; slow down.").length).toBeGreaterThan(900);
    // The server, and this socket once the bucket refills, still work.
    const fresh = await open(a, "Ben", { workspace: slug });
    expect(await fresh.emitWithAck("presence:heartbeat", { idle: false })).toMatchObject({ ok: true });
    limiterSkew += 1_100; // the bucket refills (20 tokens a second) without waiting for it
    expect(await cat.emitWithAck("presence:setMode", { mode: "dnd" })).toEqual({ ok: true, data: { mode: "dnd" } });
    // The database copy of the mode is written off the hot path, right after.
    const stored = async () => (await client.user.findUniqueOrThrow({ where: { id: ids.Cat! } })).presenceMode;
    for (const deadline = Date.now() + 2_000; (await stored()) !== "dnd" && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 40));
    expect(await stored()).toBe("dnd");
  });
});
