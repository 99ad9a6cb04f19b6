import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket, tearDown } from "@/test/realtime-harness";
import type { MessageView, ReadState } from "@/shared/types";
import { setDb } from "../db";
import type { PrismaClient } from "@/generated/prisma/client";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;

describe("unread over sockets (PostgreSQL + Redis, two instances)", () => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:${Date.now().toString(36)}:unread:`;
  let a: Instance;
  let b: Instance;
  let slug: string;
  let ids: Record<string, string>;
  const sockets: TestSocket[] = [];
  const open = async (instance: Instance, who: string) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), { workspace: slug });
    sockets.push(s);
    return s;
  };
  const record = (s: TestSocket) => {
    const got = { messages: [] as MessageView[], reads: [] as ReadState[] };
    s.on("message:created", (m) => got.messages.push(m));
    s.on("conversation:readUpdated", (r) => got.reads.push(r));
    return got;
  };

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Ann", "Ben", "Cat"], "Unread sockets");
    ids = team.ids;
    slug = team.slug;
    a = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
    b = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
  });

  afterAll(() => tearDown({ sockets, instances: [a, b], redisUrl: REDIS_URL, prefix, closeDb: () => postgres.close(client) }));

  it("a message reaches the recipient's sidebar on every device; reading on one clears the count on all", async () => {
    const ann = await open(a, "Ann");
    const benLaptop = await open(a, "Ben");
    const benPhone = await open(b, "Ben");
    const cat = await open(b, "Cat");
    const laptop = record(benLaptop);
    const phone = record(benPhone);
    const annGot = record(ann);
    const catGot = record(cat);

    const first = await ann.emitWithAck("message:sendDirect", { userId: ids.Ben!, body: "one" });
    if (!first.ok) throw new Error(first.error);
    const cid = first.data.conversation.id;
    // Neither of Ben's sockets joined the conversation room: the message still reaches both, once each.
    const second = await ann.emitWithAck("message:send", { conversationId: cid, body: "two" });
    if (!second.ok) throw new Error(second.error);
    await until(() => laptop.messages.length === 2 && phone.messages.length === 2, 5_000, "both of Ben's devices heard both messages");
    await new Promise((r) => setTimeout(r, 200));
    expect(laptop.messages.map((m) => m.body)).toEqual(["one", "two"]);
    expect(phone.messages.map((m) => m.body)).toEqual(["one", "two"]);
    expect(catGot.messages).toEqual([]);
    // Ann's own devices hear that she has read her conversation up to her message.
    await until(() => annGot.reads.length === 2, 5_000, "Ann's read state");
    expect(annGot.reads.at(-1)).toEqual({ conversationId: cid, unread: 0, lastReadAt: second.data.createdAt, lastMessageAt: second.data.createdAt });

    const read = await benPhone.emitWithAck("conversation:read", { conversationId: cid, upTo: second.data.createdAt });
    const cleared = { conversationId: cid, unread: 0, lastReadAt: second.data.createdAt, lastMessageAt: second.data.createdAt };
    expect(read).toEqual({ ok: true, data: cleared });
    await until(() => laptop.reads.length === 1 && phone.reads.length === 1, 5_000, "readUpdated on both of Ben's devices");
    expect(laptop.reads).toEqual([cleared]);
    expect(catGot.reads).toEqual([]);

    // Reading again, or up to an older message, changes nothing and announces nothing.
    expect(await benLaptop.emitWithAck("conversation:read", { conversationId: cid, upTo: first.data.message.createdAt })).toEqual({ ok: true, data: cleared });
    await new Promise((r) => setTimeout(r, 200));
    expect(laptop.reads).toHaveLength(1);
  });

  it("refuses bad payloads and non-participants, and changes nothing", async () => {
    const ann = await open(a, "Ann");
    const cat = await open(a, "Cat");
    const sent = await ann.emitWithAck("message:sendDirect", { userId: ids.Cat!, body: "for Cat" });
    if (!sent.ok) throw new Error(sent.error);
    const cid = sent.data.conversation.id;
    const ben = await open(b, "Ben");
    expect(await ben.emitWithAck("conversation:read", { conversationId: cid, upTo: new Date().toISOString() })).toEqual({ ok: false, error: "Conversation not found." });
    expect(await cat.emitWithAck("conversation:read", { conversationId: cid, upTo: "yesterday" })).toEqual({ ok: false, error: "upTo: an ISO time." });
    expect(await cat.emitWithAck("conversation:read", { conversationId: cid } as never)).toMatchObject({ ok: false });
    expect(await cat.emitWithAck("conversation:read", null as never)).toMatchObject({ ok: false });
    const row = await client.conversationParticipant.findUniqueOrThrow({ where: { conversationId_userId: { conversationId: cid, userId: ids.Cat! } } });
    expect(row.lastReadAt).toBeNull();
  });
});
