// The socket surface, against real servers: same-origin WebSocket only, live server-side
// sessions, per-user and per-address caps, connect and message throttles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { io as connectClient } from "socket.io-client";
import { databases, seedTeam } from "@/test/databases";
import { connect, SECRET, sessionCookie, startInstance, until, type Instance, type TestSocket, tearDown } from "@/test/realtime-harness";
import { setDb } from "../db";
import { openConversation } from "../services/conversations";
import type { PrismaClient } from "@/generated/prisma/client";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;

/** The server's refusal of a raw socket.io-client connection, or "connected". */
function attempt(url: string, opts: { origin?: string; transports?: ("polling" | "websocket")[]; cookie?: string; workspace: string }) {
  const socket = connectClient(url, {
    transports: opts.transports ?? ["websocket"],
    extraHeaders: { ...(opts.origin ? { origin: opts.origin } : {}), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    auth: { workspace: opts.workspace },
    reconnection: false,
    forceNew: true,
    timeout: 3_000,
  });
  return new Promise<string>((resolve) => {
    socket.once("connect", () => {
      socket.close();
      resolve("connected");
    });
    socket.once("connect_error", (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

describe("socket surface (PostgreSQL + Redis, two instances)", () => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:sock-sec:${Date.now().toString(36)}:`;
  let a: Instance;
  let b: Instance;
  let slug: string;
  let workspaceId: string;
  const ids: Record<string, string> = {};
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Ada", "Bo"], "Socket surface");
    Object.assign(ids, team.ids);
    slug = team.slug;
    workspaceId = team.workspaceId;
    a = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix, maxSocketsPerUser: 3 });
    b = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix, maxSocketsPerUser: 3 });
  });

  afterAll(() => tearDown({ sockets, instances: [a, b], redisUrl: REDIS_URL, prefix, closeDb: () => postgres.close(client) }));

  it("accepts its own origin and no origin; refuses a foreign origin and the polling transport", async () => {
    const cookie = await sessionCookie(ids.Ada!);
    const host = new URL(a.url).host;
    expect(await attempt(a.url, { cookie, workspace: slug, origin: `http://${host}` })).toBe("connected");
    expect(await attempt(a.url, { cookie, workspace: slug })).toBe("connected");
    expect(await attempt(a.url, { cookie, workspace: slug, origin: "https://evil.example" })).not.toBe("connected");
    expect(await attempt(a.url, { cookie, workspace: slug, origin: `http://${host}.evil.example` })).not.toBe("connected");
    expect(await attempt(a.url, { cookie, workspace: slug, transports: ["polling"] })).not.toBe("connected");
  });

  it("refuses a token without a live server-side session", async () => {
    const noSid = `next-auth.session-token=${await encode({ token: { sub: ids.Ada! }, secret: SECRET })}`;
    expect(await attempt(a.url, { cookie: noSid, workspace: slug })).toBe("Unauthorized: sign in first.");
    const made = `next-auth.session-token=${await encode({ token: { sub: ids.Ada!, sid: "no-such-session" }, secret: SECRET })}`;
    expect(await attempt(a.url, { cookie: made, workspace: slug })).toBe("Unauthorized: sign in first.");
    // Another user's session id under one's own user id does not pass either.
    const bos = await client.session.create({ data: { userId: ids.Bo!, expiresAt: new Date(Date.now() + 60_000) } });
    const stolen = `next-auth.session-token=${await encode({ token: { sub: ids.Ada!, sid: bos.id }, secret: SECRET })}`;
    expect(await attempt(a.url, { cookie: stolen, workspace: slug })).toBe("Unauthorized: sign in first.");
  });

  it("ending a session disconnects its sockets on every instance and refuses it after; other sessions stay", async () => {
    const ended = await sessionCookie(ids.Bo!);
    const kept = await sessionCookie(ids.Bo!);
    const onA = await connect(a.url, ended, { workspace: slug });
    const onB = await connect(b.url, ended, { workspace: slug });
    const other = await connect(b.url, kept, { workspace: slug });
    sockets.push(onA, onB, other);
    const signedOut: string[] = [];
    onA.on("auth:signedOut", () => signedOut.push("A"));
    onB.on("auth:signedOut", () => signedOut.push("B"));
    const sid = (await client.session.findMany({ where: { userId: ids.Bo! }, orderBy: { createdAt: "asc" } })).at(-2)!.id;
    await client.session.delete({ where: { id: sid } });
    a.realtime.sessionsEnded(ids.Bo!, [sid]); // as sign-out does, on whichever instance served it
    await until(() => !onA.connected && !onB.connected, 3_000, "both sockets of the ended session closed");
    expect(signedOut.sort()).toEqual(["A", "B"]);
    expect(other.connected).toBe(true);
    expect(await attempt(b.url, { cookie: ended, workspace: slug })).toBe("Unauthorized: sign in first.");
    expect(await attempt(a.url, { cookie: kept, workspace: slug })).toBe("connected");
    // Sign out everywhere: every session of the user.
    a.realtime.sessionsEnded(ids.Bo!, null);
    await until(() => !other.connected, 3_000, "the remaining session's socket closed");
  });

  it("a session that expires or whose row is deleted outside the app stops working: privileged events are refused, and the sweep signs its sockets out", async () => {
    // Instance c sweeps every 300 ms; instance d never in this test, but checks privileged events afresh.
    const c = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix, sessionSweepMs: 300 });
    const d = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix, sessionSweepMs: 3_600_000, sessionFreshMs: 0 });
    try {
      const session = async () => {
        const { id } = await client.session.create({ data: { userId: ids.Ada!, expiresAt: new Date(Date.now() + 86_400_000) } });
        return { id, cookie: `next-auth.session-token=${await encode({ token: { sub: ids.Ada!, sid: id }, secret: SECRET })}` };
      };
      const [gone, old, onDs] = [await session(), await session(), await session()];
      const deleted = await connect(c.url, gone.cookie, { workspace: slug });
      const expired = await connect(c.url, old.cookie, { workspace: slug });
      const kept = await connect(c.url, await sessionCookie(ids.Ada!), { workspace: slug });
      sockets.push(deleted, expired, kept);
      const out: string[] = [];
      deleted.on("auth:signedOut", () => out.push("deleted"));
      expired.on("auth:signedOut", () => out.push("expired"));
      await client.session.delete({ where: { id: gone.id } }); // no sessionsEnded: outside the app
      await client.session.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
      await until(() => !deleted.connected && !expired.connected, 5_000, "both sockets signed out by the sweep");
      expect(out.sort()).toEqual(["deleted", "expired"]);
      expect(kept.connected).toBe(true);

      const onD = await connect(d.url, onDs.cookie, { workspace: slug });
      sockets.push(onD);
      expect(await onD.emitWithAck("status:set", { text: "Here" })).toMatchObject({ ok: true });
      await client.session.delete({ where: { id: onDs.id } });
      expect(await onD.emitWithAck("status:set", { text: "Still here?" })).toEqual({ ok: false, error: "Unauthorized: sign in first." });
      await until(() => !onD.connected, 3_000, "the socket closed");
      expect((await client.user.findUniqueOrThrow({ where: { id: ids.Ada! } })).statusText).not.toBe("Still here?");
    } finally {
      await c.stop();
      await d.stop();
    }
  });

  it("the routes' commands: a new conversation reaches the sidebars; a removed member's pages close on every instance", async () => {
    const ada = await connect(b.url, await sessionCookie(ids.Ada!), { workspace: slug });
    const bo = await sessionCookie(ids.Bo!);
    const boOnA = await connect(a.url, bo, { workspace: slug });
    const boOnB = await connect(b.url, bo, { workspace: slug });
    sockets.push(ada, boOnA, boOnB);
    const created: string[][] = [];
    boOnB.on("conversation:created", (c) => created.push(c.others.map((u) => u.name)));
    const refreshed: string[] = [];
    ada.on("workspace:membersChanged", () => refreshed.push("Ada"));

    // As POST /conversations does, on whichever instance served it.
    const opened = await openConversation(ids.Ada!, workspaceId, [ids.Bo!]);
    a.realtime.conversationCreated(workspaceId, { id: ids.Ada!, name: "Ada" }, { ...opened, created: true });
    await until(() => created.length === 1, 3_000, "Bo's sidebar told of the conversation");
    expect(created).toEqual([["Ada"]]);

    // As DELETE /members/:id and POST /leave do.
    a.realtime.memberRemoved(workspaceId, ids.Bo!);
    await until(() => !boOnA.connected && !boOnB.connected, 3_000, "both of Bo's pages disconnected");
    await until(() => refreshed.length === 1, 3_000, "Ada's member list refreshed");
    expect(ada.connected).toBe(true);
  });

  it("caps open sockets per user on an instance, and frees the slot on disconnect", async () => {
    const cookie = await sessionCookie(ids.Ada!);
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await connect(a.url, cookie, { workspace: slug }));
    sockets.push(...open);
    expect(await attempt(a.url, { cookie, workspace: slug })).toBe("Too many open tabs or devices; close some and retry.");
    open[0]!.close();
    await until(async () => (await attempt(a.url, { cookie, workspace: slug })) === "connected", 3_000, "slot freed");
    for (const s of open) s.close();
  });

  it("throttles message sends per user across sockets", async () => {
    const { conversation } = await openConversation(ids.Ada!, workspaceId, [ids.Bo!]);
    const cookie = await sessionCookie(ids.Ada!);
    const one = await connect(a.url, cookie, { workspace: slug });
    const two = await connect(b.url, cookie, { workspace: slug });
    sockets.push(one, two);
    const acks = [];
    for (let i = 0; i < 24; i++) {
      const s = i % 2 ? two : one;
      acks.push((await s.emitWithAck("message:send", { conversationId: conversation.id, body: `m${i}` })) as { ok: boolean; error?: string });
    }
    expect(acks.filter((r) => r.ok)).toHaveLength(20);
    expect(acks.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many attempts, try again in \d+ s\.$/) });
    one.close();
    two.close();
  });
});

describe("connect throttle per client address", () => {
  let instance: Instance;
  beforeAll(async () => {
    instance = await startInstance({ throttleConnects: true });
  });
  afterAll(async () => {
    await instance?.stop();
  });

  it("refuses new connections from one address past its budget, with the wait", async () => {
    // Unauthenticated attempts count too: the throttle comes before any database work.
    const answers: string[] = [];
    for (let i = 0; i < 125; i++) answers.push(await attempt(instance.url, { workspace: "x" }));
    expect(answers.slice(0, 120).every((m) => m === "Unauthorized: sign in first.")).toBe(true);
    expect(answers.at(-1)).toMatch(/^Too many attempts, try again in \d+ s\.$/);
  });
});
