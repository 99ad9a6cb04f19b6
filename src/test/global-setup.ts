// Vitest global setup: one migrated database of each kind for this run.
// - real PostgreSQL (127.0.0.1:5432, database `test`) in a fresh schema, dropped afterwards;
// - embedded PGlite in a temporary folder.
// Both are migrated exactly as `npm run db:migrate` does it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { migrateEmbedded } from "../../prisma/migrate";

export const PG_BASE = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

function migrate(env: Record<string, string>) {
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export default async function setup(project: TestProject) {
  const schema = `roster_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const pgUrl = `${PG_BASE}?schema=${schema}`;
  const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-pglite-"));

  migrate({ DATABASE_URL: pgUrl });
  await migrateEmbedded(pgliteDir);

  project.provide("pgUrl", pgUrl);
  project.provide("pgliteDir", pgliteDir);

  return async () => {
    await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
    await admin.end();
    fs.rmSync(pgliteDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
    pgliteDir: string;
  }
}
