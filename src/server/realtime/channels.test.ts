// Channels over real sockets on two instances (PostgreSQL + Redis): a channel's messages reach its
// members' sockets wherever they are connected (also sockets opened before they joined), never
// anyone else's; non-members are refused every channel event; "N online" hides an invisible member
// from outsiders; leaving stops the messages on every instance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket, tearDown } from "@/test/realtime-harness";
import type { AckResult } from "@/shared/events";
import type { MessageView } from "@/shared/types";
import { setDb } from "../db";
import { createChannel, joinChannel, leaveChannel } from "../services/channels";
import type { PrismaClient } from "@/generated/prisma/client";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;

/** Emits with an ack and resolves with the answer. */
function ask<T>(socket: TestSocket, event: string, payload: unknown): Promise<AckResult<T>> {
  return new Promise((resolve) => (socket.emit as (e: string, p: unknown, ack: (r: AckResult<T>) => void) => void)(event, payload, resolve));
}

describe("channels on the sockets (PostgreSQL + Redis, two instances)", () => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:channels:${Date.now().toString(36)}:`;
  let a: Instance;
  let b: Instance;
  let slug: string;
  let workspaceId: string;
  const ids: Record<string, string> = {};
  const sockets: TestSocket[] = [];
  const open = async (who: string, on: Instance) => {
    const s = await connect(on.url, await sessionCookie(ids[who]!), { workspace: slug });
    sockets.push(s);
    return s;
  };
  const heard = (s: TestSocket) => {
    const got: MessageView[] = [];
    s.on("message:created", (m) => got.push(m));
    return got;
  };

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Ada", "Bo", "Cy", "Di"], "Channel sockets");
    Object.assign(ids, team.ids);
    slug = team.slug;
    workspaceId = team.workspaceId;
    a = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
    b = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
  });

  afterAll(() => tearDown({ sockets, instances: [a, b], redisUrl: REDIS_URL, prefix, closeDb: () => postgres.close(client) }));

  it("delivers to members on every instance, sockets opened before joining included; outsiders get nothing and are refused", async () => {
    const channel = await createChannel(ids.Ada!, workspaceId, { name: "ops", topic: "", isPrivate: false });
    const ada = await open("Ada", a);
    const boOnB = await open("Bo", b); // connected before Bo joins
    const cy = await open("Cy", a);
    const toBo = heard(boOnB);
    const toCy = heard(cy);
    const sidebar: string[] = [];
    boOnB.on("conversation:created", (c) => sidebar.push(c.channel?.name ?? "?"));

    // As POST /channels/:id/join does, served by instance A.
    const joined = await joinChannel(ids.Bo!, workspaceId, channel.id);
    a.realtime.channelJoined(workspaceId, channel.id, [ids.Bo!], joined.summary, joined.shared);
    await until(() => sidebar.length === 1, 3_000, "Bo's sidebar told of the channel");
    expect(sidebar).toEqual(["ops"]);
    // The room join reaches B through the adapter; it is done once Bo hears the channel's updates.
    await until(async () => {
      const sent = await ask<MessageView>(ada, "message:send", { conversationId: channel.id, body: `ping ${Date.now()}` });
      expect(sent.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      return toBo.length > 0;
    }, 5_000, "a channel message reaches Bo's socket on the other instance");

    const sent = await ask<MessageView>(ada, "message:send", { conversationId: channel.id, body: "Deploy at 5, @bo on call" });
    expect(sent.ok && sent.data.mentions).toEqual([{ id: ids.Bo, name: "Bo" }]);
    await until(() => toBo.some((m) => m.body.startsWith("Deploy")), 3_000, "Bo gets the message with its mention");
    expect(toBo.find((m) => m.body.startsWith("Deploy"))?.mentions).toEqual([{ id: ids.Bo, name: "Bo" }]);

    // Cy, a member of the workspace but not of the channel: refused everything, told nothing.
    const refusals = await Promise.all([
      ask(cy, "conversation:join", { conversationId: channel.id }),
      ask(cy, "message:send", { conversationId: channel.id, body: "let me in" }),
      ask(cy, "message:history", { conversationId: channel.id }),
      ask(cy, "typing:start", { conversationId: channel.id }),
      ask(cy, "conversation:read", { conversationId: channel.id, upTo: new Date().toISOString() }),
      ask(cy, "channel:counts", { conversationId: channel.id }),
      ask(cy, "reaction:add", { messageId: sent.ok ? sent.data.id : "x", emoji: "👍" }),
    ]);
    expect(refusals).toEqual([
      { ok: false, error: "Conversation not found." },
      { ok: false, error: "Conversation not found." },
      { ok: false, error: "Conversation not found." },
      { ok: false, error: "Conversation not found." },
      { ok: false, error: "Conversation not found." },
      { ok: false, error: "Join the channel first." },
      { ok: false, error: "Message not found." },
    ]);
    // One more message, heard by Bo: by then Cy would have heard the earlier ones too; she heard none.
    await ask(ada, "message:send", { conversationId: channel.id, body: "after the refusals" });
    await until(() => toBo.some((m) => m.body === "after the refusals"), 3_000, "Bo hears the last message");
    expect(toCy).toEqual([]);
  });

  it("a socket is in its channels' rooms once it hears it is connected: a message sent at that moment reaches it (10 trials, both instances)", async () => {
    const channel = await createChannel(ids.Ada!, workspaceId, { name: "at-connect", topic: "", isPrivate: false });
    await joinChannel(ids.Di!, workspaceId, channel.id);
    const ada = await open("Ada", a);
    for (let trial = 0; trial < 10; trial++) {
      const di = await open("Di", trial % 2 ? a : b);
      const got = heard(di);
      const body = `at connect ${trial}`;
      const sent = await ask<MessageView>(ada, "message:send", { conversationId: channel.id, body });
      expect(sent.ok).toBe(true);
      await until(() => got.some((m) => m.body === body), 3_000, `trial ${trial}: the message sent right after connect reaches Di`);
      di.close();
    }
  });

  it("N online counts members as the viewer may see them: an invisible member is offline to others, online to herself", async () => {
    const channel = await createChannel(ids.Ada!, workspaceId, { name: "standup", topic: "", isPrivate: false });
    await joinChannel(ids.Di!, workspaceId, channel.id);
    const ada = await open("Ada", a);
    const di = await open("Di", b);
    const counts = async (s: TestSocket) => {
      const r = await ask<{ online: number; total: number }>(s, "channel:counts", { conversationId: channel.id });
      return r.ok ? r.data : r.error;
    };
    await until(async () => JSON.stringify(await counts(ada)) === JSON.stringify({ online: 2, total: 2 }), 5_000, "both online");
    expect(await ask(di, "presence:setMode", { mode: "invisible" })).toMatchObject({ ok: true });
    await until(async () => JSON.stringify(await counts(ada)) === JSON.stringify({ online: 1, total: 2 }), 5_000, "Di offline to Ada");
    expect(await counts(di)).toEqual({ online: 2, total: 2 });
    expect(await ask(di, "presence:setMode", { mode: "auto" })).toMatchObject({ ok: true });
    await until(async () => JSON.stringify(await counts(ada)) === JSON.stringify({ online: 2, total: 2 }), 5_000, "Di back");
  });

  it("leaving: the sidebars on every instance drop it and its messages stop", async () => {
    const channel = await createChannel(ids.Ada!, workspaceId, { name: "leaving", topic: "", isPrivate: true });
    const joined = await joinChannel(ids.Ada!, workspaceId, channel.id);
    expect(joined.joined).toBe(false);
    const { inviteToChannel } = await import("../services/channels");
    const added = await inviteToChannel(ids.Ada!, workspaceId, channel.id, [ids.Bo!]);
    b.realtime.channelJoined(workspaceId, channel.id, added.added, added.summary, added.shared);
    const ada = await open("Ada", b);
    const boOnA = await open("Bo", a); // opened after being added: joins the room at connect
    const toBo = heard(boOnA);
    const removed: string[] = [];
    boOnA.on("conversation:removed", (r) => removed.push(r.conversationId));
    await until(async () => {
      await ask(ada, "message:send", { conversationId: channel.id, body: "before" });
      await new Promise((r) => setTimeout(r, 100));
      return toBo.length > 0;
    }, 5_000, "Bo hears the channel");

    const left = await leaveChannel(ids.Bo!, workspaceId, channel.id);
    b.realtime.channelLeft(workspaceId, channel.id, ids.Bo!, left.shared);
    await until(() => removed.length === 1, 3_000, "Bo's sidebar drops it");
    const before = toBo.length;
    await ask(ada, "message:send", { conversationId: channel.id, body: "after" });
    // A message sent after it in a channel Bo is still in arrives; the one before it never did.
    const other = await createChannel(ids.Ada!, workspaceId, { name: "still-in", topic: "", isPrivate: false });
    const otherJoin = await joinChannel(ids.Bo!, workspaceId, other.id);
    a.realtime.channelJoined(workspaceId, other.id, [ids.Bo!], otherJoin.summary, otherJoin.shared);
    await until(async () => {
      await ask(ada, "message:send", { conversationId: other.id, body: "marker" });
      await new Promise((r) => setTimeout(r, 100));
      return toBo.some((m) => m.body === "marker");
    }, 5_000, "Bo hears the other channel");
    expect(toBo.slice(before).filter((m) => m.conversationId === channel.id)).toEqual([]);
  });
});
