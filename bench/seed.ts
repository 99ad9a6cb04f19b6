// Database for one bench run: a fresh Postgres schema, migrated with the Prisma CLI, seeded fast
// with createMany (10,000 users in one workspace, plus small workspaces of 100 for the idle phase,
// plus workspaces of the first K users for the storm and saturation rows).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { PrismaClient } from "../src/generated/prisma/client";
import { createAdapter } from "../src/server/db-adapter";

export const PG_BASE = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
export const MAIN = "bench"; // slug of the 10,000-member workspace
export const SMALL = 100; // members per small workspace
export const userId = (i: number) => `bu${String(i).padStart(5, "0")}`;
export const smallSlug = (i: number) => `bench-s${String(Math.floor(i / SMALL)).padStart(3, "0")}`;
/** Workspaces of the first `size` users (the connect/restart storms and saturation), by slug. */
export const STORM = "bench-storm";
export const SAT = "bench-sat";
export const USERS_FILE = path.join(import.meta.dirname, "out", "users.json");

export interface Database {
  url: string;
  mainWorkspaceId: string;
  drop(): Promise<void>;
}

/**
 * `extra`: slug -> size, workspaces of users 0..size-1. `onSchema` gets the database as soon as
 * the schema exists, so the caller can drop it even if seeding is interrupted.
 */
export async function seed(count: number, secret: string, extra: Record<string, number> = {}, onSchema?: (db: Database) => void): Promise<Database> {
  const schema = `roster_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_BASE });
  admin.on("error", (err) => console.error(`[bench] postgres admin connection: ${err.message}`));
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  };
  const url = `${PG_BASE}?schema=${schema}`;
  onSchema?.({ url, mainWorkspaceId: `w-${MAIN}`, drop });
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], {
      cwd: path.join(import.meta.dirname, ".."),
      // The schema is ours alone; the database-wide advisory lock would make us wait on other test runs.
      env: { ...process.env, DATABASE_URL: url, PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const db = new PrismaClient({ adapter: createAdapter(url) });
    const ids = Array.from({ length: count }, (_, i) => userId(i));
    const smalls = [...new Set(ids.map((_, i) => smallSlug(i)))];
    await db.workspace.createMany({ data: [MAIN, ...smalls, ...Object.keys(extra)].map((slug) => ({ id: `w-${slug}`, slug, name: slug })) });
    for (let i = 0; i < count; i += 5_000) {
      const chunk = ids.slice(i, i + 5_000);
      await db.user.createMany({
        data: chunk.map((id) => ({ id, email: `${id}@bench.roster`, name: id, passwordHash: "bench-no-password" })),
      });
      await db.membership.createMany({
        data: chunk.flatMap((id, j) => [
          { workspaceId: `w-${MAIN}`, userId: id, role: i + j === 0 ? ("owner" as const) : ("member" as const) },
          { workspaceId: `w-${smallSlug(i + j)}`, userId: id },
        ]),
      });
    }
    for (const [slug, size] of Object.entries(extra)) {
      await db.membership.createMany({ data: ids.slice(0, size).map((id) => ({ workspaceId: `w-${slug}`, userId: id })) });
    }
    for (let i = 0; i < count; i += 5_000) {
      const expiresAt = new Date(Date.now() + 7 * 86_400_000);
      await db.session.createMany({ data: ids.slice(i, i + 5_000).map((id) => ({ id: `s-${id}`, userId: id, expiresAt })) });
    }
    await db.$disconnect();
    const cookies = await Promise.all(ids.map(async (sub) => `next-auth.session-token=${await encode({ token: { sub, sid: `s-${sub}` }, secret })}`));
    fs.mkdirSync(path.dirname(USERS_FILE), { recursive: true });
    fs.writeFileSync(USERS_FILE, JSON.stringify(ids.map((id, i) => ({ id, cookie: cookies[i] }))));
    return { url, mainWorkspaceId: `w-${MAIN}`, drop };
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
}

/** Workspace slug of the subscribed storm rows (9s/10s), by size (`bench-storm-sub-20000`). */
export const stormSubSlug = (size: number) => `bench-storm-sub-${size}`;

/** Workspace slug of the company-scale phase, by size (`bench-scale-50000`). */
export const scaleSlug = (size: number) => `bench-scale-${size}`;

/**
 * Company-scale workspaces (the `scale` phase): for each size, a workspace of users 0..size-1,
 * creating the users past the first `count` (no sessions: they never connect). Fast like `seed`
 * (createMany, 5,000 rows a statement). Returns the workspace ids by size.
 */
export async function seedScale(db: Database, count: number, sizes: number[], slugOf: (size: number) => string = scaleSlug): Promise<Record<number, string>> {
  const client = new PrismaClient({ adapter: createAdapter(db.url) });
  try {
    const most = Math.max(count, ...sizes);
    const have = new Set((await client.user.findMany({ where: { id: { gte: userId(count) } }, select: { id: true } })).map((u) => u.id));
    const extra = Array.from({ length: most - count }, (_, i) => userId(count + i)).filter((id) => !have.has(id));
    for (let i = 0; i < extra.length; i += 5_000) {
      await client.user.createMany({ data: extra.slice(i, i + 5_000).map((id) => ({ id, email: `${id}@bench.roster`, name: id, passwordHash: "bench-no-password" })) });
    }
    const out: Record<number, string> = {};
    for (const size of sizes) {
      const id = `w-${slugOf(size)}`;
      out[size] = id;
      if (await client.workspace.findUnique({ where: { id } })) continue;
      await client.workspace.create({ data: { id, slug: slugOf(size), name: slugOf(size) } });
      for (let i = 0; i < size; i += 5_000) {
        const n = Math.min(5_000, size - i);
        await client.membership.createMany({ data: Array.from({ length: n }, (_, j) => ({ workspaceId: id, userId: userId(i + j), role: i + j === 0 ? ("owner" as const) : ("member" as const) })) });
      }
    }
    return out;
  } finally {
    await client.$disconnect();
  }
}
