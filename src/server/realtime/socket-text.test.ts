// The text rule over the socket (issue 17): message:send, message:sendDirect and status:set with a
// lone surrogate or NUL answer a clear `{ ok: false, error }` and store nothing; never "Something
// went wrong". A real realtime server on PostgreSQL (in-process presence store).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { connect, sessionCookie, startInstance, type Instance, type TestSocket } from "@/test/realtime-harness";
import type { PrismaClient } from "@/generated/prisma/client";
import { setDb } from "../db";
import { openConversation } from "../services/conversations";

const postgres = databases.find((d) => d.name === "postgres")!;

describe("bad text over the socket (PostgreSQL)", () => {
  let client: PrismaClient;
  let instance: Instance;
  let ada: TestSocket;
  let conversationId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Ada", "Bo", "Cy"], "Socket text");
    Object.assign(ids, team.ids);
    conversationId = (await openConversation(ids.Ada!, team.workspaceId, [ids.Bo!])).conversation.id;
    instance = await startInstance();
    ada = await connect(instance.url, await sessionCookie(ids.Ada!), { workspace: team.slug });
  });

  afterAll(async () => {
    ada?.close();
    await instance?.stop();
    await postgres.close(client);
    setDb(undefined);
  });

  const ack = (event: string, payload: unknown) => ada.timeout(5_000).emitWithAck(event as "message:send", payload as never) as Promise<{ ok: boolean; error?: string }>;
  const messages = () => client.message.count({ where: { senderId: ids.Ada! } });

  it("message:send refuses lone surrogates and NUL, naming the message", async () => {
    const before = await messages();
    expect(await ack("message:send", { conversationId, body: "\ud800" })).toEqual({ ok: false, error: "Message contains an invalid character." });
    expect(await ack("message:send", { conversationId, body: "hi \udfff there" })).toEqual({ ok: false, error: "Message contains an invalid character." });
    expect(await ack("message:send", { conversationId, body: "\u0000" })).toEqual({ ok: false, error: "Message must not contain NUL characters." });
    expect(await ack("message:send", { conversationId, body: "a\u0000b" })).toEqual({ ok: false, error: "Message must not contain NUL characters." });
    expect(await ack("message:send", { conversationId, body: "ring \u0007" })).toEqual({ ok: false, error: "Message cannot contain control characters." });
    expect(await messages()).toBe(before);
    // Emoji pairs, ZWJ sequences, line breaks and right-to-left text go through.
    const sent = await ack("message:send", { conversationId, body: "👩‍💻 ok\r\nשלום \u202e" });
    expect(sent).toMatchObject({ ok: true, data: { body: "👩‍💻 ok\nשלום \u202e" } });
    expect(await messages()).toBe(before + 1);
  });

  it("message:sendDirect refuses them before any conversation is made", async () => {
    const conversations = () => client.conversationParticipant.count({ where: { userId: ids.Cy! } });
    const before = await conversations();
    expect(await ack("message:sendDirect", { userId: ids.Cy!, body: "\ud83d" })).toEqual({ ok: false, error: "Message contains an invalid character." });
    expect(await ack("message:sendDirect", { userId: ids.Cy!, body: "\u0000" })).toEqual({ ok: false, error: "Message must not contain NUL characters." });
    expect(await conversations()).toBe(before);
  });

  it("status:set refuses them, and bidi overrides, with the status named; a valid one is stored", async () => {
    expect(await ack("status:set", { text: "\ud83d" })).toEqual({ ok: false, error: "The status contains an invalid character." });
    expect(await ack("status:set", { text: "lunch\udc00" })).toEqual({ ok: false, error: "The status contains an invalid character." });
    expect(await ack("status:set", { text: "a\u0000" })).toEqual({ ok: false, error: "The status must not contain NUL characters." });
    expect(await ack("status:set", { text: "Admin\u202e" })).toEqual({ ok: false, error: "The status cannot contain text direction characters." });
    expect(await ack("status:set", { emoji: "\ud83d", text: "x" })).toEqual({ ok: false, error: "Pick one emoji." });
    const row = await client.user.findUniqueOrThrow({ where: { id: ids.Ada! } });
    expect(row.statusText).toBeNull();
    expect(await ack("status:set", { emoji: "🧑‍💻", text: "Coding 👩🏽‍🚀" })).toMatchObject({ ok: true, data: { custom: { emoji: "🧑‍💻", text: "Coding 👩🏽‍🚀" } } });
  });

  it("none of them is ever answered as our fault", async () => {
    const answers = await Promise.all(
      ["\ud800", "\udfff", "\u0000", "a\ud83d", "\u202e\u0000"].flatMap((body) => [
        ack("message:send", { conversationId, body }),
        ack("message:sendDirect", { userId: ids.Bo!, body }),
        ack("status:set", { text: body }),
      ]),
    );
    for (const a of answers) expect(a).toMatchObject({ ok: false, error: expect.not.stringMatching(/Something went wrong/) });
  });
});
