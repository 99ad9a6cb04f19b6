// The profile routes, as real route handlers on both databases: PUT /api/me/profile (validated,
// stored, announced to the workspace live), POST/DELETE /api/me/avatar (bytes sniffed, size
// limited while read, cropped and resized with sharp), GET /api/avatars/:userId (only to people
// who share a workspace) and GET /api/workspaces/:slug/people.
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { clearRedisPrefix, connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import type { PrismaClient } from "@/generated/prisma/client";
import type { PersonProfile } from "@/shared/profile";
import { setDb } from "./db";
import { registerCommands } from "./commands";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; name: string; email: string }; sessionId: string } }));
vi.mock("./auth", async (actual) => ({ ...(await actual<typeof import("./auth")>()), currentSession: async () => session.current }));

const REDIS_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
const setups = [
  { name: "postgres + redis", database: "postgres", redis: true },
  { name: "embedded defaults", database: "pglite", redis: false },
] as const;

/** 400 x 200: a red band, a green square in the middle, a blue band. The centred square is all green. */
const banded = (format: "png" | "jpeg") =>
  sharp({ create: { width: 400, height: 200, channels: 3, background: { r: 255, g: 0, b: 0 } } })
    .composite([
      { input: { create: { width: 200, height: 200, channels: 3, background: { r: 0, g: 200, b: 0 } } }, left: 100, top: 0 },
      { input: { create: { width: 100, height: 200, channels: 3, background: { r: 0, g: 0, b: 255 } } }, left: 300, top: 0 },
    ])
    .toFormat(format)
    .toBuffer();

describe.each(setups)("profiles: $name", (setup) => {
  const database = databases.find((d) => d.name === setup.database)!;
  const prefix = `roster-profiles-${randomBytes(3).toString("hex")}:`;
  let client: PrismaClient;
  let inst: Instance;
  let unregister = () => {};
  const sockets: TestSocket[] = [];
  let team: Awaited<ReturnType<typeof seedTeam>>;
  let other: Awaited<ReturnType<typeof seedTeam>>;

  beforeAll(async () => {
    client = database.connect();
    setDb(client);
    team = await seedTeam(["Ada", "Ben"], "Profiles");
    other = await seedTeam(["Olga"], "Elsewhere");
    inst = await startInstance(setup.redis ? { redisUrl: REDIS_URL, redisPrefix: prefix } : {});
    unregister = registerCommands(inst.realtime);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    unregister();
    await inst?.stop();
    if (setup.redis) await clearRedisPrefix(REDIS_URL, prefix);
    await database.close(client);
    setDb(undefined);
  });

  const as = (who: string | null) => {
    const id = who ? (team.ids[who] ?? other.ids[who]) : undefined;
    session.current = who ? { user: { id: id!, name: who, email: "x@test.roster" }, sessionId: "s" } : null;
  };
  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as { ok: boolean; data?: unknown; error?: string } });
  async function putProfile(who: string | null, body: unknown) {
    as(who);
    const { PUT } = await import("@/app/api/me/profile/route");
    return json(await PUT(new Request("http://localhost/api/me/profile", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) }));
  }
  async function upload(who: string, body: BodyInit | Buffer, type = "image/png", headers: Record<string, string> = {}) {
    as(who);
    const { POST } = await import("@/app/api/me/avatar/route");
    const init: RequestInit & { duplex?: string } = { method: "POST", headers: { "content-type": type, ...headers }, body: body as BodyInit, duplex: "half" };
    return json(await POST(new Request("http://localhost/api/me/avatar", init), { params: Promise.resolve({}) }));
  }
  async function picture(viewer: string | null, of: string, size: 64 | 256 = 64, extra = "") {
    as(viewer);
    const { GET } = await import("@/app/api/avatars/[userId]/route");
    const userId = team.ids[of] ?? other.ids[of] ?? of;
    return GET(new Request(`http://localhost/api/avatars/${userId}?size=${size}${extra}`), { params: Promise.resolve({ userId }) });
  }
  async function people(viewer: string, slug: string, ids: string[]) {
    as(viewer);
    const { GET } = await import("@/app/api/workspaces/[slug]/people/route");
    return json(await GET(new Request(`http://localhost/api/workspaces/${slug}/people?ids=${ids.join(",")}`), { params: Promise.resolve({ slug }) }));
  }
  const stored = (who: string) => client.user.findUniqueOrThrow({ where: { id: team.ids[who]! }, select: { name: true, title: true, timeZone: true, avatarVersion: true } });

  it("saves name, title and zone, and tells the workspace's open pages (not another workspace's)", async () => {
    const ben = await connect(inst.url, await sessionCookie(team.ids.Ben!), { workspace: team.slug, idle: false });
    const olga = await connect(inst.url, await sessionCookie(other.ids.Olga!), { workspace: other.slug, idle: false });
    sockets.push(ben, olga);
    let benHeard = 0;
    let olgaHeard = 0;
    ben.on("workspace:membersChanged", () => void benHeard++);
    olga.on("workspace:membersChanged", () => void olgaHeard++);
    const res = await putProfile("Ada", { name: "Ada Lovelace", title: "  Analyst ", timeZone: "Europe/London" });
    expect(res).toEqual({ status: 200, body: { ok: true, data: { name: "Ada Lovelace", title: "Analyst", timeZone: "Europe/London", avatar: null } } });
    expect(await stored("Ada")).toEqual({ name: "Ada Lovelace", title: "Analyst", timeZone: "Europe/London", avatarVersion: null });
    await until(() => benHeard > 0, 5_000, "Ben's page told");
    await new Promise((r) => setTimeout(r, 200));
    expect(olgaHeard).toBe(0);
    // Only the zone (a browser's first visit), then an empty title clears it.
    expect((await putProfile("Ada", { timeZone: "Asia/Tokyo" })).status).toBe(200);
    expect((await putProfile("Ada", { title: "" })).status).toBe(200);
    expect(await stored("Ada")).toEqual({ name: "Ada Lovelace", title: null, timeZone: "Asia/Tokyo", avatarVersion: null });
  });

  it("refuses an unknown zone, a long title, an empty name and unknown fields, keeping the profile; signed out is a 401", async () => {
    const before = await stored("Ada");
    expect(await putProfile("Ada", { timeZone: "Mars/Olympus_Mons" })).toEqual({ status: 400, body: { ok: false, error: "Unknown time zone." } });
    expect(await putProfile("Ada", { title: "x".repeat(81) })).toEqual({ status: 400, body: { ok: false, error: "Title must be at most 80 characters." } });
    expect((await putProfile("Ada", { title: "x".repeat(80) })).status).toBe(200);
    await putProfile("Ada", { title: before.title ?? "" });
    expect((await putProfile("Ada", { name: " " })).status).toBe(400);
    expect((await putProfile("Ada", { name: "Ada", admin: true })).status).toBe(400);
    expect((await putProfile("Ada", {})).status).toBe(400);
    expect(await stored("Ada")).toEqual(before);
    expect(await putProfile(null, { title: "x" })).toEqual({ status: 401, body: { ok: false, error: "Sign in first." } });
  });

  it("makes a real PNG and JPEG into 256 and 64 px WebP squares of the centre", async () => {
    for (const format of ["png", "jpeg"] as const) {
      const res = await upload("Ada", await banded(format), `image/${format}`);
      expect(res.status).toBe(201);
      const version = (res.body.data as { avatar: string }).avatar;
      expect((await stored("Ada")).avatarVersion).toBe(version);
      for (const size of [256, 64] as const) {
        const got = await picture("Ben", "Ada", size, `&v=${version}`);
        expect(got.status).toBe(200);
        expect(got.headers.get("content-type")).toBe("image/webp");
        expect(got.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
        const bytes = Buffer.from(await got.arrayBuffer());
        const meta = await sharp(bytes).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(["webp", size, size]);
        // Near its corners the square is green: the red and blue bands were cropped away (a little
        // bleeds into the edge pixels through resampling and WebP's colour subsampling).
        const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
        for (const [x, y] of [[4, 4], [size - 5, 4], [4, size - 5], [size - 5, size - 5]] as const) {
          const i = (y * info.width + x) * info.channels;
          expect(data[i + 1]! > 150 && data[i]! < 90 && data[i + 2]! < 90, `${format} ${size} pixel ${x},${y}: ${[data[i], data[i + 1], data[i + 2]]}`).toBe(true);
        }
      }
      // Asked again with the ETag: not sent again. Without the current version: checked each time.
      const etag = (await picture("Ben", "Ada")).headers.get("etag")!;
      expect((await picture("Ben", "Ada")).headers.get("cache-control")).toBe("private, no-cache");
      as("Ben");
      const { GET } = await import("@/app/api/avatars/[userId]/route");
      const again = await GET(new Request(`http://localhost/api/avatars/${team.ids.Ada}?size=64`, { headers: { "if-none-match": etag } }), { params: Promise.resolve({ userId: team.ids.Ada! }) });
      expect(again.status).toBe(304);
    }
  });

  it("refuses a text file called a PNG (415), another declared type (415), and over 5 MB while reading (413)", async () => {
    const before = (await stored("Ada")).avatarVersion;
    expect(await upload("Ada", Buffer.from("hello, this is not a picture\n".repeat(10)), "image/png")).toEqual({ status: 415, body: { ok: false, error: "Upload a PNG, JPEG, WebP or GIF image." } });
    expect((await upload("Ada", await banded("png"), "text/plain")).status).toBe(415);
    // A PNG signature followed by garbage: the decoder refuses it.
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)]);
    expect((await upload("Ada", broken, "image/png")).status).toBe(415);
    // Declared too large: refused before reading.
    expect((await upload("Ada", await banded("png"), "image/png", { "content-length": String(6 * 1024 * 1024) })).status).toBe(413);
    // Streamed without a length: refused once the bytes read pass the limit; the rest is never pulled.
    let pulled = 0;
    const chunk = new Uint8Array(256 * 1024);
    chunk.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        if (pulled > 200) c.close();
        else c.enqueue(chunk);
      },
    });
    const res = await upload("Ada", stream as unknown as BodyInit, "image/png");
    expect(res).toEqual({ status: 413, body: { ok: false, error: "The picture is larger than 5 MB." } });
    expect(pulled).toBeLessThan(40); // 5 MB is 20 chunks (plus what the stream reads ahead)
    expect((await stored("Ada")).avatarVersion).toBe(before);
  });

  it("serves a picture only to people who share a workspace: anyone else gets the 404 of a missing one", async () => {
    expect((await picture("Ben", "Ada")).status).toBe(200);
    expect((await picture("Ada", "Ada")).status).toBe(200);
    const outsider = await picture("Olga", "Ada");
    const missing = await picture("Ben", "nosuchuser");
    const none = await picture("Ada", "Ben"); // Ben has no picture
    for (const r of [outsider, missing, none]) expect({ status: r.status, body: await r.json() }).toEqual({ status: 404, body: { ok: false, error: "No picture." } });
    expect((await picture(null, "Ada")).status).toBe(401);
  });

  it("lists profiles of members only, with working hours from the do-not-disturb schedule", async () => {
    await client.user.update({ where: { id: team.ids.Ben! }, data: { dndSchedule: { enabled: true, days: [1, 2, 3, 4, 5], start: "18:00", end: "08:00", timeZone: "Europe/Paris" } } });
    const res = await people("Ada", team.slug, [team.ids.Ben!, team.ids.Ada!, other.ids.Olga!]);
    expect(res.status).toBe(200);
    const list = (res.body.data as { people: PersonProfile[] }).people.sort((a, b) => a.name.localeCompare(b.name));
    expect(list.map((p) => p.name)).toEqual(["Ada Lovelace", "Ben"]); // Olga is in another workspace
    expect(list[1]).toEqual({ id: team.ids.Ben, name: "Ben", title: null, timeZone: null, avatar: null, offHours: { days: [1, 2, 3, 4, 5], start: "18:00", end: "08:00", timeZone: "Europe/Paris" } });
    expect((await people("Olga", team.slug, [team.ids.Ada!])).status).toBe(404);
    expect((await people("Ada", team.slug, ["bad id!"])).status).toBe(400);
  });

  it("a removed picture is initials again and served to nobody", async () => {
    as("Ada");
    const { DELETE } = await import("@/app/api/me/avatar/route");
    expect(await json(await DELETE(new Request("http://localhost/api/me/avatar", { method: "DELETE" }), { params: Promise.resolve({}) }))).toEqual({ status: 200, body: { ok: true, data: { avatar: null } } });
    expect((await stored("Ada")).avatarVersion).toBeNull();
    expect(await client.avatar.count({ where: { userId: team.ids.Ada! } })).toBe(0);
    expect((await picture("Ben", "Ada")).status).toBe(404);
  });
});
