import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

// Health, readiness, request ids and draining on the production build. The first tests ask the
// suite's servers; the last starts its own server (embedded database) to send it SIGTERM.

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("/healthz answers while up; /readyz reports each dependency and is ready @core", async ({ request }, info) => {
  const healthz = await request.get("/healthz");
  expect(healthz.status()).toBe(200);
  expect(await healthz.json()).toEqual({ ok: true });
  expect(healthz.headers()["cache-control"]).toBe("no-store");

  const readyz = await request.get("/readyz");
  expect(readyz.status()).toBe(200);
  expect(readyz.headers()["cache-control"]).toBe("no-store");
  expect(readyz.headers()["content-type"]).toContain("application/json");
  const body = await readyz.json();
  const services = info.project.name === "services";
  expect(body).toMatchObject({
    ok: true,
    draining: false,
    checks: {
      database: { status: "ok" },
      redis: services ? { status: "ok" } : { status: "not used" },
      presence: { status: "ok" },
    },
  });
  expect(body.checks.database.latencyMs).toBeLessThan(1_000);
  if (services) expect(body.checks.redis.latencyMs).toBeLessThan(1_000);
  expect(body.checks.presence.lastBeatAgoMs).toBeLessThanOrEqual(12_000);
  // Only states and timings: no addresses, versions or settings.
  expect(Object.keys(body).sort()).toEqual(["checks", "draining", "ok"]);
  expect(JSON.stringify(body)).not.toMatch(/postgres|redis:\/\/|127\.0\.0\.1|secret/i);

  // No sign-in needed, and HEAD works for probes that use it; other methods are refused.
  expect((await request.head("/readyz")).status()).toBe(200);
  expect((await request.post("/healthz", { failOnStatusCode: false })).status()).toBe(405);
});

test("X-Request-Id: a safe one is echoed, a missing or unsafe one is replaced by a new UUID @core", async ({ request }) => {
  const id = `e2e-${Date.now().toString(36)}.req:1`;
  const page = await request.get("/signin", { headers: { "x-request-id": id } });
  expect(page.status()).toBe(200);
  expect(page.headers()["x-request-id"]).toBe(id);

  const generated = (await request.get("/signin")).headers()["x-request-id"];
  expect(generated).toMatch(UUID);
  expect((await request.get("/signin")).headers()["x-request-id"]).not.toBe(generated);

  for (const unsafe of ["has space", "<script>", "x".repeat(200)]) {
    const res = await request.get("/healthz", { headers: { "x-request-id": unsafe } });
    expect(res.headers()["x-request-id"]).toMatch(UUID);
  }
  // Answers from the guard (a refusal) carry it too.
  const refused = await request.post("/api/workspaces", { headers: { "x-request-id": id, "content-type": "text/plain" }, data: "x", failOnStatusCode: false });
  expect(refused.status()).toBe(415);
  expect(refused.headers()["x-request-id"]).toBe(id);
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("SIGTERM: /readyz turns 503 at once while pages still answer for SHUTDOWN_DELAY_MS, then the process drains and exits 0", async () => {
  test.setTimeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-drain-"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXTAUTH_SECRET: "e2e-drain-secret-not-for-production-0123456789",
    SHUTDOWN_DELAY_MS: "1500",
    LOG_LEVEL: "info",
  };
  for (const name of ["DATABASE_URL", "REDIS_URL", "METRICS_PORT", "METRICS_TOKEN", "SMTP_URL", "PGLITE_DIR"]) delete env[name];
  execFileSync("node", ["dist/migrate.js"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });

  const child = spawn("node", ["dist/server.js"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const base = `http://127.0.0.1:${port}`;
  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${base}${p}`, { headers, redirect: "manual" });

  try {
    await expect
      .poll(async () => (await get("/readyz").catch(() => null))?.status ?? 0, { timeout: 60_000, intervals: [200] })
      .toBe(200);
    const requestId = `drain-${Date.now().toString(36)}`;
    const first = await get("/signin", { "x-request-id": requestId });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-request-id")).toBe(requestId);

    const termAt = Date.now();
    child.kill("SIGTERM");
    let notReadyAfter = -1;
    while (Date.now() - termAt < 1_000) {
      const r = await get("/readyz");
      if (r.status === 503) {
        notReadyAfter = Date.now() - termAt;
        expect(await r.json()).toMatchObject({ ok: false, draining: true });
        break;
      }
      await sleep(20);
    }
    expect(notReadyAfter).toBeGreaterThanOrEqual(0);
    expect(notReadyAfter).toBeLessThan(300);

    // Still serving during the delay: liveness and a page.
    const healthz = await get("/healthz");
    expect(healthz.status).toBe(200);
    const page = await get("/signin");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("</html>");
    expect(Date.now() - termAt).toBeLessThan(1_500);

    const end = await exited;
    expect(end.code).toBe(0);
    expect(end.at - termAt).toBeGreaterThanOrEqual(1_500); // the delay was kept
    expect(end.at - termAt).toBeLessThan(11_500);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  // Production logs are JSON, one object a line; the access log names the request id that was sent.
  const lines = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, any>);
  const access = lines.find((l) => l.req?.id?.startsWith("drain-") && l.req?.url === "/signin");
  expect(access, stdout + stderr).toBeTruthy();
  expect(access).toMatchObject({ level: 30, req: { method: "GET", url: "/signin" }, res: { statusCode: 200 } });
  expect(typeof access!.responseTime).toBe("number");
  expect(JSON.stringify(access)).not.toMatch(/cookie|authorization/i);
  expect(lines.some((l) => /^Roster ready on http:\/\/localhost:\d+ \(database: pglite, presence: memory\)$/.test(l.msg))).toBe(true);
  expect(lines.some((l) => l.signal === "SIGTERM" && l.delayMs === 1500)).toBe(true);
});
