import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket, tearDown } from "@/test/realtime-harness";
import type { MessageEdit, MessageView, ReactionChange, ReadState } from "@/shared/types";
import { setDb } from "../db";
import { openConversation } from "../services/conversations";
import type { PrismaClient } from "@/generated/prisma/client";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;
const settle = () => new Promise((r) => setTimeout(r, 300));

describe("message edit, delete and reactions over sockets (PostgreSQL + Redis, two instances)", () => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:${Date.now().toString(36)}:message-actions:`;
  let a: Instance;
  let b: Instance;
  let slug: string;
  let otherSlug: string;
  let workspaceId: string;
  const ids: Record<string, string> = {};
  const sockets: TestSocket[] = [];
  const open = async (instance: Instance, who: string, workspace = slug) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), { workspace });
    sockets.push(s);
    return s;
  };
  const record = (s: TestSocket) => {
    const got = { created: [] as MessageView[], updated: [] as MessageEdit[], deleted: [] as string[], reactions: [] as ReactionChange[], reads: [] as ReadState[] };
    s.on("message:created", (m) => got.created.push(m));
    s.on("message:updated", (e) => got.updated.push(e));
    s.on("message:deleted", (d) => got.deleted.push(d.id));
    s.on("reaction:updated", (c) => got.reactions.push(c));
    s.on("conversation:readUpdated", (r) => got.reads.push(r));
    return got;
  };
  const ok = <T,>(r: { ok: true; data: T } | { ok: false; error: string }): T => {
    if (!r.ok) throw new Error(r.error);
    return r.data;
  };

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Ann", "Ben", "Cat", "Dot"], "Message actions");
    Object.assign(ids, team.ids);
    slug = team.slug;
    workspaceId = team.workspaceId;
    const outsider = await seedTeam(["Out"], "Elsewhere");
    ids.Out = outsider.ids.Out!;
    otherSlug = outsider.slug;
    a = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
    b = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
  }, 60_000);

  afterAll(() => tearDown({ sockets, instances: [a, b], redisUrl: REDIS_URL, prefix, closeDb: () => postgres.close(client) }));

  it("edits, reactions and deletions reach every participant's sockets on both instances, and nobody else; none of them makes anything unread", async () => {
    const ann = await open(a, "Ann");
    const benOpen = await open(a, "Ben"); // has the conversation open (in its room)
    const benPhone = await open(b, "Ben"); // sidebar only
    const cat = await open(b, "Cat"); // in the workspace, not in the DM
    const { conversation } = await openConversation(ids.Ann!, workspaceId, [ids.Ben!]);
    const cid = conversation.id;
    ok(await benOpen.emitWithAck("conversation:join", { conversationId: cid }));
    const [annGot, openGot, phoneGot, catGot] = [record(ann), record(benOpen), record(benPhone), record(cat)];

    const sent = ok(await ann.emitWithAck("message:send", { conversationId: cid, body: "helo" }));
    await until(() => phoneGot.created.length === 1 && openGot.created.length === 1, 5_000, "the message on Ben's sockets");
    ok(await benPhone.emitWithAck("conversation:read", { conversationId: cid, upTo: sent.createdAt }));
    await until(() => openGot.reads.length === 1, 5_000, "Ben's read state");

    const edit = ok(await ann.emitWithAck("message:edit", { messageId: sent.id, body: "hello" }));
    expect(edit).toMatchObject({ id: sent.id, conversationId: cid, body: "hello", editedAt: expect.any(String) });
    ok(await benPhone.emitWithAck("reaction:add", { messageId: sent.id, emoji: "👍" }));
    const both = ok(await ann.emitWithAck("reaction:add", { messageId: sent.id, emoji: "👍" }));
    expect(both.reactions).toEqual([{ emoji: "👍", users: [{ id: ids.Ben, name: "Ben" }, { id: ids.Ann, name: "Ann" }] }]);
    ok(await benOpen.emitWithAck("reaction:remove", { messageId: sent.id, emoji: "👍" }));

    for (const got of [annGot, openGot, phoneGot]) {
      await until(() => got.updated.length === 1 && got.reactions.length === 3, 5_000, "the edit and reactions on every participant's socket");
    }
    await settle();
    for (const got of [annGot, openGot, phoneGot]) {
      expect(got.updated).toEqual([edit]); // once per socket, though Ben's open socket is in both rooms
      expect(got.reactions.map((c) => [c.user.name, c.emoji, c.added])).toEqual([["Ben", "👍", true], ["Ann", "👍", true], ["Ben", "👍", false]]);
    }
    // No new message, no read state moved: an edit or a reaction is never unread and never a notification.
    expect(openGot.created).toHaveLength(1);
    expect(phoneGot.reads).toHaveLength(1);
    expect(catGot).toEqual({ created: [], updated: [], deleted: [], reactions: [], reads: [] });

    // A reload shows the same: history carries the edit and the reactions.
    const page = ok(await benPhone.emitWithAck("message:history", { conversationId: cid }));
    expect(page.messages.at(-1)).toMatchObject({ body: "hello", editedAt: edit.editedAt, reactions: [{ emoji: "👍", users: [{ id: ids.Ann, name: "Ann" }] }] });

    // Ben has not read the next one; Ann deletes it: it disappears and Ben's count drops on every device.
    const oops = ok(await ann.emitWithAck("message:send", { conversationId: cid, body: "wrong chat" }));
    await until(() => phoneGot.created.length === 2, 5_000, "the second message");
    const readsBefore = { ann: annGot.reads.length, phone: phoneGot.reads.length };
    expect(ok(await ann.emitWithAck("message:delete", { messageId: oops.id }))).toEqual({ id: oops.id, conversationId: cid });
    for (const got of [annGot, openGot, phoneGot]) await until(() => got.deleted.length === 1, 5_000, "the deletion on every participant's socket");
    await until(() => phoneGot.reads.length === readsBefore.phone + 1 && openGot.reads.length === readsBefore.phone + 1, 5_000, "Ben's new read state");
    expect(phoneGot.reads.at(-1)).toMatchObject({ conversationId: cid, unread: 0, lastReadAt: sent.createdAt });
    await settle();
    expect(annGot.reads).toHaveLength(readsBefore.ann); // the author's count did not change
    expect(annGot.deleted).toEqual([oops.id]);
    expect(catGot.deleted).toEqual([]);
    expect(ok(await benPhone.emitWithAck("message:history", { conversationId: cid })).messages.map((m) => m.id)).toEqual([sent.id]);

    // Opened at a message: the page around it, with cursors both ways; one way at a time; participants only.
    expect(ok(await benPhone.emitWithAck("message:history", { conversationId: cid, around: { id: sent.id } }))).toMatchObject({
      messages: [{ id: sent.id }],
      before: null,
      after: null,
    });
    const cursor = { createdAt: sent.createdAt, id: sent.id };
    expect(await benPhone.emitWithAck("message:history", { conversationId: cid, before: cursor, around: { id: sent.id } })).toEqual({
      ok: false,
      error: "Give one of before, around and after.",
    });
    expect(await cat.emitWithAck("message:history", { conversationId: cid, around: { id: sent.id } })).toEqual({ ok: false, error: "Conversation not found." });
    expect(await benPhone.emitWithAck("message:history", { conversationId: cid, around: { id: oops.id } })).toEqual({ ok: false, error: "Message not found." });
  });

  it("authorization: only the author edits or deletes; only participants react; everyone else learns nothing", async () => {
    const ann = await open(a, "Ann");
    const ben = await open(b, "Ben");
    const cat = await open(a, "Cat");
    const out = await open(b, "Out", otherSlug);
    const { conversation } = await openConversation(ids.Ann!, workspaceId, [ids.Ben!]);
    const msg = ok(await ann.emitWithAck("message:send", { conversationId: conversation.id, body: "mine" }));
    const missing = "Message not found.";
    type Actor = "author" | "participant" | "member" | "outsider";
    const sockets: Record<Actor, TestSocket> = { author: ann, participant: ben, member: cat, outsider: out };
    // Each row: the event, its payload, and the error each actor gets (null: allowed). "member" is in
    // the workspace but not the DM; "outsider" is in another workspace.
    const emit = (who: Actor, event: "message:edit" | "message:delete" | "reaction:add" | "reaction:remove", payload: object) =>
      sockets[who].emitWithAck(event as "message:edit", payload as never) as Promise<{ ok: boolean; error?: string }>;
    const rows: ["message:edit" | "reaction:add" | "reaction:remove" | "message:delete", object, Record<Actor, string | null>][] = [
      ["message:edit", { messageId: msg.id, body: "changed" }, { author: null, participant: "You can only edit your own messages.", member: missing, outsider: missing }],
      ["reaction:add", { messageId: msg.id, emoji: "👀" }, { author: null, participant: null, member: missing, outsider: missing }],
      ["reaction:remove", { messageId: msg.id, emoji: "👀" }, { author: null, participant: null, member: missing, outsider: missing }],
      ["message:delete", { messageId: msg.id }, { author: "delete-last", participant: "You can only delete your own messages.", member: missing, outsider: missing }],
    ];
    for (const [event, payload, expected] of rows) {
      for (const who of ["participant", "member", "outsider", "author"] as Actor[]) {
        const want = expected[who];
        if (want === "delete-last") continue;
        const got = await emit(who, event, payload);
        expect([event, who, got.ok ? null : got.error]).toEqual([event, who, want]);
      }
    }
    // A message that does not exist answers exactly as one the actor may not see.
    expect(await cat.emitWithAck("message:edit", { messageId: "no-such-message", body: "x" })).toEqual({ ok: false, error: missing });
    expect(await ann.emitWithAck("message:delete", { messageId: msg.id })).toEqual({ ok: true, data: { id: msg.id, conversationId: conversation.id } });
  });

  it("invalid payloads get a clear error and change nothing", async () => {
    const ann = await open(a, "Ann");
    const { conversation } = await openConversation(ids.Ann!, workspaceId, [ids.Dot!]);
    const msg = ok(await ann.emitWithAck("message:send", { conversationId: conversation.id, body: "as it was" }));
    const bad: [string, unknown, string | RegExp][] = [
      ["message:edit", { messageId: msg.id, body: "   " }, "Message is empty."],
      ["message:edit", { messageId: msg.id, body: "y".repeat(4001) }, "Message is longer than 4000 characters."],
      ["message:edit", { messageId: msg.id, body: "a\u0000b" }, /Message/],
      ["message:edit", { messageId: "bad id!", body: "x" }, "Invalid id."],
      ["message:edit", { body: "x" }, /messageId/],
      ["message:delete", null, /./],
      ["reaction:add", { messageId: msg.id, emoji: "👍👍" }, "A reaction is one emoji."],
      ["reaction:add", { messageId: msg.id, emoji: "ok" }, "A reaction is one emoji."],
      ["reaction:add", { messageId: msg.id, emoji: "" }, "Pick an emoji."],
      ["reaction:remove", { messageId: msg.id, emoji: 42 }, /emoji/],
    ];
    for (const [event, payload, error] of bad) {
      const got = (await ann.emitWithAck(event as "message:edit", payload as never)) as { ok: boolean; error?: string };
      expect(got.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      expect(got.error).toMatch(error);
    }
    const row = await client.message.findUniqueOrThrow({ where: { id: msg.id }, include: { reactions: true } });
    expect([row.body, row.editedAt, row.reactions]).toEqual(["as it was", null, []]);
  });

  it("the message rate limit covers edits and reactions too (per user, across instances)", async () => {
    const dot = await open(a, "Dot");
    const dot2 = await open(b, "Dot");
    const { conversation } = await openConversation(ids.Dot!, workspaceId, [ids.Cat!]);
    const msg = ok(await dot.emitWithAck("message:send", { conversationId: conversation.id, body: "count me" }));
    const acks: { ok: boolean; error?: string }[] = [];
    for (let i = 0; i < 22; i++) {
      const s = i % 2 ? dot2 : dot;
      acks.push(i % 3 ? await s.emitWithAck("reaction:add", { messageId: msg.id, emoji: i % 2 ? "👍" : "🎉" }) : await s.emitWithAck("message:edit", { messageId: msg.id, body: `v${i}` }));
    }
    expect(acks.filter((r) => r.ok)).toHaveLength(19); // 20 a window, one spent on sending
    expect(acks.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many attempts, try again in \d+ s\.$/) });
  });
});
