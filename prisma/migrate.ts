// `npm run db:migrate`: applies prisma/migrations.
// - With DATABASE_URL: `prisma migrate deploy` against PostgreSQL.
// - Embedded (no DATABASE_URL): applied here to PGlite, recorded in _prisma_migrations the way
//   `prisma migrate deploy` records them (same table, checksums and names), so the two stay
//   interchangeable. The Prisma CLI leaves PGlite open when nothing is pending and never exits.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pgliteDir } from "../src/server/db-adapter";
import { makePrivate, privateUmask } from "../src/server/private-files";

// prisma/migrate.ts under tsx, dist/migrate.js compiled.
const MIGRATIONS = path.join(import.meta.dirname, path.basename(import.meta.dirname) === "dist" ? "../prisma" : ".", "migrations");

export async function migrateEmbedded(dir = pgliteDir()): Promise<string[]> {
  makePrivate(dir);
  const db = new PGlite(dir);
  try {
    await db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = await db.query<{ migration_name: string }>(
      `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    );
    const applied = new Set(done.rows.map((r) => r.migration_name));
    const names = fs.readdirSync(MIGRATIONS).filter((n) => fs.existsSync(path.join(MIGRATIONS, n, "migration.sql"))).sort();
    const ran: string[] = [];
    for (const name of names.filter((n) => !applied.has(n))) {
      const sql = fs.readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8");
      const checksum = crypto.createHash("sha256").update(sql).digest("hex");
      await db.transaction(async (tx) => {
        await tx.exec(sql);
        await tx.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count") VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), checksum, name],
        );
      });
      ran.push(name);
    }
    return ran;
  } finally {
    await db.close();
    makePrivate(dir); // files PGlite wrote, whatever the caller's umask
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  privateUmask();
  if (process.env.DATABASE_URL) {
    // Compiled (production): the CLI loads the compiled config, so no TypeScript source is needed.
    const config = path.basename(import.meta.dirname) === "dist" ? ["--config", path.join(import.meta.dirname, "prisma.config.js")] : [];
    execFileSync("node_modules/.bin/prisma", ["migrate", "deploy", ...config], { stdio: "inherit" });
  } else {
    const ran = await migrateEmbedded();
    console.log(ran.length ? `Applied ${ran.join(", ")} to the embedded database.` : "Embedded database is up to date.");
  }
}
