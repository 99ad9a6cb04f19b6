// Subscriptions and the lazy member list over real sockets: two instances on PostgreSQL and
// Redis, so every change crosses instances through `presence:deliver`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { collect, connect, sessionCookie, startInstance, until, type Instance, type TestSocket, tearDown } from "@/test/realtime-harness";
import { applyRangeOps, type ListWindow, type MemberCounts } from "@/shared/member-list";
import { setDb } from "../db";
import { replaceAllowlist } from "../presence/users";
import type { PrismaClient } from "@/generated/prisma/client";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;
const NAMES = ["Ann", "Ben", "Cat", "Dan", "Eve", "Fay"];

describe("subscriptions and the lazy member list (PostgreSQL + Redis, two instances)", () => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:${Date.now().toString(36)}:sub:`;
  let a: Instance;
  let b: Instance;
  let slug: string;
  let workspaceId: string;
  let outsiderId: string;
  const ids: Record<string, string> = {};
  const emails: Record<string, string> = {};
  const sockets: TestSocket[] = [];
  const open = async (instance: Instance, who: string, idle = false) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), { workspace: slug, idle });
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(NAMES, "Subscriptions");
    Object.assign(ids, team.ids);
    Object.assign(emails, team.emails);
    slug = team.slug;
    workspaceId = team.workspaceId;
    outsiderId = (await seedTeam(["Out"], "Elsewhere")).ids.Out!;
    // Six members: above this, a socket that never subscribed watches only itself.
    a = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix, watchAllUpTo: 3 });
    b = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix, watchAllUpTo: 3 });
  });

  afterAll(() => tearDown({ sockets, instances: [a, b], redisUrl: REDIS_URL, prefix, closeDb: () => postgres.close(client) }));

  it("a socket receives and syncs only the people it watches, from any instance", async () => {
    const ann = await open(b, "Ann");
    const seen = collect(ann);
    const sub = await ann.emitWithAck("presence:subscribe", { userIds: [ids.Ben!, outsiderId] });
    expect(sub.ok).toBe(true);
    // Ben (offline so far) is answered; the outsider is not a member and is left out.
    expect(sub.ok && sub.data.members.map((m) => [m.userId, m.status])).toEqual([[ids.Ben, "offline"]]);

    const ben = await open(a, "Ben");
    const cat = await open(a, "Cat");
    await until(() => seen.some((u) => u.userId === ids.Ben && u.status === "active"), 5_000, "Ben active on B");
    await ben.emitWithAck("presence:activity", { idle: true });
    await until(() => seen.some((u) => u.userId === ids.Ben && u.status === "away"), 5_000, "Ben away on B");
    await cat.emitWithAck("presence:activity", { idle: true });
    // Cat's changes went out after Ben's; give them the same time to arrive, then none may be here.
    await ben.emitWithAck("presence:activity", { idle: false });
    await until(() => seen.at(-1)?.userId === ids.Ben && seen.at(-1)?.status === "active", 5_000, "Ben active again");
    expect(new Set(seen.map((u) => u.userId))).toEqual(new Set([ids.Ann, ids.Ben]));

    const sync = await ann.emitWithAck("presence:sync", {});
    expect(sync.ok && sync.data.full).toBe(true);
    expect(sync.ok && sync.data.members.map((m) => m.userId).sort()).toEqual([ids.Ann!, ids.Ben!].sort());
    // The digest of what Ann holds agrees: nothing to send.
    const again = await ann.emitWithAck("presence:sync", { since: 0, digest: sync.ok ? sync.data.digest : "" });
    expect(again.ok && again.data.members).toEqual([]);
    // Watching Cat now: her state comes with the answer, and her changes from here on.
    const more = await ann.emitWithAck("presence:subscribe", { userIds: [ids.Ben!, ids.Cat!] });
    expect(more.ok && more.data.members.map((m) => [m.userId, m.status])).toEqual([[ids.Cat, "away"]]);
    await cat.emitWithAck("presence:activity", { idle: false });
    await until(() => seen.some((u) => u.userId === ids.Cat && u.status === "active"), 5_000, "Cat active on B");
    // A reconnect names the versions it holds: only what changed meanwhile comes back.
    const catNow = (await ann.emitWithAck("presence:sync", {}));
    const catVersion = catNow.ok ? catNow.data.members.find((m) => m.userId === ids.Cat)!.version : -1;
    const again2 = await open(a, "Ann");
    const same = await again2.emitWithAck("presence:subscribe", { userIds: [ids.Cat!], versions: [catVersion] });
    expect(same).toEqual({ ok: true, data: { members: [] } });
    const other = await open(b, "Ann");
    const older = await other.emitWithAck("presence:subscribe", { userIds: [ids.Cat!], versions: [catVersion - 1] });
    expect(older.ok && older.data.members.map((m) => m.version)).toEqual([catVersion]);
    const bad = await other.emitWithAck("presence:subscribe", { userIds: [ids.Cat!], versions: [] });
    expect(bad).toEqual({ ok: false, error: "versions: one per user id." });
    again2.close();
    other.close();
    ann.close();
    ben.close();
    cat.close();
  });

  it("a socket that never subscribed, in a workspace above the bound, watches only itself", async () => {
    const dan = await open(a, "Dan");
    const seen = collect(dan);
    const eve = await open(b, "Eve");
    await eve.emitWithAck("presence:activity", { idle: true });
    await dan.emitWithAck("presence:activity", { idle: true });
    await until(() => seen.some((u) => u.userId === ids.Dan && u.status === "away"), 5_000, "Dan sees himself");
    expect(seen.filter((u) => u.userId !== ids.Dan)).toEqual([]);
    const sync = await dan.emitWithAck("presence:sync", {});
    expect(sync.ok && sync.data.members.map((m) => m.userId)).toEqual([ids.Dan]);
    dan.close();
    eve.close();
  });

  it("refuses more than 500 watched people with a clear error", async () => {
    const fay = await open(a, "Fay");
    const res = await fay.emitWithAck("presence:subscribe", { userIds: Array.from({ length: 501 }, (_, i) => `u${i}`) });
    expect(res).toEqual({ ok: false, error: "Watch at most 500 people at once." });
    const range = await fay.emitWithAck("members:range", { start: 0, end: 201 });
    expect(range).toEqual({ ok: false, error: "Ask for at most 200 rows at once." });
    fay.close();
  });

  it("an invisible member stays offline to watchers outside their allowlist, and live to those on it", async () => {
    await replaceAllowlist(ids.Eve!, [ids.Ann!]);
    await a.realtime.presence.allowlistChanged(ids.Eve!);
    const ann = await open(a, "Ann");
    const ben = await open(b, "Ben");
    const annSeen = collect(ann);
    const benSeen = collect(ben);
    await ann.emitWithAck("presence:subscribe", { userIds: [ids.Eve!] });
    await ben.emitWithAck("presence:subscribe", { userIds: [ids.Eve!] });
    const eve = await open(a, "Eve");
    await until(() => benSeen.some((u) => u.userId === ids.Eve && u.status === "active"), 5_000, "Ben sees Eve active");
    await a.realtime.presence.setMode(ids.Eve!, "invisible");
    await until(() => benSeen.at(-1)?.userId === ids.Eve && benSeen.at(-1)?.status === "offline", 5_000, "Eve offline to Ben");
    const benCount = benSeen.length;
    await eve.emitWithAck("presence:activity", { idle: true });
    await until(() => annSeen.some((u) => u.userId === ids.Eve && u.status === "away"), 5_000, "Ann sees Eve away");
    const benSync = await ben.emitWithAck("presence:sync", {});
    expect(benSync.ok && benSync.data.members.find((m) => m.userId === ids.Eve)?.status).toBe("offline");
    expect(benSeen.slice(benCount).filter((u) => u.userId === ids.Eve)).toEqual([]);
    await a.realtime.presence.setMode(ids.Eve!, "auto");
    await until(() => benSeen.at(-1)?.userId === ids.Eve && benSeen.at(-1)?.status === "away", 5_000, "Eve back");
    eve.close();
    ann.close();
    ben.close();
  });

  it("serves the member list in order with exact counts, and keeps a subscribed range equal to it", async () => {
    const fay = await open(b, "Fay");
    // The sockets of the tests before close within their grace period.
    let page = await fay.emitWithAck("members:range", { start: 0, end: 4 });
    await until(async () => {
      page = await fay.emitWithAck("members:range", { start: 0, end: 4 });
      return page.ok && page.data.counts.online === 1;
    }, 5_000, "only Fay online");
    if (!page.ok) throw new Error(page.error);
    // Fay is the only one connected now (the others closed): active first, then the rest by name.
    expect(page.data.rows[0]!.userId).toBe(ids.Fay);
    const offline = page.data.rows.slice(1).map((r) => r.name);
    expect(offline).toEqual([...offline].sort());
    expect(page.data.counts.total).toBe(NAMES.length);
    let copy: ListWindow = { start: 0, rows: page.data.rows };
    let counts: MemberCounts = page.data.counts;
    fay.on("members:ops", ({ ops, counts: c }) => {
      copy = applyRangeOps(copy, ops);
      counts = c;
    });
    fay.on("members:counts", (c) => (counts = c));
    // Changes on the other instance move people into and out of Fay's range.
    const ben = await open(a, "Ben");
    const cat = await open(a, "Cat", true);
    await until(() => counts.online === 3, 5_000, "three online");
    await cat.emitWithAck("presence:activity", { idle: false });
    ben.close();
    // The list as it is, read by Fay's second tab (a range asked again starts a socket's ops afresh).
    const probe = await open(b, "Fay");
    await until(async () => {
      const fresh = await probe.emitWithAck("members:range", { start: 0, end: 4 });
      return fresh.ok && JSON.stringify(fresh.data.rows) === JSON.stringify(copy.rows) && counts.online === 2;
    }, 5_000, "Fay's copy equals the list");
    probe.close();
    expect(copy.rows.slice(0, 2).map((r) => r.userId).sort()).toEqual([ids.Cat!, ids.Fay!].sort());

    const found = await fay.emitWithAck("members:search", { q: "ca" });
    expect(found.ok && found.data.rows.map((r) => r.userId)).toEqual([ids.Cat]);
    const none = await fay.emitWithAck("members:search", { q: "Out" });
    expect(none.ok && none.data.rows).toEqual([]);
    // The start of an email finds its member (the name does not match it); the row carries no email.
    const byEmail = await fay.emitWithAck("members:search", { q: emails.Dan!.slice(0, 8).toUpperCase() });
    expect(byEmail.ok && byEmail.data.rows).toEqual([{ userId: ids.Dan, name: "Dan", status: "offline" }]);
    const inside = await fay.emitWithAck("members:search", { q: emails.Dan!.slice(1, 8) });
    expect(inside.ok && inside.data.rows).toEqual([]);
    cat.close();
    fay.close();
  });

  it("an insider of an invisible member sees them in place; outsiders see them offline", async () => {
    const eve = await open(a, "Eve");
    await a.realtime.presence.setMode(ids.Eve!, "invisible");
    const ann = await open(b, "Ann"); // on Eve's allowlist
    const dan = await open(b, "Dan");
    // Eve's connect and mode, and Ann's and Dan's own connects, reach instance B's list through
    // Redis, and the earlier tests' people are still leaving: read both pages at once until they
    // show the same moment. If outsiders counted Eve, or Ann did not, the counts never differ by one.
    type Page = Awaited<ReturnType<typeof ann.emitWithAck<"members:range">>>;
    let annPage: Page | undefined;
    let danPage: Page | undefined;
    await until(async () => {
      [annPage, danPage] = await Promise.all([
        ann.emitWithAck("members:range", { start: 0, end: 6 }),
        dan.emitWithAck("members:range", { start: 0, end: 6 }),
      ]);
      return (
        annPage.ok &&
        danPage.ok &&
        annPage.data.rows.find((r) => r.userId === ids.Eve)?.status === "active" &&
        annPage.data.counts.online === danPage.data.counts.online + 1
      );
    }, 5_000, "Ann sees Eve active and counts her; Dan does not");
    if (!annPage?.ok || !danPage?.ok) throw new Error("range refused");
    expect(danPage.data.rows.find((r) => r.userId === ids.Eve)?.status).toBe("offline");
    await a.realtime.presence.setMode(ids.Eve!, "auto");
    eve.close();
    ann.close();
    dan.close();
    void workspaceId;
  });
});
