// scripts/backup.sh and scripts/restore.sh against the real PostgreSQL: a scratch database is
// migrated and filled through Prisma, backed up, restored into a second scratch database and
// compared table by table. Both databases are dropped afterwards.
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { createAdapter } from "@/server/db-adapter";
import { PG_BASE } from "./global-setup";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BACKUP = path.join(ROOT, "scripts/backup.sh");
const RESTORE = path.join(ROOT, "scripts/restore.sh");
// A schema other than `public`, so the `?schema=` handling of both scripts is exercised.
const SCHEMA = "roster_data";

const suffix = `${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
const srcDb = `roster_backup_src_${suffix}`;
const dstDb = `roster_backup_dst_${suffix}`;
const created: string[] = [];
const dbUrl = (db: string, schema?: string) => {
  const url = new URL(PG_BASE);
  url.pathname = `/${db}`;
  if (schema) url.searchParams.set("schema", schema);
  return url.toString();
};

let admin: pg.Client;
let dir: string;

function migrateDeploy(databaseUrl: string): string {
  return execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function run(script: string, args: string[], env: Record<string, string | undefined> = {}) {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  return spawnSync(script, args, { cwd: ROOT, env: merged, encoding: "utf8" });
}

async function createDb(name: string) {
  await admin.query(`CREATE DATABASE "${name}"`);
  created.push(name);
}

/** Every table of the schema with its row count and rows ordered by every column, as text. */
async function snapshot(db: string) {
  const client = new pg.Client({ connectionString: dbUrl(db) });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
      [SCHEMA],
    );
    const out: Record<string, { count: number; rows: string[] }> = {};
    for (const { table_name } of tables.rows) {
      const rows = await client.query<{ r: string }>(`SELECT t::text AS r FROM "${SCHEMA}"."${table_name}" t ORDER BY 1`);
      out[table_name] = { count: rows.rowCount ?? 0, rows: rows.rows.map((x) => x.r) };
    }
    return out;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-backup-test-"));
});

afterAll(async () => {
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("restores a backup into another database with the same rows, and nothing left to migrate", async () => {
    await createDb(srcDb);
    migrateDeploy(dbUrl(srcDb, SCHEMA));

    // Real data, written through the app's Prisma client.
    const db = new PrismaClient({ adapter: createAdapter(dbUrl(srcDb, SCHEMA)) });
    const sentAt = new Date("2026-11-20T10:11:12.345Z");
    try {
      const [ada, bob, cy] = await Promise.all(
        ["Ada", "Bob", "Cy"].map((name) =>
          db.user.create({
            data: { name, email: `${name.toLowerCase()}@backup.test`, passwordHash: `$argon2id$v=19$fake-${name}`, emailVerifiedAt: sentAt },
          }),
        ),
      );
      await db.user.update({ where: { id: cy!.id }, data: { presenceMode: "invisible", lastSeenAt: sentAt } });
      const ws = await db.workspace.create({ data: { slug: "acme", name: "Acme Ltd" } });
      await db.membership.createMany({
        data: [
          { workspaceId: ws.id, userId: ada!.id, role: "owner" },
          { workspaceId: ws.id, userId: bob!.id, role: "admin" },
          { workspaceId: ws.id, userId: cy!.id },
        ],
      });
      await db.invite.create({
        data: { workspaceId: ws.id, email: "dee@backup.test", invitedById: ada!.id, expiresAt: new Date("2026-12-01T00:00:00Z") },
      });
      const dm = await db.conversation.create({
        data: {
          workspaceId: ws.id,
          directKey: [ada!.id, bob!.id].sort().join(":"),
          lastMessageAt: sentAt,
          participants: { create: [{ userId: ada!.id }, { userId: bob!.id }] },
        },
      });
      await db.message.createMany({
        data: [
          { id: "msg-1", conversationId: dm.id, senderId: ada!.id, body: "Hello Bob", createdAt: sentAt },
          { id: "msg-2", conversationId: dm.id, senderId: bob!.id, body: "Héllo Ada — ✓ 'quotes' \"and\" \\ backslash\nnew line", createdAt: sentAt },
          { id: "msg-3", conversationId: dm.id, senderId: ada!.id, body: "x".repeat(4000) },
        ],
      });
      await db.reaction.create({ data: { messageId: "msg-2", userId: ada!.id, emoji: "👍" } });
      // A picture: bytes that are not text, every value 0-255.
      await db.avatar.create({ data: { userId: ada!.id, large: Buffer.from(Array.from({ length: 256 }, (_, i) => i)), small: Buffer.from([0, 255, 10, 13]) } });
      await db.invisibleAllow.create({ data: { ownerId: cy!.id, viewerId: ada!.id } });
      await db.session.create({ data: { userId: ada!.id, expiresAt: new Date("2026-12-27T00:00:00Z") } });
      await db.authToken.create({ data: { id: "sha256-of-token", userId: bob!.id, purpose: "resetPassword", expiresAt: sentAt } });
    } finally {
      await db.$disconnect();
    }

    // Backup: prints the file it wrote, named with a UTC timestamp; no temporary file is left.
    const backup = run(BACKUP, [dir], { DATABASE_URL: dbUrl(srcDb, SCHEMA) });
    expect(backup.stderr).toBe("");
    expect(backup.status).toBe(0);
    const file = backup.stdout.trim();
    expect(path.dirname(file)).toBe(dir);
    expect(path.basename(file)).toMatch(/^roster-\d{8}T\d{6}Z\.dump$/);
    expect(fs.readdirSync(dir)).toEqual([path.basename(file)]);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("PGDMP"); // custom format

    // Restore into a second, empty database.
    await createDb(dstDb);
    const restore = run(RESTORE, [file, dbUrl(dstDb, SCHEMA)]);
    expect(restore.stderr).toBe("");
    expect(restore.status).toBe(0);

    const [before, after] = await Promise.all([snapshot(srcDb), snapshot(dstDb)]);
    expect(Object.keys(before).sort()).toEqual(
      ["AuthToken", "Avatar", "Conversation", "ConversationParticipant", "InvisibleAllow", "Invite", "Membership", "Message", "Reaction", "Session", "User", "Workspace", "_prisma_migrations"],
    );
    expect(Object.fromEntries(Object.entries(after).map(([t, v]) => [t, v.count]))).toEqual({
      AuthToken: 1, Avatar: 1, Conversation: 1, ConversationParticipant: 2, InvisibleAllow: 1, Invite: 1, Membership: 3,
      Message: 3, Reaction: 1, Session: 1, User: 3, Workspace: 1, _prisma_migrations: before._prisma_migrations!.count,
    });
    expect(after).toEqual(before);

    // Specific rows, read back through Prisma from the restored database.
    const restored = new PrismaClient({ adapter: createAdapter(dbUrl(dstDb, SCHEMA)) });
    try {
      const msg = await restored.message.findUniqueOrThrow({ where: { id: "msg-2" }, include: { sender: true } });
      expect(msg.body).toBe("Héllo Ada — ✓ 'quotes' \"and\" \\ backslash\nnew line");
      expect(msg.createdAt.toISOString()).toBe(sentAt.toISOString());
      expect(msg.sender.email).toBe("bob@backup.test");
      expect(await restored.reaction.findMany({ where: { messageId: "msg-2" }, select: { emoji: true } })).toEqual([{ emoji: "👍" }]);
      const adaId = (await restored.user.findUniqueOrThrow({ where: { email: "ada@backup.test" } })).id;
      const picture = await restored.avatar.findUniqueOrThrow({ where: { userId: adaId } });
      expect([...picture.large]).toEqual(Array.from({ length: 256 }, (_, i) => i));
      expect([...picture.small]).toEqual([0, 255, 10, 13]);
      const ws = await restored.workspace.findUniqueOrThrow({ where: { slug: "acme" }, include: { memberships: { include: { user: true } } } });
      expect(ws.name).toBe("Acme Ltd");
      expect(ws.memberships.map((m) => [m.user.name, m.role]).sort()).toEqual([["Ada", "owner"], ["Bob", "admin"], ["Cy", "member"]]);
      const cy = await restored.user.findUniqueOrThrow({ where: { email: "cy@backup.test" } });
      expect(cy.presenceMode).toBe("invisible");
      expect(cy.passwordHash).toBe("$argon2id$v=19$fake-Cy");
      expect((await restored.authToken.findUniqueOrThrow({ where: { id: "sha256-of-token" } })).purpose).toBe("resetPassword");
    } finally {
      await restored.$disconnect();
    }

    // The restored database is at the current migration: nothing pending.
    expect(migrateDeploy(dbUrl(dstDb, SCHEMA))).toContain("No pending migrations to apply.");

    // Restoring again over the restored data (--clean --if-exists) gives the same result.
    const again = run(RESTORE, [file, dbUrl(dstDb, SCHEMA)]);
    expect(again.status).toBe(0);
    expect(await snapshot(dstDb)).toEqual(before);

    // pg_restore cannot rename schemas: a target schema the dump does not hold is refused.
    const wrong = run(RESTORE, [file, dbUrl(dstDb, "elsewhere")]);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('holds no schema "elsewhere"');
  }, 180_000);

  it("restore refuses to run without an explicit target, even with DATABASE_URL set", () => {
    const file = path.join(dir, "any.dump");
    fs.writeFileSync(file, "");
    for (const args of [[], [file], [file, ""]]) {
      const r = run(RESTORE, args, { DATABASE_URL: dbUrl("must_not_be_used") });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain("usage: scripts/restore.sh FILE TARGET_URL");
    }
  });

  it("backup fails with a non-zero exit and leaves no file when pg_dump fails or DATABASE_URL is missing", () => {
    const out = fs.mkdtempSync(path.join(dir, "failed-"));
    const missing = run(BACKUP, [out], { DATABASE_URL: undefined });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("DATABASE_URL is not set");
    const unreachable = run(BACKUP, [out], { DATABASE_URL: dbUrl(`roster_backup_missing_${suffix}`, SCHEMA) });
    expect(unreachable.status).not.toBe(0);
    expect(unreachable.stdout).toBe("");
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
