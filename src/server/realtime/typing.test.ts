// Typing indicators on real PostgreSQL and Redis, two instances: they reach the other
// participants' open conversation wherever their socket is, never the sender's own tabs or a
// non-participant; an invisible sender reaches only their allowlist; starts are forwarded at
// most every 2 s; a closing socket sends a stop; nothing is written to Redis keys.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { databases, seedTeam } from "@/test/databases";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket, tearDown } from "@/test/realtime-harness";
import { setDb } from "../db";
import { allowlistOf, replaceAllowlist } from "../presence/users";
import { openConversation } from "../services/conversations";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;
type Signal = { conversationId: string; userId: string; typing: boolean };

describe("typing indicators (PostgreSQL + Redis, two instances)", () => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:${Date.now().toString(36)}:typing:`;
  let a: Instance;
  let b: Instance;
  let slug: string;
  let workspaceId: string;
  const ids: Record<string, string> = {};
  const sockets: TestSocket[] = [];
  let group: string;
  let outsiderDm: string;

  /** A socket with the conversation open, and what it heard. */
  const open = async (instance: Instance, who: string, conversationId?: string) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), { workspace: slug });
    sockets.push(s);
    const heard: Signal[] = [];
    s.on("typing:updated", (p) => heard.push(p));
    if (conversationId) expect(await s.emitWithAck("conversation:join", { conversationId })).toMatchObject({ ok: true });
    return { s, heard };
  };
  const settle = () => new Promise((r) => setTimeout(r, 300));

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Ann", "Ben", "Cat", "Dan"], "Typing");
    Object.assign(ids, team.ids);
    slug = team.slug;
    workspaceId = team.workspaceId;
    a = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
    b = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
    group = (await openConversation(ids.Ann!, workspaceId, [ids.Ben!, ids.Cat!])).conversation.id;
    outsiderDm = (await openConversation(ids.Ben!, workspaceId, [ids.Dan!])).conversation.id;
  });

  afterAll(() => tearDown({ sockets, instances: [a, b], redisUrl: REDIS_URL, prefix, closeDb: () => postgres.close(client) }));

  it("reaches the others' open conversation on both instances, not the sender's other tab, and writes no Redis key", async () => {
    const redis = new Redis(REDIS_URL);
    const keys = async () => (await redis.keys(`${prefix}*`)).filter((k) => !k.includes("socket.io")).sort();
    const ann = await open(a, "Ann", group);
    const annTab = await open(b, "Ann", group);
    const ben = await open(b, "Ben", group);
    const cat = await open(a, "Cat", group);
    const dan = await open(b, "Dan"); // same workspace, not in the conversation
    await settle();
    const before = await keys();

    expect(await ann.s.emitWithAck("typing:start", { conversationId: group })).toEqual({ ok: true, data: { conversationId: group } });
    const start = { conversationId: group, userId: ids.Ann, typing: true };
    await until(() => ben.heard.length > 0 && cat.heard.length > 0, 5_000, "Ben and Cat hear Ann typing");
    expect(ben.heard).toEqual([start]);
    expect(cat.heard).toEqual([start]);
    expect(await ann.s.emitWithAck("typing:stop", { conversationId: group })).toMatchObject({ ok: true });
    await until(() => ben.heard.length === 2 && cat.heard.length === 2, 5_000, "Ben and Cat hear the stop");
    expect(ben.heard[1]).toEqual({ ...start, typing: false });
    await settle();
    expect(annTab.heard).toEqual([]);
    expect(ann.heard).toEqual([]);
    expect(dan.heard).toEqual([]);
    expect(await keys()).toEqual(before);
    redis.disconnect();
  });

  it("refuses a conversation the sender is not in, and tells its participants nothing", async () => {
    const ben = await open(a, "Ben", outsiderDm);
    const cat = await open(b, "Cat");
    expect(await cat.s.emitWithAck("typing:start", { conversationId: outsiderDm })).toEqual({ ok: false, error: "Conversation not found." });
    expect(await cat.s.emitWithAck("typing:start", { conversationId: "not an id" })).toMatchObject({ ok: false });
    await settle();
    expect(ben.heard).toEqual([]);
  });

  it("forwards a start at most every 2 s, and a stop when the typing socket closes", async () => {
    const ben = await open(b, "Ben", group);
    const cat = await open(a, "Cat", group);
    for (let i = 0; i < 5; i++) expect(await cat.s.emitWithAck("typing:start", { conversationId: group })).toMatchObject({ ok: true });
    await until(() => ben.heard.length > 0, 5_000, "Ben hears Cat");
    await settle();
    expect(ben.heard).toEqual([{ conversationId: group, userId: ids.Cat, typing: true }]);
    cat.s.disconnect();
    await until(() => ben.heard.length === 2, 5_000, "Ben hears Cat stop as her page closes");
    expect(ben.heard[1]).toEqual({ conversationId: group, userId: ids.Cat, typing: false });
  });

  it("an invisible sender reaches only the people on their allowlist", async () => {
    const ann = await open(a, "Ann", group);
    const ben = await open(b, "Ben", group);
    const cat = await open(b, "Cat", group);
    const before = await allowlistOf(ids.Ann!);
    await replaceAllowlist(ids.Ann!, [ids.Ben!]);
    await a.realtime.presence.allowlistChanged(ids.Ann!, before);
    expect(await ann.s.emitWithAck("presence:setMode", { mode: "invisible" })).toMatchObject({ ok: true });
    expect(await ann.s.emitWithAck("typing:start", { conversationId: group })).toMatchObject({ ok: true });
    await until(() => ben.heard.length > 0, 5_000, "Ben, on the allowlist, hears Ann");
    expect(await ann.s.emitWithAck("typing:stop", { conversationId: group })).toMatchObject({ ok: true });
    await until(() => ben.heard.length === 2, 5_000, "Ben hears the stop");
    await settle();
    expect(cat.heard).toEqual([]);
    // Do not disturb hides nothing.
    expect(await ann.s.emitWithAck("presence:setMode", { mode: "dnd" })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 2_100)); // past the forward interval of Ann's socket
    expect(await ann.s.emitWithAck("typing:start", { conversationId: group })).toMatchObject({ ok: true });
    await until(() => cat.heard.length === 1, 5_000, "Cat hears Ann on do not disturb");
    expect(await ann.s.emitWithAck("presence:setMode", { mode: "auto" })).toMatchObject({ ok: true });
  });
});
