// PUT /api/me/theme, the colour theme: the real route handler, validated, stored with the user, set
// in this browser's cookie (what the root layout renders from), and handed to the next sign-in
// (whose cookie makes a new browser's pages take it); on the real PostgreSQL and the embedded PGlite.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databases, seedTeam, uniqueEmail } from "@/test/databases";
import type { PrismaClient } from "@/generated/prisma/client";
import { setDb } from "./db";
import { signInWithPassword } from "./auth";
import { signUp } from "./services/users";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; name: string; email: string }; sessionId: string } }));
vi.mock("./auth", async (actual) => ({ ...(await actual<typeof import("./auth")>()), currentSession: async () => session.current }));

let ipN = 0;
const headers = () => new Headers({ "x-roster-client-ip": `10.7.${process.pid % 250}.${ipN++}`, host: "roster.test" });

describe.each(databases)("the theme setting: $name", (database) => {
  let client: PrismaClient;
  let team: Awaited<ReturnType<typeof seedTeam>>;

  beforeAll(async () => {
    client = database.connect();
    setDb(client);
    team = await seedTeam(["Ada", "Ben"], "Theme setting");
  });
  afterAll(async () => {
    await database.close(client);
    setDb(undefined);
  });

  const as = (who: string | null) => {
    session.current = who ? { user: { id: team.ids[who]!, name: who, email: team.emails[who]! }, sessionId: "s" } : null;
  };
  async function put(who: string | null, body: unknown) {
    as(who);
    const { PUT } = await import("@/app/api/me/theme/route");
    const req = new Request("http://localhost/api/me/theme", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const res = await PUT(req, { params: Promise.resolve({}) });
    return { status: res.status, cookie: res.headers.get("set-cookie"), body: (await res.json()) as { ok: boolean; data?: unknown; error?: string } };
  }
  async function get(who: string | null) {
    as(who);
    const { GET } = await import("@/app/api/me/theme/route");
    const res = await GET(new Request("http://localhost/api/me/theme"), { params: Promise.resolve({}) });
    return { status: res.status, body: await res.json() };
  }
  const stored = async (who: string) => (await client.user.findUniqueOrThrow({ where: { id: team.ids[who]! }, select: { theme: true } })).theme;

  it("follows the system by default", async () => {
    expect(await stored("Ada")).toBe("system");
    expect(await get("Ada")).toEqual({ status: 200, body: { ok: true, data: { theme: "system" } } });
  });

  it("stores a choice for that user only and sets this browser's cookie for a year", async () => {
    const res = await put("Ada", { theme: "dark" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, data: { theme: "dark" } });
    expect(res.cookie).toMatch(/^theme=dark; Path=\/; .*Max-Age=31536000; SameSite=lax$/i);
    expect(res.cookie).not.toMatch(/HttpOnly/i);
    expect(await stored("Ada")).toBe("dark");
    expect(await get("Ada")).toEqual({ status: 200, body: { ok: true, data: { theme: "dark" } } });
    expect(await stored("Ben")).toBe("system");

    expect((await put("Ada", { theme: "light" })).cookie).toMatch(/^theme=light;/);
    expect(await stored("Ada")).toBe("light");
    expect((await put("Ada", { theme: "system" })).cookie).toMatch(/^theme=system;/);
    expect(await stored("Ada")).toBe("system");
  });

  it("goes with the user to the next sign-in, which sets it in that browser", async () => {
    const email = uniqueEmail("cy");
    const cy = await signUp({ name: "Cy", email, password: "correct horse" }, { verified: true });
    expect(await signInWithPassword({ email, password: "correct horse" }, headers())).toMatchObject({ id: cy.id, theme: "system" });
    await client.user.update({ where: { id: cy.id }, data: { theme: "dark" } });
    expect(await signInWithPassword({ email, password: "correct horse" }, headers())).toMatchObject({ id: cy.id, theme: "dark" });
  });

  it("refuses a bad body with a 400 naming the field and keeps the setting; signed out is a 401", async () => {
    await put("Ada", { theme: "light" });
    for (const body of [{ theme: "sepia" }, { theme: 1 }, {}, { theme: "dark", extra: 1 }, ["dark"]]) {
      const res = await put("Ada", body);
      expect(res.status).toBe(400);
      expect(res.body.ok).toBe(false);
      expect(res.cookie).toBeNull();
    }
    expect((await put("Ada", { theme: "sepia" })).body.error).toBe("theme must be system, light or dark.");
    expect(await stored("Ada")).toBe("light");
    expect(await put(null, { theme: "dark" })).toEqual({ status: 401, cookie: null, body: { ok: false, error: "Sign in first." } });
    expect(await get(null)).toEqual({ status: 401, body: { ok: false, error: "Sign in first." } });
    expect(await stored("Ada")).toBe("light");
  });
});
