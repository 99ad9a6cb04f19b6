// GET /api/workspaces/:slug/members, the admin table's pages: the real route handler, a real
// realtime instance (in-process presence store) registered as the app's commands, on PGlite and
// PostgreSQL. Filters and sorts use presence as the asking admin may see it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import type { PrismaClient } from "@/generated/prisma/client";
import { adminMembersQuery, type AdminMembersPage } from "@/shared/admin-members";
import { setDb } from "./db";
import { wholeWorkspacePage } from "./services/member-pages";
import { registerCommands } from "./commands";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; name: string; email: string }; sessionId: string } }));
vi.mock("./auth", async (actual) => ({ ...(await actual<typeof import("./auth")>()), currentSession: async () => session.current }));

type Answer = { status: number; body: { ok: true; data: AdminMembersPage } | { ok: false; error: string } };

describe.each(databases)("the admin members table's pages on $name", (database) => {
  let client: PrismaClient;
  let instance: Instance;
  let unregister = () => {};
  const sockets: TestSocket[] = [];
  let team: Awaited<ReturnType<typeof seedTeam>>;

  beforeAll(async () => {
    client = database.connect();
    setDb(client);
    team = await seedTeam(["Ann", "Bob", "Cat", "Dan", "Eve"], "Admin table");
    const { ids, workspaceId } = team;
    await client.membership.updateMany({ where: { workspaceId, userId: ids.Bob! }, data: { role: "admin" } });
    const at = (iso: string) => new Date(iso);
    await client.user.update({ where: { id: ids.Cat! }, data: { lastSeenAt: at("2025-06-01T00:00:00.000Z"), publicLastSeenAt: at("2025-06-01T00:00:00.000Z") } });
    await client.user.update({ where: { id: ids.Dan! }, data: { lastSeenAt: at("2025-01-01T00:00:00.000Z"), publicLastSeenAt: at("2025-01-01T00:00:00.000Z") } });
    // Eve is invisible, went invisible on March 1st, and lets only Bob (an admin) see through.
    await client.user.update({
      where: { id: ids.Eve! },
      data: { presenceMode: "invisible", lastSeenAt: at("2025-09-01T00:00:00.000Z"), publicLastSeenAt: at("2025-03-01T00:00:00.000Z") },
    });
    await client.invisibleAllow.create({ data: { ownerId: ids.Eve!, viewerId: ids.Bob! } });

    instance = await startInstance();
    unregister = registerCommands(instance.realtime);
    sockets.push(await connect(instance.url, await sessionCookie(ids.Eve!), { workspace: team.slug, idle: false }));
    await until(
      async () => (await instance.realtime.presence.snapshot(workspaceId, ids.Bob!)).some((p) => p.userId === ids.Eve && p.status === "active"),
      5_000,
      "Bob to see Eve active",
    );
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    unregister();
    await instance?.stop();
    await database.close(client);
    setDb(undefined);
  });

  async function get(as: string, query = "", slug = team.slug): Promise<Answer> {
    session.current = { user: { id: team.ids[as]!, name: as, email: team.emails[as]! }, sessionId: "s" };
    const { GET } = await import("@/app/api/workspaces/[slug]/members/route");
    const res = await GET(new Request(`http://localhost/api/workspaces/${slug}/members${query}`), { params: Promise.resolve({ slug }) });
    return { status: res.status, body: (await res.json()) as Answer["body"] };
  }
  const page = async (as: string, query = "") => {
    const a = await get(as, query);
    expect(a.status).toBe(200);
    if (!a.body.ok) throw new Error(a.body.error);
    return a.body.data;
  };
  const names = (p: AdminMembersPage) => p.rows.map((r) => r.name);

  it("answers a page of rows with role, email, joined date, presence, the total and the counts", async () => {
    const p = await page("Ann", "?size=2&page=2");
    expect(names(p)).toEqual(["Cat", "Dan"]);
    expect(p).toMatchObject({ total: 5, page: 2, size: 2, counts: { online: 0, all: 5 } });
    expect(p.rows[0]).toMatchObject({ id: team.ids.Cat, email: team.emails.Cat, role: "member", status: "offline", lastSeenAt: "2025-06-01T00:00:00.000Z" });
    expect(Number.isNaN(Date.parse(p.rows[0]!.joinedAt))).toBe(false);
    expect(names(await page("Ann", "?size=2&page=3"))).toEqual(["Eve"]);
    expect(names(await page("Ann", "?size=2&page=4"))).toEqual([]);
    expect(names(await page("Ann", "?role=admin"))).toEqual(["Bob"]);
    expect(names(await page("Ann", "?role=owner"))).toEqual(["Ann"]);
    expect(names(await page("Ann", "?q=DA"))).toEqual(["Dan"]);
    expect(names(await page("Ann", `?q=${encodeURIComponent(team.emails.Bob!.slice(0, 8))}`))).toEqual(["Bob"]);
    expect(names(await page("Ann", "?sort=name&dir=desc"))).toEqual(["Eve", "Dan", "Cat", "Bob", "Ann"]);
  });

  it("an invisible member who has not allowlisted the admin is offline with the frozen last seen: filtered and sorted so", async () => {
    // Ann (owner, not on Eve's allowlist): Eve is offline, last seen March 1st (not her real September).
    const offline = await page("Ann", "?status=offline&sort=lastSeen&dir=desc");
    expect(names(offline)).toEqual(["Cat", "Eve", "Dan", "Ann", "Bob"]);
    expect(offline.rows[1]).toEqual({
      id: team.ids.Eve,
      name: "Eve",
      email: team.emails.Eve,
      role: "member",
      status: "offline",
      lastSeenAt: "2025-03-01T00:00:00.000Z",
      joinedAt: offline.rows[1]!.joinedAt,
    });
    expect(names(await page("Ann", "?sort=lastSeen&dir=asc"))).toEqual(["Ann", "Bob", "Dan", "Eve", "Cat"]);
    const active = await page("Ann", "?status=active");
    expect(active).toMatchObject({ rows: [], total: 0, counts: { online: 0, all: 5 } });

    // Bob (an admin on her allowlist) sees her active, online now, first by last seen.
    const bobs = await page("Bob", "?status=active");
    expect(names(bobs)).toEqual(["Eve"]);
    expect(bobs.rows[0]).toMatchObject({ status: "active", lastSeenAt: null });
    expect(bobs.counts).toEqual({ online: 1, all: 5 });
    expect(names(await page("Bob", "?sort=lastSeen&dir=desc"))).toEqual(["Eve", "Cat", "Dan", "Ann", "Bob"]);
  });

  it("a name-sorted page's rows carry the presence the admin's snapshot holds for them", async () => {
    for (const [as, query] of [["Ann", "?sort=name&size=3"], ["Ann", "?sort=name&size=3&page=2"], ["Bob", "?sort=name&dir=desc&size=2&page=1"], ["Bob", "?sort=email"]] as const) {
      const p = await page(as, query);
      const seen = new Map((await instance.realtime.presence.snapshot(team.workspaceId, team.ids[as]!)).map((v) => [v.userId, v]));
      expect(p.rows.length).toBeGreaterThan(0);
      for (const r of p.rows) {
        const v = seen.get(r.id)!;
        expect({ status: r.status, lastSeenAt: r.lastSeenAt, lastSeen: r.lastSeen }).toEqual({ status: v.status, lastSeenAt: v.lastSeenAt, lastSeen: v.lastSeen });
      }
      expect(p.counts).toEqual({ online: [...seen.values()].filter((v) => v.status !== "offline").length, all: 5 });
    }
    // Eve, invisible: offline with the frozen last seen for Ann, active for Bob (on her allowlist).
    expect((await page("Ann", "?sort=name&size=1&page=5")).rows[0]).toMatchObject({ name: "Eve", status: "offline", lastSeenAt: "2025-03-01T00:00:00.000Z" });
    expect((await page("Bob", "?sort=name&size=1&page=5")).rows[0]).toMatchObject({ name: "Eve", status: "active", lastSeenAt: null });
  });

  it("pages that neither filter nor sort by presence (directory first, then their rows' presence and the live counts) answer what the whole-workspace read answers", async () => {
    const { workspaceId, ids } = team;
    const presence = instance.realtime.presence;
    const snapshots = vi.spyOn(presence, "snapshot");
    const targeted = vi.spyOn(presence, "syncWatched");
    const free = [
      "",
      "?size=2",
      "?size=2&page=2",
      "?size=2&page=3",
      "?size=2&page=9",
      "?sort=name&dir=desc&size=3",
      "?sort=email",
      "?sort=email&dir=desc&size=2&page=2",
      "?sort=role",
      "?sort=role&dir=desc&size=3",
      "?sort=joined",
      "?sort=joined&dir=asc&size=4",
      "?role=admin",
      "?role=member&sort=joined",
      "?role=owner&sort=email",
      "?q=an",
      "?q=zzz",
      `?q=${encodeURIComponent(team.emails.Eve!.slice(0, 6))}&role=member`,
    ];
    const whole = ["?status=offline", "?status=active&sort=name", "?sort=status", "?sort=lastSeen&dir=asc&size=2", "?status=away&role=owner"];
    // The whole-workspace path, on the same data, as each admin sees it.
    const expected = (as: string, query: string) => wholeWorkspacePage(workspaceId, ids[as]!, adminMembersQuery.parse(Object.fromEntries(new URLSearchParams(query))), presence);
    const compare = async () => {
      for (const as of ["Ann", "Bob"]) {
        for (const query of [...free, ...whole]) {
          snapshots.mockClear();
          targeted.mockClear();
          const got = await page(as, query);
          expect(got, `${as} ${query}`).toEqual(await expected(as, query));
          if (whole.includes(query)) {
            expect(snapshots, `${as} ${query}`).toHaveBeenCalledTimes(2); // the route's, then the expected one's
            expect(targeted).not.toHaveBeenCalled();
          } else {
            expect(snapshots, `${as} ${query}`).toHaveBeenCalledTimes(1); // the expected one's only
            expect(targeted).toHaveBeenCalledTimes(got.rows.length ? 1 : 0);
            if (got.rows.length) expect([...targeted.mock.calls[0]![3]].sort()).toEqual(got.rows.map((r) => r.id).sort());
          }
        }
      }
    };
    try {
      // Eve (invisible) active, seen so by Bob (on her allowlist) only; everyone else offline.
      await compare();
      expect((await page("Ann", "?size=1")).counts).toEqual({ online: 0, all: 5 });
      expect((await page("Bob", "?size=1")).counts).toEqual({ online: 1, all: 5 });

      // Dan comes online, Ann is idle (away), Eve goes idle too (away for Bob), Cat keeps her last seen private.
      sockets.push(await connect(instance.url, await sessionCookie(ids.Dan!), { workspace: team.slug, idle: false }));
      sockets.push(await connect(instance.url, await sessionCookie(ids.Ann!), { workspace: team.slug, idle: true }));
      await new Promise<unknown>((resolve) => sockets[0]!.emit("presence:activity", { idle: true }, resolve));
      await client.user.update({ where: { id: ids.Cat! }, data: { coarseLastSeen: true } });
      instance.realtime.membersChanged(workspaceId);
      await instance.realtime.presence.privacyChanged(ids.Cat!);
      const seenBy = async (as: string) => new Map((await presence.snapshot(workspaceId, ids[as]!)).map((p) => [p.userId, p]));
      await until(
        async () => {
          const [ann, bob] = [await seenBy("Ann"), await seenBy("Bob")];
          const counts = [await instance.realtime.memberCounts(workspaceId, ids.Ann!), await instance.realtime.memberCounts(workspaceId, ids.Bob!)];
          return (
            ann.get(ids.Dan!)?.status === "active" &&
            ann.get(ids.Ann!)?.status === "away" &&
            bob.get(ids.Eve!)?.status === "away" &&
            ann.get(ids.Cat!)?.lastSeen !== undefined &&
            counts[0]!.online === 2 &&
            counts[1]!.online === 3 &&
            counts[1]!.awayDnd === 2
          );
        },
        5_000,
        "the new presence in the snapshot and the member list",
      );
      await compare();
      expect((await page("Ann", "?size=1")).counts).toEqual({ online: 2, all: 5 });
      expect((await page("Bob", "?size=1")).counts).toEqual({ online: 3, all: 5 });
      const cat = (await page("Ann", "?q=cat")).rows[0]!;
      expect(cat).toMatchObject({ status: "offline", lastSeenAt: null });
      expect(cat.lastSeen).toBeDefined();
      // Eve as each admin may see her: away for Bob; offline with the frozen last seen for Ann.
      expect((await page("Bob", "?q=eve")).rows[0]).toMatchObject({ status: "away", lastSeenAt: null });
      expect((await page("Ann", "?q=eve")).rows[0]).toMatchObject({ status: "offline", lastSeenAt: "2025-03-01T00:00:00.000Z" });
    } finally {
      snapshots.mockRestore();
      targeted.mockRestore();
    }
  });

  it("is for admins only, and refuses bad queries with a clear 400", async () => {
    expect(await get("Cat")).toEqual({ status: 403, body: { ok: false, error: "Only workspace admins can do that." } });
    expect(await get("Ann", "", "no-such-workspace")).toEqual({ status: 404, body: { ok: false, error: "Workspace not found." } });
    expect(await get("Ann", "?size=101")).toEqual({ status: 400, body: { ok: false, error: "Page size must be at most 100." } });
    expect(await get("Ann", "?status=invisible")).toEqual({ status: 400, body: { ok: false, error: "Status must be all, active, away, dnd or offline." } });
    expect(await get("Ann", "?sort=passwordHash")).toEqual({ status: 400, body: { ok: false, error: "Sort must be name, email, role, status, lastSeen or joined." } });
    session.current = null;
    const { GET } = await import("@/app/api/workspaces/[slug]/members/route");
    const res = await GET(new Request(`http://localhost/api/workspaces/${team.slug}/members`), { params: Promise.resolve({ slug: team.slug }) });
    expect(res.status).toBe(401);
  });
});
