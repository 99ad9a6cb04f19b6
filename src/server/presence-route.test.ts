// GET /api/workspaces/:slug/presence: the real route handler, a real realtime instance registered
// as the app's commands, on PGlite and PostgreSQL (in-process presence store); then the outages on
// PostgreSQL behind a proxy the test cuts and a private Redis it kills. Members asked by id, pages
// in user id order, and the one audience rule in both (an invisible member outside the viewer's
// allowlist is offline with the frozen last seen).
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { databases, seedTeam, uniqueEmail } from "@/test/databases";
import { startPrivateRedis, type PrivateRedis } from "@/test/private-redis";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";
import type { VisiblePresence, WorkspacePresence } from "@/shared/presence";
import { registerCommands } from "./commands";
import { setDb } from "./db";
import { createAdapter } from "./db-adapter";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; name: string; email: string }; sessionId: string } }));
vi.mock("./auth", async (actual) => ({ ...(await actual<typeof import("./auth")>()), currentSession: async () => session.current }));

type Body = { ok: true; data: WorkspacePresence } | { ok: false; error: string };
type Answer = { status: number; retryAfter: string | null; body: Body };

async function get(user: { id: string; name: string; email: string }, slug: string, query = ""): Promise<Answer> {
  session.current = { user, sessionId: "s" };
  const { GET } = await import("@/app/api/workspaces/[slug]/presence/route");
  const res = await GET(new Request(`http://localhost/api/workspaces/${slug}/presence${query}`), { params: Promise.resolve({ slug }) });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as Body };
}

const EXTRA = 23; // members beyond the five named ones, so pages of 7 take four requests

describe.each(databases)("GET /api/workspaces/:slug/presence on $name", (database) => {
  let client: PrismaClient;
  let instance: Instance;
  let unregister = () => {};
  const sockets: TestSocket[] = [];
  let team: Awaited<ReturnType<typeof seedTeam>>;
  let outsider: string;
  let all: string[];
  const as = (name: string) => ({ id: team.ids[name]!, name, email: team.emails[name]! });

  async function data(name: string, query = ""): Promise<WorkspacePresence> {
    const a = await get(as(name), team.slug, query);
    if (!a.body.ok) throw new Error(`${a.status}: ${a.body.error}`);
    expect(a.status).toBe(200);
    return a.body.data;
  }
  const ids = (w: { members: VisiblePresence[] }) => w.members.map((m) => m.userId);

  beforeAll(async () => {
    client = database.connect();
    setDb(client);
    team = await seedTeam(["Ann", "Bob", "Cat", "Dan", "Eve"], "Presence route");
    const { ids: who, workspaceId } = team;
    const extra = Array.from({ length: EXTRA }, (_, i) => ({ id: `pr${process.pid}x${Date.now().toString(36)}x${i}`, email: uniqueEmail(`extra${i}`), name: `Extra ${i}`, passwordHash: "x" }));
    await client.user.createMany({ data: extra });
    await client.membership.createMany({ data: extra.map((u) => ({ workspaceId, userId: u.id })) });
    // Someone in another workspace only.
    outsider = (await seedTeam(["Zed"], "Elsewhere")).ids.Zed!;
    all = [...Object.values(who), ...extra.map((u) => u.id)];
    // Eve is invisible, went invisible on March 1st, and lets only Bob see through.
    await client.user.update({
      where: { id: who.Eve! },
      data: { presenceMode: "invisible", lastSeenAt: new Date("2025-09-01T00:00:00.000Z"), publicLastSeenAt: new Date("2025-03-01T00:00:00.000Z") },
    });
    await client.invisibleAllow.create({ data: { ownerId: who.Eve!, viewerId: who.Bob! } });

    instance = await startInstance();
    unregister = registerCommands(instance.realtime);
    sockets.push(await connect(instance.url, await sessionCookie(who.Eve!), { workspace: team.slug, idle: false }));
    await until(
      async () => (await instance.realtime.presence.snapshot(workspaceId, who.Bob!)).some((p) => p.userId === who.Eve && p.status === "active"),
      5_000,
      "Bob to see Eve active",
    );
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    unregister();
    await instance?.stop();
    if (client) await database.close(client);
    setDb(undefined);
  });

  it("without ids: a workspace of at most 1,000 members in one page, as today's answer plus next: null", async () => {
    const w = await data("Ann");
    expect(w.next).toBeNull();
    expect([...ids(w)].sort()).toEqual([...all].sort());
    // The same members, presence, settings as the whole-workspace sync answered before.
    const sync = await instance.realtime.presence.sync(team.workspaceId, team.ids.Ann!, {}, Date.now());
    const byId = (ms: VisiblePresence[]) => [...ms].sort((a, b) => (a.userId < b.userId ? -1 : 1));
    expect(byId(w.members)).toEqual(byId(sync.members));
    expect(w.me).toEqual(sync.me);
    expect(Number.isNaN(Date.parse(w.serverTime))).toBe(false);
  });

  it("ids: only those members, in the order asked; non-members and unknown ids left out", async () => {
    const { Bob, Cat, Dan } = team.ids;
    const w = await data("Ann", `?ids=${Cat},${Bob}`);
    expect(ids(w)).toEqual([Cat, Bob]);
    expect(w.next).toBeNull();
    expect(w.me).toEqual({ mode: "auto", allowlist: [] });
    expect(w.members[0]).toMatchObject({ userId: Cat, status: "offline" });
    // The viewer is not answered unless asked; an outsider and an id of nobody are left out silently.
    expect(ids(await data("Ann", `?ids=${outsider},${Dan},nobody-at-all,${Dan}`))).toEqual([Dan]);
    expect(ids(await data("Ann", `?ids=${outsider}`))).toEqual([]);
    // ids=a&ids=b is ids=a,b.
    expect(ids(await data("Ann", `?ids=${Bob}&ids=${Cat}`))).toEqual([Bob, Cat]);
  });

  it("refuses more than 500 ids, a malformed list, a bad cursor or limit with a clear 400", async () => {
    const many = Array.from({ length: 501 }, (_, i) => `u${i}`).join(",");
    expect(await get(as("Ann"), team.slug, `?ids=${many}`)).toMatchObject({ status: 400, body: { ok: false, error: "Ask for at most 500 ids at once." } });
    const fiveHundred = [team.ids.Bob!, ...Array.from({ length: 499 }, (_, i) => `u${i}`)].join(",");
    expect(ids(await data("Ann", `?ids=${fiveHundred}`))).toEqual([team.ids.Bob]);
    for (const bad of ["?ids=", "?ids=a,,b", "?ids=a,b,", `?ids=${encodeURIComponent("a b")}`, `?ids=${"x".repeat(65)}`]) {
      expect(await get(as("Ann"), team.slug, bad)).toMatchObject({ status: 400, body: { ok: false, error: "ids: user ids separated by commas." } });
    }
    expect(await get(as("Ann"), team.slug, "?cursor=%%%")).toMatchObject({ status: 400, body: { ok: false, error: "Invalid cursor." } });
    expect(await get(as("Ann"), team.slug, `?cursor=${btoa("not an id!")}`)).toMatchObject({ status: 400, body: { ok: false, error: "Invalid cursor." } });
    for (const bad of ["0", "1001", "-1", "2.5", "ten"]) {
      expect(await get(as("Ann"), team.slug, `?limit=${bad}`)).toMatchObject({ status: 400, body: { ok: false, error: "Limit must be a whole number from 1 to 1000." } });
    }
    expect(await get(as("Ann"), team.slug, `?ids=${team.ids.Bob}&limit=5`)).toMatchObject({ status: 400, body: { ok: false, error: "ids: not with cursor or limit (ids answer in one page)." } });
  });

  it("pages cover every member exactly once, in user id order, with a small limit", async () => {
    const seen: string[] = [];
    let query = "?limit=7";
    let pages = 0;
    for (;;) {
      const w = await data("Ann", query);
      pages++;
      expect(w.members.length).toBeLessThanOrEqual(7);
      expect(w.me.mode).toBe("auto");
      seen.push(...ids(w));
      if (w.next === null) break;
      expect(w.next).toMatch(/^[A-Za-z0-9_-]+$/);
      query = `?limit=7&cursor=${w.next}`;
    }
    expect(pages).toBe(Math.ceil(all.length / 7));
    expect(seen.length).toBe(all.length);
    expect(new Set(seen)).toEqual(new Set(all));
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // A limit of exactly the size: one page, no next.
    expect((await data("Ann", `?limit=${all.length}`)).next).toBeNull();
  });

  it("an invisible member outside the viewer's allowlist is offline with the frozen last seen, in both modes; the allowlist sees through", async () => {
    const eve = team.ids.Eve!;
    const hidden = { userId: eve, status: "offline", lastSeenAt: "2025-03-01T00:00:00.000Z" };
    const [byId] = (await data("Ann", `?ids=${eve}`)).members;
    expect(byId).toMatchObject(hidden);
    expect(byId).not.toHaveProperty("devices");
    const paged: VisiblePresence[] = [];
    for (let q = "?limit=5"; ; ) {
      const w = await data("Ann", q);
      paged.push(...w.members);
      if (!w.next) break;
      q = `?limit=5&cursor=${w.next}`;
    }
    expect(paged.find((m) => m.userId === eve)).toEqual(byId);

    expect((await data("Bob", `?ids=${eve}`)).members[0]).toMatchObject({ userId: eve, status: "active", lastSeenAt: null });
    expect((await data("Bob")).members.find((m) => m.userId === eve)).toMatchObject({ status: "active" });
    // Eve herself sees her real status and her own settings.
    const own = await data("Eve", `?ids=${eve}`);
    expect(own.members[0]).toMatchObject({ status: "active" });
    expect(own.me).toEqual({ mode: "invisible", allowlist: [team.ids.Bob] });
  });

  it("answers 404 to a non-member and 401 signed out", async () => {
    const zed = { id: outsider, name: "Zed", email: "zed@x" };
    expect(await get(zed, team.slug)).toMatchObject({ status: 404, body: { ok: false, error: "Workspace not found." } });
    expect(await get(zed, team.slug, `?ids=${team.ids.Bob}`)).toMatchObject({ status: 404 });
    session.current = null;
    const { GET } = await import("@/app/api/workspaces/[slug]/presence/route");
    expect((await GET(new Request(`http://localhost/api/workspaces/${team.slug}/presence`), { params: Promise.resolve({ slug: team.slug }) })).status).toBe(401);
  });
});

describe("GET /api/workspaces/:slug/presence with a dependency down: 503 with Retry-After, never 500", () => {
  let redis: PrivateRedis;
  let proxy: TcpProxy;
  let app: PrismaClient;
  let instance: Instance;
  let unregister = () => {};
  let team: Awaited<ReturnType<typeof seedTeam>>;
  const ann = () => ({ id: team.ids.Ann!, name: "Ann", email: team.emails.Ann! });

  beforeAll(async () => {
    redis = await startPrivateRedis();
    proxy = await startTcpProxy("127.0.0.1", 5432);
    const schema = new URL(inject("pgUrl")).searchParams.get("schema")!;
    app = new PrismaClient({ adapter: createAdapter(`postgresql://postgres@127.0.0.1:${proxy.port}/test?schema=${schema}`) });
    setDb(app);
    team = await seedTeam(["Ann", "Bob"], "Presence outage");
    instance = await startInstance({ redisUrl: redis.url, redisPrefix: `roster-test:${process.pid}:presence-route:` });
    unregister = registerCommands(instance.realtime);
  });

  afterAll(async () => {
    proxy?.restore();
    if (redis?.pid === null) await redis.restart().catch(() => undefined); // let the instance close cleanly
    unregister();
    await instance?.stop().catch(() => undefined);
    await redis?.stop();
    await app?.$disconnect();
    await proxy?.close();
    setDb(undefined);
  });

  it("answers while both are up", async () => {
    const a = await get(ann(), team.slug);
    expect(a.status).toBe(200);
    expect(a.body.ok && a.body.data.members.length).toBe(2);
  });

  it("PostgreSQL cut: 503 with Retry-After, in both modes; 200 again once restored", async () => {
    proxy.cut();
    try {
      for (const q of ["", `?ids=${team.ids.Bob}`, "?limit=1"]) {
        const a = await get(ann(), team.slug, q);
        expect(a).toMatchObject({ status: 503, body: { ok: false, error: "Temporarily unavailable; try again in a few seconds." } });
        expect(Number(a.retryAfter)).toBeGreaterThan(0);
      }
    } finally {
      proxy.restore();
    }
    await until(async () => (await get(ann(), team.slug)).status === 200, 10_000, "answers after PostgreSQL restore", 100);
  });

  it("Redis killed: 503 with Retry-After within about a second, in both modes; 200 again after a restart", async () => {
    await redis.kill();
    for (const q of ["", `?ids=${team.ids.Bob}`]) {
      const started = Date.now();
      const a = await get(ann(), team.slug, q);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(a).toMatchObject({ status: 503, body: { ok: false, error: "Presence is temporarily unavailable." } });
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    await redis.restart();
    await until(async () => (await get(ann(), team.slug)).status === 200, 15_000, "answers after Redis restart", 200);
  });
});
