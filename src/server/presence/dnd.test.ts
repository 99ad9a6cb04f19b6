// Timed and scheduled do-not-disturb across two instances over the real Redis and PostgreSQL:
// the previous mode comes back by itself when the (injected) clock reaches the end, exactly once
// though both instances sweep, and also when the instance that set the timer is gone.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import type { PresenceMode, VisiblePresence } from "@/shared/presence";
import { databases, seedTeam } from "@/test/databases";
import { clearRedisPrefix, collect, connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import { startTcpProxy } from "@/test/tcp-proxy";
import { setDb } from "../db";
import { replaceAllowlist } from "./users";
import { createAdapter } from "../db-adapter";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("timed do-not-disturb (two instances, real Redis + PostgreSQL)", () => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:dnd:${Date.now().toString(36)}:`;
  let one: Instance;
  let two: Instance;
  const sockets: TestSocket[] = [];
  let ids: Record<string, string>;
  let slug: string;
  /** The sweeps' clock, shared by both instances and moved by hand. */
  let clock = Date.now();
  let oneStopped = false;

  const open = async (instance: Instance, who: string) => {
    const s = await connect(instance.url, await sessionCookie(ids[who]!), { workspace: slug, idle: false });
    sockets.push(s);
    return s;
  };
  const statusOf = (seen: VisiblePresence[], userId: string) => seen.filter((u) => u.userId === userId).at(-1)?.status;
  const row = (id: string) => client.user.findUniqueOrThrow({ where: { id }, select: { presenceMode: true, dndUntil: true, dndRestoreMode: true, dndNextStart: true } });
  const mine = (s: TestSocket) => {
    const got: { mode: PresenceMode; dndUntil: string | null }[] = [];
    s.on("presence:me", (me) => got.push(me));
    return got;
  };
  /** Both instances sweep at once as well as on their own timers (every 30 ms). */
  const sweepBoth = async (instances: Instance[]) => {
    for (let i = 0; i < 5; i++) await Promise.all(instances.map((x) => x.realtime.dnd.sweep()));
  };

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Dee", "Eve", "Fay", "Wat", "Ivy", "Pal"], "Quiet hours");
    ids = team.ids;
    slug = team.slug;
    const opts = { redisUrl: REDIS_URL, redisPrefix: prefix, graceMs: 300, livenessMs: 1_500, tickMs: 20, dndSweepMs: 30, dndClock: () => clock };
    one = await startInstance(opts);
    two = await startInstance(opts);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    if (!oneStopped) await one.stop();
    await two.stop();
    await clearRedisPrefix(REDIS_URL, prefix);
    await postgres.close(client);
    setDb(undefined);
  });

  it("refuses an end in the past, beyond 7 days, or on another mode", async () => {
    const s = await open(one, "Fay");
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    expect(await s.emitWithAck("presence:setMode", { mode: "dnd", until: at(-1_000) })).toMatchObject({ ok: false, error: expect.stringContaining("future") });
    expect(await s.emitWithAck("presence:setMode", { mode: "dnd", until: at(8 * 86_400_000) })).toMatchObject({ ok: false, error: expect.stringContaining("7 days") });
    expect(await s.emitWithAck("presence:setMode", { mode: "away", until: at(60_000) })).toMatchObject({ ok: false });
    expect(await s.emitWithAck("presence:setMode", { mode: "dnd", until: "tomorrow" })).toMatchObject({ ok: false });
    expect((await row(ids.Fay!)).dndUntil).toBeNull();
  });

  it("ends at the right moment and restores away exactly once, though both instances sweep", async () => {
    const watcher = await open(two, "Wat");
    const seen = collect(watcher);
    const dee = await open(one, "Dee");
    const deeMe = mine(dee);
    await dee.emitWithAck("presence:setMode", { mode: "away" });
    await until(() => statusOf(seen, ids.Dee!) === "away", 5_000, "Dee away");

    clock = Date.now();
    const end = new Date(clock + 60_000);
    const ack = await dee.emitWithAck("presence:setMode", { mode: "dnd", until: end.toISOString() });
    expect(ack).toEqual({ ok: true, data: { mode: "dnd", dndUntil: end.toISOString() } });
    await until(() => statusOf(seen, ids.Dee!) === "dnd", 5_000, "Dee dnd");
    expect(await row(ids.Dee!)).toMatchObject({ dndRestoreMode: "away", dndUntil: end });

    // One millisecond before the end, nothing happens on either instance.
    clock = end.getTime() - 1;
    await sweepBoth([one, two]);
    await sleep(150);
    expect(statusOf(seen, ids.Dee!)).toBe("dnd");
    const before = seen.length;
    const meBefore = deeMe.length;

    clock = end.getTime();
    await sweepBoth([one, two]);
    await until(() => statusOf(seen, ids.Dee!) === "away", 5_000, "Dee back to away");
    await sleep(300);
    const after = seen.slice(before).filter((u) => u.userId === ids.Dee);
    expect(after.map((u) => u.status)).toEqual(["away"]);
    expect(deeMe.slice(meBefore)).toEqual([{ mode: "away", dndUntil: null }]);
    expect(await row(ids.Dee!)).toMatchObject({ presenceMode: "away", dndUntil: null, dndRestoreMode: null });
  });

  it("a manual change clears the timer; a second timer keeps the mode from before the first", async () => {
    const watcher = await open(two, "Wat");
    const seen = collect(watcher);
    const eve = await open(one, "Eve");
    await eve.emitWithAck("presence:setMode", { mode: "dnd", until: new Date(Date.now() + 60_000).toISOString() });
    await eve.emitWithAck("presence:setMode", { mode: "auto" });
    expect(await row(ids.Eve!)).toMatchObject({ dndUntil: null, dndRestoreMode: null });
    // The mode itself is written behind the presence store (the write queue).
    await until(async () => (await row(ids.Eve!)).presenceMode === "auto", 5_000, "auto written");

    await eve.emitWithAck("presence:setMode", { mode: "invisible" });
    await until(async () => (await row(ids.Eve!)).presenceMode === "invisible", 5_000, "invisible written");
    clock = Date.now();
    await eve.emitWithAck("presence:setMode", { mode: "dnd", until: new Date(clock + 60_000).toISOString() });
    const end = new Date(clock + 120_000);
    await eve.emitWithAck("presence:setMode", { mode: "dnd", until: end.toISOString() });
    expect(await row(ids.Eve!)).toMatchObject({ dndRestoreMode: "invisible", dndUntil: end });
    await until(() => statusOf(seen, ids.Eve!) === "dnd", 5_000, "Eve dnd");

    clock = clock + 60_000;
    await sweepBoth([one, two]);
    expect(statusOf(seen, ids.Eve!)).toBe("dnd");
    clock = end.getTime();
    await until(() => statusOf(seen, ids.Eve!) === "offline", 5_000, "Eve invisible again");
    expect((await row(ids.Eve!)).presenceMode).toBe("invisible");
  });

  it("the mode to restore is the one just before, even when the database copy lags (many trials)", async () => {
    // The instances reach PostgreSQL through a proxy that holds each statement 0-20 ms, so the
    // write queue's copy of a mode can land after a newer one written on another connection.
    const proxy = await startTcpProxy("127.0.0.1", 5432);
    const schema = new URL(inject("pgUrl")).searchParams.get("schema")!;
    const slow = new PrismaClient({ adapter: createAdapter(`postgresql://postgres@127.0.0.1:${proxy.port}/test?schema=${schema}`) });
    proxy.delay(() => Math.random() * 20);
    setDb(slow);
    try {
      clock = Date.now(); // no timer of this test falls due
      const eve = await open(one, "Eve");
      const modes: PresenceMode[] = ["away", "invisible", "auto", "invisible", "away", "auto"];
      for (let trial = 0; trial < 16; trial++) { // 32 events: within one socket's burst of 40
        const mode = modes[trial % modes.length]!;
        await eve.emitWithAck("presence:setMode", { mode });
        const ack = await eve.emitWithAck("presence:setMode", { mode: "dnd", until: new Date(Date.now() + 60_000).toISOString() });
        expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
        expect((await row(ids.Eve!)).dndRestoreMode, `trial ${trial}`).toBe(mode);
      }
      await eve.emitWithAck("presence:setMode", { mode: "auto" });
    } finally {
      setDb(client);
      await sweepBoth([one, two]); // a sweep begun on the slow client ends before it closes
      await slow.$disconnect();
      await proxy.close();
    }
  });

  it("a weekly window starts and ends by itself (a timed do-not-disturb until its end)", async () => {
    const watcher = await open(two, "Wat");
    const seen = collect(watcher);
    await open(two, "Fay");
    // Dates far ahead of the real clock: other test files' instances share this database and
    // sweep with the real clock, so a window start already due in real time could be claimed
    // (and skipped) by one of them.
    clock = Date.parse("2036-12-01T08:59:59.000Z");
    await one.realtime.dnd.saveSchedule(ids.Fay!, { enabled: true, days: [0, 1, 2, 3, 4, 5, 6], start: "09:00", end: "09:30", timeZone: "UTC" });
    expect((await row(ids.Fay!)).dndNextStart?.toISOString()).toBe("2036-12-01T09:00:00.000Z");
    await sweepBoth([one, two]);
    await sleep(100);
    expect(statusOf(seen, ids.Fay!) ?? "active").toBe("active");

    clock = Date.parse("2036-12-01T09:00:00.000Z");
    // Generous bounds: one sweep of either instance each, under a loaded CI.
    await until(() => statusOf(seen, ids.Fay!) === "dnd", 15_000, "Fay in her window");
    // The store takes the mode first; the row follows.
    await until(async () => (await row(ids.Fay!)).dndUntil?.toISOString() === "2036-12-01T09:30:00.000Z", 5_000, "the timer on the row");
    const r = await row(ids.Fay!);
    expect(r.dndNextStart?.toISOString()).toBe("2036-12-02T09:00:00.000Z");
    expect(r.dndRestoreMode).toBe("auto");

    clock = Date.parse("2036-12-01T09:30:00.000Z");
    await until(() => statusOf(seen, ids.Fay!) === "active", 15_000, "Fay back after her window");

    // The next day's window: turning the schedule off ends it at once.
    clock = Date.parse("2036-12-02T09:10:00.000Z");
    await until(() => statusOf(seen, ids.Fay!) === "dnd", 15_000, "Fay in her next window");
    await one.realtime.dnd.saveSchedule(ids.Fay!, { enabled: false, days: [], start: "09:00", end: "09:30", timeZone: "UTC" });
    await until(() => statusOf(seen, ids.Fay!) === "active", 5_000, "Fay back when the schedule is off");
    expect(await row(ids.Fay!)).toMatchObject({ presenceMode: "auto", dndUntil: null, dndNextStart: null });

    // A do-not-disturb timer set by hand inside a window outlives turning the schedule off.
    await one.realtime.dnd.saveSchedule(ids.Fay!, { enabled: true, days: [0, 1, 2, 3, 4, 5, 6], start: "10:00", end: "11:00", timeZone: "UTC" });
    clock = Date.parse("2036-12-02T10:05:00.000Z");
    await until(async () => (await row(ids.Fay!)).dndUntil?.toISOString() === "2036-12-02T11:00:00.000Z", 5_000, "Fay in the 10:00 window");
    const end = new Date("2036-12-02T10:45:00.000Z");
    await one.realtime.dnd.setMode(ids.Fay!, "dnd", end);
    await one.realtime.dnd.saveSchedule(ids.Fay!, { enabled: false, days: [], start: "10:00", end: "11:00", timeZone: "UTC" });
    await sweepBoth([one, two]);
    await sleep(150);
    expect(statusOf(seen, ids.Fay!)).toBe("dnd");
    expect((await row(ids.Fay!)).dndUntil).toEqual(end);
  });

  it("a scheduled window never unmasks an invisible user: outsiders receive nothing, the allowlist sees do not disturb", async () => {
    const outsider = collect(await open(two, "Wat"));
    const insider = collect(await open(two, "Pal"));
    const ivy = await open(one, "Ivy");
    const ivyMe = mine(ivy);
    await replaceAllowlist(ids.Ivy!, [ids.Pal!]);
    await one.realtime.presence.allowlistChanged(ids.Ivy!);
    expect(await ivy.emitWithAck("presence:setMode", { mode: "invisible" })).toMatchObject({ ok: true });
    await until(() => statusOf(outsider, ids.Ivy!) === "offline", 5_000, "Ivy offline to Wat");
    const hidden = outsider.filter((u) => u.userId === ids.Ivy).at(-1)!;
    const heard = outsider.length;

    clock = Date.parse("2036-12-03T13:59:59.000Z");
    await one.realtime.dnd.saveSchedule(ids.Ivy!, { enabled: true, days: [0, 1, 2, 3, 4, 5, 6], start: "14:00", end: "15:00", timeZone: "UTC" });
    clock = Date.parse("2036-12-03T14:00:00.000Z");
    await until(() => statusOf(insider, ids.Ivy!) === "dnd", 5_000, "Pal sees Ivy's do not disturb");
    expect(insider.filter((u) => u.userId === ids.Ivy).at(-1)).toMatchObject({ status: "dnd", dndUntil: "2036-12-03T15:00:00.000Z" });
    await until(() => ivyMe.at(-1)?.dndUntil === "2036-12-03T15:00:00.000Z", 5_000, "Ivy's tabs know their timer");
    expect(ivyMe.at(-1)).toEqual({ mode: "invisible", dndUntil: "2036-12-03T15:00:00.000Z" });
    // The row follows the store (the tabs hear first; the database write comes after).
    await expect.poll(() => row(ids.Ivy!), { timeout: 5_000 }).toMatchObject({ presenceMode: "invisible", dndRestoreMode: "invisible" });

    // She closes her tab during the window, and the window ends: Wat still hears nothing.
    ivy.close();
    await until(() => statusOf(insider, ids.Ivy!) === "offline", 5_000, "Pal sees Ivy leave");
    clock = Date.parse("2036-12-03T15:00:00.000Z");
    await until(async () => (await row(ids.Ivy!)).dndUntil === null, 5_000, "the window ends");
    await sweepBoth([one, two]);
    await sleep(200);
    expect(outsider.slice(heard).filter((u) => u.userId === ids.Ivy)).toEqual([]);
    // Wat's snapshot: the same frozen view as when she went invisible.
    const res = await (await open(one, "Wat")).emitWithAck("presence:sync", {});
    expect(res.ok && res.data.members.find((m) => m.userId === ids.Ivy)).toEqual(hidden);
    expect(await row(ids.Ivy!)).toMatchObject({ presenceMode: "invisible", dndUntil: null });
  });

  it("still ends when the instance that set it is gone", async () => {
    const watcher = await open(two, "Wat");
    const seen = collect(watcher);
    const deeOne = await open(one, "Dee");
    const deeTwo = await open(two, "Dee");
    const deeMe = mine(deeTwo);
    await deeOne.emitWithAck("presence:setMode", { mode: "away" });
    clock = Date.now();
    const end = new Date(clock + 60_000);
    await deeOne.emitWithAck("presence:setMode", { mode: "dnd", until: end.toISOString() });
    await until(() => statusOf(seen, ids.Dee!) === "dnd", 5_000, "Dee dnd");
    await one.stop();
    oneStopped = true;

    clock = end.getTime() + 500;
    await until(() => statusOf(seen, ids.Dee!) === "away", 15_000, "Dee back to away without instance one"); // one sweep of instance two; generous under a loaded CI
    expect(deeMe.at(-1)).toEqual({ mode: "away", dndUntil: null });
    expect((await row(ids.Dee!)).dndUntil).toBeNull();
  });
});
