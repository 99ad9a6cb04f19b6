// Custom statuses on real PostgreSQL and Redis, two instances: live delivery, snapshots,
// invisibility (an outsider never gets the status of an invisible user; the allowlist does),
// and expiry (an expired status is never served, and is cleared in the database).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import type { StatusUpdate, UserStatus } from "@/shared/custom-status";
import { databases, seedTeam } from "@/test/databases";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket, tearDown } from "@/test/realtime-harness";
import { setDb } from "../db";
import { replaceAllowlist } from "./users";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;

describe("custom status (PostgreSQL + Redis, two instances)", () => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:${Date.now().toString(36)}:status:`;
  let a: Instance;
  let b: Instance;
  let slug: string;
  let workspaceId: string;
  const ids: Record<string, string> = {};
  const sockets: TestSocket[] = [];
  const events: Record<string, StatusUpdate[]> = {};
  const open = async (instance: Instance, who: string, ws = slug) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), { workspace: ws });
    sockets.push(s);
    events[who] ??= [];
    s.on("status:updated", (u) => events[who]!.push(u));
    return s;
  };
  /** The statuses in a full sync answer, as the socket's user gets it. */
  const snapshot = async (s: TestSocket): Promise<UserStatus[]> => {
    const res = await s.emitWithAck("presence:sync", {});
    if (!res.ok) throw new Error(res.error);
    expect(res.data.statuses).toBeDefined();
    expect(res.data.statusesAt).toBeTypeOf("number");
    return res.data.statuses!;
  };
  const annIn = (list: UserStatus[]) => list.find((x) => x.userId === ids.Ann);
  const lastFor = (who: string, userId: string) => events[who]!.filter((u) => u.userId === userId).at(-1);

  let ann: TestSocket;
  let ben: TestSocket;
  let cat: TestSocket;

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Ann", "Ben", "Cat"], "Statuses");
    Object.assign(ids, team.ids);
    slug = team.slug;
    workspaceId = team.workspaceId;
    const other = await seedTeam(["Out"], "Elsewhere");
    ids.Out = other.ids.Out!;
    a = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
    b = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix });
    ann = await open(a, "Ann");
    ben = await open(b, "Ben");
    cat = await open(b, "Cat");
    await open(a, "Out", other.slug);
  });

  afterAll(() => tearDown({ sockets, instances: [a, b], redisUrl: REDIS_URL, prefix, closeDb: () => postgres.close(client) }));

  it("validates input and answers errors through the ack", async () => {
    expect(await ann.emitWithAck("status:set", { text: "x".repeat(101) })).toEqual({ ok: false, error: "A status is at most 100 characters." });
    expect(await ann.emitWithAck("status:set", { text: "a\u0007b" })).toEqual({ ok: false, error: "The status cannot contain control characters." });
    expect(await ann.emitWithAck("status:set", { emoji: "abc", text: "x" })).toEqual({ ok: false, error: "Pick one emoji." });
    expect(await ann.emitWithAck("status:set", {})).toEqual({ ok: false, error: "Type a status or pick an emoji." });
    expect(await ann.emitWithAck("status:set", { text: "x", expiresAt: new Date(Date.now() - 1000).toISOString() })).toEqual({
      ok: false,
      error: "That time has already passed.",
    });
    expect(await ann.emitWithAck("status:set", null as never)).toMatchObject({ ok: false });
    expect(await ann.emitWithAck("status:clear", { extra: 1 } as never)).toMatchObject({ ok: false });
    const row = await client.user.findUniqueOrThrow({ where: { id: ids.Ann! } });
    expect([row.statusEmoji, row.statusText, row.statusExpiresAt]).toEqual([null, null, null]);
  });

  it("a status set on instance A reaches every member on instance B live, and no one elsewhere", async () => {
    const res = await ann.emitWithAck("status:set", { emoji: "📅", text: "  In a meeting " });
    expect(res).toMatchObject({ ok: true, data: { userId: ids.Ann, status: { emoji: "📅", text: "In a meeting", expiresAt: null } } });
    await until(() => lastFor("Ben", ids.Ann!)?.status?.text === "In a meeting", 5_000, "Ben gets the status");
    await until(() => lastFor("Cat", ids.Ann!)?.status?.text === "In a meeting", 5_000, "Cat gets the status");
    expect(events.Out!.filter((u) => u.userId === ids.Ann)).toEqual([]);
    expect(annIn(await snapshot(cat))).toEqual({ userId: ids.Ann, emoji: "📅", text: "In a meeting", expiresAt: null });
  });

  it("while Ann is invisible, outsider Cat gets no status live or in snapshots; allowlisted Ben does", async () => {
    await replaceAllowlist(ids.Ann!, [ids.Ben!]);
    await a.realtime.presence.allowlistChanged(ids.Ann!);
    const catBefore = events.Cat!.length;
    expect(await ann.emitWithAck("presence:setMode", { mode: "invisible" })).toMatchObject({ ok: true });
    // Cat is told to drop it; Ben keeps it.
    await until(() => lastFor("Cat", ids.Ann!)?.status === null, 5_000, "Cat's copy cleared");
    expect(lastFor("Ben", ids.Ann!)?.status?.text).toBe("In a meeting");
    await until(async () => annIn(await snapshot(cat)) === undefined, 5_000, "Cat's snapshot without Ann's status", 250);
    expect(annIn(await snapshot(ben))?.text).toBe("In a meeting");
    // Snapshots can lag the live events by at most one view build (1 s); a stale one is older
    // (by version) than the live clear, and never holds anything set while invisible.

    // A new status while invisible: only insiders ever see its text.
    expect(await ann.emitWithAck("status:set", { emoji: "🌴", text: "Secret trip" })).toMatchObject({ ok: true });
    await until(() => lastFor("Ben", ids.Ann!)?.status?.text === "Secret trip", 5_000, "Ben gets the new status");
    // A snapshot may come from a view built up to 1 s earlier (versions order it on the client).
    await until(async () => annIn(await snapshot(ben))?.text === "Secret trip", 5_000, "Ben's snapshot has the new status", 250);
    expect(annIn(await snapshot(cat))).toBeUndefined();
    // Through the other instance too (the GET route answers from the same sync).
    expect((await b.realtime.presence.sync(workspaceId, ids.Cat!, {}, 0)).statuses?.find((s) => s.userId === ids.Ann)).toBeUndefined();
    expect((await a.realtime.presence.sync(workspaceId, ids.Ben!, {}, 0)).statuses?.find((s) => s.userId === ids.Ann)?.text).toBe("Secret trip");
    // Every event Cat got since the clear was a clear; the status set while invisible never came.
    const fromAnn = events.Cat!.slice(catBefore).filter((u) => u.userId === ids.Ann);
    const cleared = fromAnn.findIndex((u) => u.status === null);
    expect(cleared).toBeGreaterThanOrEqual(0);
    expect(fromAnn.slice(cleared).every((u) => u.status === null)).toBe(true);
    expect(events.Cat!.some((u) => u.status?.text === "Secret trip")).toBe(false);

    // Ben taken off the list: from then on he is an outsider too.
    await replaceAllowlist(ids.Ann!, []);
    await a.realtime.presence.allowlistChanged(ids.Ann!);
    await until(() => lastFor("Ben", ids.Ann!)?.status === null, 5_000, "Ben's copy cleared");
    await until(async () => annIn(await snapshot(ben)) === undefined, 5_000, "Ben's snapshot without the status", 250);
  });

  it("back to visible: everyone gets the status again", async () => {
    expect(await ann.emitWithAck("presence:setMode", { mode: "auto" })).toMatchObject({ ok: true });
    await until(() => lastFor("Cat", ids.Ann!)?.status?.text === "Secret trip", 5_000, "Cat gets it back");
    await until(() => lastFor("Ben", ids.Ann!)?.status?.text === "Secret trip", 5_000, "Ben gets it back");
    await until(async () => annIn(await snapshot(cat))?.text === "Secret trip", 5_000, "Cat's snapshot has it", 250);
  });

  it("clearing reaches everyone", async () => {
    expect(await ann.emitWithAck("status:clear", {})).toMatchObject({ ok: true, data: { userId: ids.Ann, status: null } });
    await until(() => lastFor("Cat", ids.Ann!)?.status === null && lastFor("Ben", ids.Ann!)?.status === null, 5_000, "cleared everywhere");
    await until(async () => annIn(await snapshot(cat)) === undefined, 5_000, "snapshot without it", 250);
  });

  it("an expired status is never served, and is cleared in the database", async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    expect(await ann.emitWithAck("status:set", { text: "Back soon", expiresAt })).toMatchObject({ ok: true });
    await until(async () => annIn(await snapshot(ben))?.text === "Back soon", 5_000, "served before expiry", 250);
    await until(() => Date.now() > Date.parse(expiresAt), 5_000, "expiry");
    expect(annIn(await snapshot(ben))).toBeUndefined();
    expect(annIn(await snapshot(cat))).toBeUndefined();
    await until(async () => (await snapshot(ben), (await client.user.findUniqueOrThrow({ where: { id: ids.Ann! } })).statusText === null), 5_000, "cleared in the database", 250);

    // One written straight into the database, already expired: not served either.
    await client.user.update({ where: { id: ids.Cat! }, data: { statusText: "Old", statusExpiresAt: new Date(Date.now() - 60_000) } });
    const list = await snapshot(ben);
    expect(list.find((s) => s.userId === ids.Cat)).toBeUndefined();
    await until(async () => (await snapshot(ben), (await client.user.findUniqueOrThrow({ where: { id: ids.Cat! } })).statusText === null), 5_000, "old one cleared", 250);
  });
});
