// Starts a production Roster server for the end-to-end run.
//   tsx e2e/serve.ts embedded <port>   embedded PGlite (fresh folder) + in-process presence
//   tsx e2e/serve.ts services <port>   real PostgreSQL (fresh schema) + Redis
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { migrateEmbedded } from "../prisma/migrate";

const [mode, port] = process.argv.slice(2);
if ((mode !== "embedded" && mode !== "services") || !port) {
  console.error("usage: tsx e2e/serve.ts embedded|services <port>");
  process.exit(2);
}

Object.assign(process.env, {
  NODE_ENV: "production",
  PORT: port,
  HOST: "127.0.0.1",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  NEXTAUTH_SECRET: "e2e-secret-not-for-production-0123456789",
  DATA_DIR: `.data/e2e-${mode}`,
  PRESENCE_GRACE_MS: process.env.PRESENCE_GRACE_MS ?? "1500",
  // The away setting's "after a minute" waits 8 s here (e2e/away-setting.spec.ts): Playwright's
  // page.clock cannot stand in, since moving the page's clock a minute also expires the socket's ping.
  PRESENCE_AWAY_DELAY_MS: process.env.PRESENCE_AWAY_DELAY_MS ?? "8000",
  // Public URL: email links and (http here) the session cookie's security come from it.
  NEXTAUTH_URL: `http://localhost:${port}`,
  // Every browser of the suite comes from one address.
  IP_LIMIT_FACTOR: process.env.IP_LIMIT_FACTOR ?? "100",
});
fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });

if (mode === "services") {
  const base = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const schema = `roster_e2e_${port}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  process.env.DATABASE_URL = `${base}?schema=${schema}`;
  process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  process.env.REDIS_PREFIX = `roster-e2e-${port}:`;
  // /metrics: token-gated on the app port, open on a private port (security.spec.ts).
  process.env.METRICS_TOKEN = "e2e-metrics-token-0123456789";
  process.env.METRICS_PORT = String(Number(port) + 1000);
} else {
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;
}

if (process.env.DATABASE_URL) execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"] });
else await migrateEmbedded();
// The compiled server (`npm run build`), as production runs it.
const compiled = new URL("../dist/server.js", import.meta.url).href;
if (!fs.existsSync(new URL(compiled))) throw new Error("dist/server.js is missing: run `npm run build` first.");
await import(compiled);
