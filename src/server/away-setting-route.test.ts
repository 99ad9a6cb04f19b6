// PUT /api/me/away, the away setting: the real route handler, validated, stored with the user,
// and delivered to every open socket of that user (other tabs and devices), whichever instance
// holds them: two instances on the real PostgreSQL and Redis, and the embedded defaults.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { clearRedisPrefix, connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import type { PrismaClient } from "@/generated/prisma/client";
import type { AwayAfter } from "@/shared/away";
import { setDb } from "./db";
import { registerCommands } from "./commands";
import { loadShell } from "./services/shell";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; name: string; email: string }; sessionId: string } }));
vi.mock("./auth", async (actual) => ({ ...(await actual<typeof import("./auth")>()), currentSession: async () => session.current }));

const REDIS_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
const setups = [
  { name: "postgres + redis, two instances", database: "postgres", redis: true },
  { name: "embedded defaults", database: "pglite", redis: false },
] as const;

describe.each(setups)("the away setting: $name", (setup) => {
  const database = databases.find((d) => d.name === setup.database)!;
  const prefix = `roster-away-${randomBytes(3).toString("hex")}:`;
  let client: PrismaClient;
  let a: Instance;
  let b: Instance;
  let unregister = () => {};
  const sockets: TestSocket[] = [];
  let team: Awaited<ReturnType<typeof seedTeam>>;

  beforeAll(async () => {
    client = database.connect();
    setDb(client);
    team = await seedTeam(["Ada", "Ben"], "Away setting");
    const redis = setup.redis ? { redisUrl: REDIS_URL, redisPrefix: prefix } : {};
    a = await startInstance(redis);
    b = setup.redis ? await startInstance(redis) : a;
    unregister = registerCommands(a.realtime);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    unregister();
    await a?.stop();
    if (b !== a) await b?.stop();
    if (setup.redis) await clearRedisPrefix(REDIS_URL, prefix);
    await database.close(client);
    setDb(undefined);
  });

  const open = async (inst: Instance, who: string) => {
    const s = await connect(inst.url, await sessionCookie(team.ids[who]!), { workspace: team.slug, idle: false });
    sockets.push(s);
    const heard: AwayAfter[] = [];
    s.on("presence:awayUpdated", ({ awayAfter }) => heard.push(awayAfter));
    return heard;
  };
  async function put(as: string | null, body: unknown) {
    session.current = as ? { user: { id: team.ids[as]!, name: as, email: team.emails[as]! }, sessionId: "s" } : null;
    const { PUT } = await import("@/app/api/me/away/route");
    const req = new Request("http://localhost/api/me/away", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const res = await PUT(req, { params: Promise.resolve({}) });
    return { status: res.status, body: (await res.json()) as { ok: boolean; data?: unknown; error?: string } };
  }
  const stored = async (who: string) => (await client.user.findUniqueOrThrow({ where: { id: team.ids[who]! }, select: { awayAfter: true } })).awayAfter;
  const shellAway = async (who: string) => (await loadShell({ id: team.ids[who]!, name: who, email: team.emails[who]! }, team.slug)).away.awayAfter;

  it("is at once by default, in the database and in what pages load first", async () => {
    expect(await stored("Ada")).toBe("switch");
    expect(await shellAway("Ada")).toBe("switch");
  });

  it("a change is stored, loaded with the page, and reaches each of the user's sockets on every instance, and nobody else's", async () => {
    const adaOnA = await open(a, "Ada");
    const adaOnB = await open(b, "Ada");
    const ben = await open(b, "Ben");
    expect(await put("Ada", { awayAfter: "minute" })).toEqual({ status: 200, body: { ok: true, data: { awayAfter: "minute" } } });
    await until(() => adaOnA.length === 1 && adaOnB.length === 1, 5_000, "both of Ada's sockets told");
    expect(adaOnA).toEqual(["minute"]);
    expect(adaOnB).toEqual(["minute"]);
    expect(await stored("Ada")).toBe("minute");
    expect(await shellAway("Ada")).toBe("minute");
    expect(await put("Ada", { awayAfter: "input" })).toMatchObject({ status: 200 });
    await until(() => adaOnB.length === 2, 5_000, "Ada told again");
    expect(adaOnB).toEqual(["minute", "input"]);
    // Ben heard nothing, and his own setting is untouched.
    await new Promise((r) => setTimeout(r, 300));
    expect(ben).toEqual([]);
    expect(await stored("Ben")).toBe("switch");
  });

  it("refuses a bad body with a 400 naming the field and keeps the setting; signed out is a 401", async () => {
    const before = await stored("Ada");
    for (const body of [{ awayAfter: "never" }, { awayAfter: 60 }, {}, { awayAfter: "minute", extra: 1 }]) {
      const res = await put("Ada", body);
      expect(res.status).toBe(400);
      expect(res.body.ok).toBe(false);
    }
    expect((await put("Ada", { awayAfter: "never" })).body.error).toBe("awayAfter must be switch, minute or input.");
    expect(await stored("Ada")).toBe(before);
    expect(await put(null, { awayAfter: "switch" })).toEqual({ status: 401, body: { ok: false, error: "Sign in first." } });
    expect(await stored("Ada")).toBe(before);
  });
});
