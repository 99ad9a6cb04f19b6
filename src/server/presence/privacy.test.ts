// Private last seen and per-device presence, end to end through real instances: what a viewer's
// socket receives, live and in snapshots. Two instances on the real Redis and PostgreSQL, and
// one on the embedded defaults (PGlite, in-process store).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VisiblePresence } from "@/shared/presence";
import { databases, seedTeam } from "@/test/databases";
import { clearRedisPrefix, collect, connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import { getDb, setDb } from "../db";
import type { PrismaClient } from "@/generated/prisma/client";

const REDIS_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
const PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
const setups = [
  { name: "postgres + redis, two instances", database: "postgres", redis: true },
  { name: "embedded defaults", database: "pglite", redis: false },
] as const;

describe.each(setups)("private last seen and devices: $name", (setup) => {
  const database = databases.find((d) => d.name === setup.database)!;
  const prefix = `roster-privacy-${randomBytes(3).toString("hex")}:`;
  let client: PrismaClient;
  let a: Instance;
  let b: Instance;
  const sockets: TestSocket[] = [];
  let team: Awaited<ReturnType<typeof seedTeam>>;

  const open = async (inst: Instance, who: string, extra: Record<string, unknown> = {}) => {
    const s = await connect(inst.url, await sessionCookie(team.ids[who]!), { workspace: team.slug, idle: false, ...extra });
    sockets.push(s);
    return s;
  };
  const sync = async (s: TestSocket) => {
    const res = await s.emitWithAck("presence:sync", {});
    if (!res.ok) throw new Error(res.error);
    return res.data.members;
  };
  const of = (list: VisiblePresence[], who: string) => list.filter((p) => p.userId === team.ids[who]).at(-1);

  beforeAll(async () => {
    client = database.connect();
    setDb(client);
    team = await seedTeam(["Pia", "Vic", "Ola"], "Privacy");
    await getDb().user.update({ where: { id: team.ids.Pia! }, data: { coarseLastSeen: true } });
    const redis = setup.redis ? { redisUrl: REDIS_URL, redisPrefix: prefix } : {};
    a = await startInstance(redis);
    b = setup.redis ? await startInstance(redis) : a;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.stop();
    if (b !== a) await b?.stop();
    if (setup.redis) await clearRedisPrefix(REDIS_URL, prefix);
    await database.close(client);
    setDb(undefined);
  });

  it("a private user's exact last seen never reaches a viewer, live or in a snapshot; an exact one does", async () => {
    const vic = await open(b, "Vic");
    const live = collect(vic);
    const pia = await open(a, "Pia");
    const ola = await open(a, "Ola");
    await until(() => of(live, "Pia")?.status === "active" && of(live, "Ola")?.status === "active", 5_000, "both active");
    pia.close();
    ola.close();
    await until(() => of(live, "Pia")?.status === "offline" && of(live, "Ola")?.status === "offline", 5_000, "both offline");
    expect(of(live, "Pia")).toMatchObject({ status: "offline", lastSeenAt: null, lastSeen: "recently" });
    expect(of(live, "Ola")!.lastSeenAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(of(live, "Ola")).not.toHaveProperty("lastSeen");

    const snap = await sync(vic);
    expect(of(snap, "Pia")).toMatchObject({ status: "offline", lastSeenAt: null, lastSeen: "recently" });
    expect(of(snap, "Ola")!.lastSeenAt).toBe(of(live, "Ola")!.lastSeenAt);
    // Nothing Vic received anywhere holds Pia's time.
    expect(live.filter((p) => p.userId === team.ids.Pia).every((p) => p.lastSeenAt === null)).toBe(true);
  });

  it("turning it off or on reaches viewers at once", async () => {
    const vic = await open(b, "Vic");
    const live = collect(vic);
    await getDb().user.update({ where: { id: team.ids.Pia! }, data: { coarseLastSeen: false } });
    a.realtime.membersChanged(team.workspaceId);
    await a.realtime.presence.privacyChanged(team.ids.Pia!);
    await until(() => of(live, "Pia")?.lastSeenAt != null, 5_000, "Pia's exact last seen");
    expect(of(live, "Pia")).not.toHaveProperty("lastSeen");
    expect(of(await sync(vic), "Pia")!.lastSeenAt).toBe(of(live, "Pia")!.lastSeenAt);

    await getDb().user.update({ where: { id: team.ids.Pia! }, data: { coarseLastSeen: true } });
    a.realtime.membersChanged(team.workspaceId);
    await a.realtime.presence.privacyChanged(team.ids.Pia!);
    await until(() => of(live, "Pia")?.lastSeen === "recently", 5_000, "Pia's rough last seen");
    expect(of(live, "Pia")!.lastSeenAt).toBeNull();
    await until(async () => of(await sync(vic), "Pia")?.lastSeenAt === null, 5_000, "snapshot without the time");
  });

  it("tells viewers which devices someone is on, from each connection's user agent", async () => {
    const vic = await open(b, "Vic");
    const live = collect(vic);
    const desk = await open(a, "Ola");
    await until(() => of(live, "Ola")?.status === "active", 5_000, "Ola active");
    expect(of(live, "Ola")).not.toHaveProperty("devices"); // desktop only: the default, not sent
    // socket.io-client in Node sends no browser user agent (desktop above); the phone sends one.
    const mobile = await connectWithAgent(b.url, await sessionCookie(team.ids.Ola!), team.slug, PHONE_UA);
    sockets.push(mobile);
    await until(() => of(live, "Ola")?.devices === "both", 5_000, "Ola on desktop and mobile");
    desk.close();
    await until(() => of(live, "Ola")?.devices === "mobile", 5_000, "Ola on mobile only");
    expect(of(await sync(vic), "Ola")).toMatchObject({ status: "active", devices: "mobile" });
    mobile.close();
    const back = await open(a, "Ola");
    await until(() => of(live, "Ola")?.status === "active" && of(live, "Ola")?.devices === undefined, 5_000, "Ola back on desktop only");
    // A socket opened now gets a snapshot built after it joined (an older one may answer a socket that had the updates live).
    expect(of(await sync(await open(b, "Vic")), "Ola")).not.toHaveProperty("devices");
    back.close();
  });
});

async function connectWithAgent(url: string, cookie: string, workspace: string, userAgent: string): Promise<TestSocket> {
  const { io } = await import("socket.io-client");
  const socket: TestSocket = io(url, { transports: ["websocket"], extraHeaders: { cookie, "user-agent": userAgent }, auth: { workspace, idle: false }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}
