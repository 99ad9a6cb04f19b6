// Custom statuses on real PostgreSQL and Redis, two instances. The status is part of the presence
// record: it arrives in `presence:updated` and in sync answers, with the record's version, and
// follows its audience rule (an outsider never gets anything of an invisible user, not even a
// signal that something changed; the allowlist does). Expired statuses are never served.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import type { VisiblePresence } from "@/shared/presence";
import { databases, seedTeam } from "@/test/databases";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket, tearDown } from "@/test/realtime-harness";
import { setDb } from "../db";
import { allowlistOf, replaceAllowlist } from "./users";

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
  const events: Record<string, VisiblePresence[]> = {};
  const open = async (instance: Instance, who: string, ws = slug) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), { workspace: ws });
    sockets.push(s);
    events[who] ??= [];
    s.on("presence:updated", ({ updates }) => events[who]!.push(...updates));
    return s;
  };
  /** Ann's record in a full sync answer, as the socket's user gets it. */
  const annFor = async (s: TestSocket): Promise<VisiblePresence | undefined> => {
    const res = await s.emitWithAck("presence:sync", {});
    if (!res.ok) throw new Error(res.error);
    return res.data.members.find((m) => m.userId === ids.Ann);
  };
  const lastFor = (who: string, userId: string) => events[who]!.filter((u) => u.userId === userId).at(-1);
  const setAllowlist = async (userId: string, viewers: string[]) => {
    const before = await allowlistOf(userId);
    const next = await replaceAllowlist(userId, viewers);
    await a.realtime.presence.allowlistChanged(userId, before.filter((id) => !next.includes(id)));
  };

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

  it("a status set on instance A reaches every member on instance B live, with the record, and no one elsewhere", async () => {
    const res = await ann.emitWithAck("status:set", { emoji: "📅", text: "  In a meeting " });
    expect(res).toEqual({ ok: true, data: { custom: { emoji: "📅", text: "In a meeting", expiresAt: null } } });
    await until(() => lastFor("Ben", ids.Ann!)?.custom?.text === "In a meeting", 5_000, "Ben gets the status");
    await until(() => lastFor("Cat", ids.Ann!)?.custom?.text === "In a meeting", 5_000, "Cat gets the status");
    // The whole record rides along: Ann is still active.
    expect(lastFor("Cat", ids.Ann!)?.status).toBe("active");
    expect(events.Out!.filter((u) => u.userId === ids.Ann)).toEqual([]);
    await until(async () => (await client.user.findUniqueOrThrow({ where: { id: ids.Ann! } })).statusText === "In a meeting", 5_000, "the database copy");
    await until(async () => (await annFor(cat))?.custom?.text === "In a meeting", 5_000, "in Cat's snapshot", 250);
    expect((await annFor(cat))?.custom).toEqual({ emoji: "📅", text: "In a meeting", expiresAt: null });
  });

  it("while Ann is invisible, outsider Cat receives nothing at all, live or in snapshots; allowlisted Ben gets everything", async () => {
    await setAllowlist(ids.Ann!, [ids.Ben!]);
    expect(await ann.emitWithAck("presence:setMode", { mode: "invisible" })).toMatchObject({ ok: true });
    // Cat sees Ann go offline, without the status; Ben keeps it.
    await until(() => lastFor("Cat", ids.Ann!)?.status === "offline", 5_000, "Cat sees Ann offline");
    const hidden = lastFor("Cat", ids.Ann!)!;
    expect(hidden.custom).toBeUndefined();
    await until(async () => (await annFor(cat))?.version === hidden.version, 5_000, "Cat's snapshot at the hidden version", 250);
    expect(await annFor(cat)).toEqual(hidden);
    const catBefore = events.Cat!.length;
    const benBefore = events.Ben!.length;

    // Edits while invisible: a new status, a clear, another status, allowlist edits. Ben hears each.
    expect(await ann.emitWithAck("status:set", { emoji: "🌴", text: "Secret trip" })).toMatchObject({ ok: true });
    await until(() => lastFor("Ben", ids.Ann!)?.custom?.text === "Secret trip", 5_000, "Ben gets the new status");
    expect(await ann.emitWithAck("status:clear", {})).toMatchObject({ ok: true });
    await until(() => lastFor("Ben", ids.Ann!)?.custom === undefined, 5_000, "Ben sees it cleared");
    expect(await ann.emitWithAck("status:set", { emoji: "🌴", text: "Secret trip" })).toMatchObject({ ok: true });
    await until(() => lastFor("Ben", ids.Ann!)?.custom?.text === "Secret trip", 5_000, "Ben gets it again");
    await setAllowlist(ids.Ann!, [ids.Ben!]); // the same list again
    await until(async () => (await annFor(ben))?.custom?.text === "Secret trip", 5_000, "Ben's snapshot has the status", 250);
    expect(events.Ben!.length).toBeGreaterThan(benBefore);

    // Cat got nothing, and her snapshots (on both instances) are exactly what she had.
    await new Promise((r) => setTimeout(r, 300));
    expect(events.Cat!.slice(catBefore).filter((u) => u.userId === ids.Ann)).toEqual([]);
    expect(await annFor(cat)).toEqual(hidden);
    const viaB = (await b.realtime.presence.sync(workspaceId, ids.Cat!, {}, 0)).members.find((m) => m.userId === ids.Ann);
    expect(viaB).toEqual(hidden);

    // Ben taken off the list: his copy is replaced by the outsiders' view; Cat still hears nothing.
    await setAllowlist(ids.Ann!, []);
    await until(() => lastFor("Ben", ids.Ann!)?.status === "offline", 5_000, "Ben sees Ann offline");
    expect(lastFor("Ben", ids.Ann!)).toEqual({ ...hidden, replace: true });
    await until(async () => JSON.stringify(await annFor(ben)) === JSON.stringify(hidden), 5_000, "Ben's snapshot is the outsiders' view", 250);
    expect(events.Cat!.slice(catBefore).filter((u) => u.userId === ids.Ann)).toEqual([]);
  });

  it("back to visible: everyone gets the status again, at a version above everything they held", async () => {
    const held = lastFor("Cat", ids.Ann!)!.version;
    expect(await ann.emitWithAck("presence:setMode", { mode: "auto" })).toMatchObject({ ok: true });
    await until(() => lastFor("Cat", ids.Ann!)?.custom?.text === "Secret trip", 5_000, "Cat gets it back");
    await until(() => lastFor("Ben", ids.Ann!)?.custom?.text === "Secret trip", 5_000, "Ben gets it back");
    const back = lastFor("Cat", ids.Ann!)!;
    expect(back.version).toBeGreaterThan(held);
    // The jump is to the next block of 65,536: it does not count the changes Cat did not see.
    expect(back.version % 65_536).toBe(0);
    await until(async () => (await annFor(cat))?.custom?.text === "Secret trip", 5_000, "Cat's snapshot has it", 250);
  });

  it("clearing reaches everyone", async () => {
    expect(await ann.emitWithAck("status:clear", {})).toEqual({ ok: true, data: { custom: null } });
    await until(() => lastFor("Cat", ids.Ann!)?.custom === undefined && lastFor("Ben", ids.Ann!)?.custom === undefined, 5_000, "cleared everywhere");
    await until(async () => (await annFor(cat))?.custom === undefined, 5_000, "snapshot without it", 250);
  });

  it("an expired status is never served", async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    expect(await ann.emitWithAck("status:set", { text: "Back soon", expiresAt })).toMatchObject({ ok: true });
    await until(async () => (await annFor(ben))?.custom?.text === "Back soon", 5_000, "served before expiry", 250);
    expect(lastFor("Ben", ids.Ann!)?.custom).toEqual({ emoji: null, text: "Back soon", expiresAt });
    await until(() => Date.now() > Date.parse(expiresAt), 5_000, "expiry");
    await until(async () => (await annFor(ben))?.custom === undefined, 5_000, "not served after expiry", 250);
    expect((await annFor(cat))?.custom).toBeUndefined();
  });
});
