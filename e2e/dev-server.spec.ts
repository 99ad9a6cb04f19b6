import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

// `npm run dev` as a new developer runs it: the source server in development (Turbopack), on
// the embedded defaults with the demo seed, opened at http://127.0.0.1 as well as localhost.
// Next.js blocks its development resources for origins it does not know, which left a page
// opened at 127.0.0.1 without JavaScript; this signs in and connects from both names.
const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.E2E_PORT_BASE ?? 3210) + 20;
const DATA_DIR = path.join(ROOT, ".data", "e2e-dev");
let server: ChildProcess | undefined;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  const env = { ...process.env, NODE_ENV: "development", PORT: String(PORT), DATA_DIR, NEXT_TELEMETRY_DISABLED: "1" } as NodeJS.ProcessEnv;
  for (const key of ["DATABASE_URL", "REDIS_URL", "NEXTAUTH_URL", "HOST", "SMTP_URL"]) delete env[key];
  const tsx = path.join(ROOT, "node_modules/.bin/tsx");
  execFileSync(tsx, ["prisma/migrate.ts"], { cwd: ROOT, env, stdio: "ignore" });
  execFileSync(tsx, ["prisma/seed.ts"], { cwd: ROOT, env, stdio: "ignore" });
  server = spawn(tsx, ["server.ts"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  server.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  await expect.poll(() => output, { timeout: 90_000 }).toContain("Roster ready");
});

test.afterAll(() => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
});

for (const host of ["127.0.0.1", "localhost"]) {
  test(`the development server works when opened at ${host}`, async ({ page }) => {
    test.setTimeout(240_000); // the first visit compiles the pages (Turbopack, on 2 cores next to another spec)
    await page.goto(`http://${host}:${PORT}/signin`);
    await signInAs(page, "alice@demo.roster", "roster-demo");
    // The page's own scripts prove it works ("Connected" below), not the load event: a development
    // page may keep compiling lazily loaded chunks well after its content is there.
    await page.waitForURL(`http://${host}:${PORT}/w/demo`, { timeout: 120_000, waitUntil: "domcontentloaded" });
    // "Connected" comes from the client's socket: the page hydrated and its scripts loaded.
    await expect(page.getByText("Connected", { exact: true })).toBeVisible({ timeout: 90_000 });
  });
}

test("the development server listens on this machine only by default", async () => {
  // HOST unset in development means 127.0.0.1: another address of this machine is refused.
  const external = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal);
  test.skip(!external, "this machine has no address besides loopback");
  const reached = await new Promise<boolean>((resolve) => {
    const socket = net.connect(PORT, external!.address, () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
  });
  expect(reached).toBe(false);
  expect(await fetch(`http://127.0.0.1:${PORT}/signin`).then((r) => r.status)).toBe(200);
});
