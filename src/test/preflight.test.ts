// `npm test` starts with scripts/preflight.mjs: it must pass here (everything is installed) and
// name each missing piece, with how to get it, when something is not there.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("npm test's preflight", () => {
  it("passes with PostgreSQL, Redis, a Chromium and nginx here", async () => {
    const { stdout, stderr } = await run("node", ["scripts/preflight.mjs"]);
    expect(stdout + stderr).toBe("");
  });

  it("stops in seconds with one line per missing piece and how to get it", async () => {
    const env = { ...process.env, TEST_PG_URL: "postgresql://x@127.0.0.1:1/t", TEST_REDIS_URL: "redis://127.0.0.1:1", CHROMIUM_PATH: "/no/chromium", NGINX_PATH: "/no/nginx" };
    const started = Date.now();
    const err = (await run("node", ["scripts/preflight.mjs"], { env }).then(() => null, (e: { code: number; stderr: string }) => e))!;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.code).toBe(1);
    const lines = err.stderr.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("missing: "))).toHaveLength(4);
    expect(err.stderr).toContain("missing: PostgreSQL");
    expect(err.stderr).toContain("missing: Redis");
    expect(err.stderr).toContain("npx playwright install chromium");
    expect(err.stderr).toContain("apt-get install nginx");
  });
});
