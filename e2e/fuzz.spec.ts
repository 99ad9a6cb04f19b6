import { expect, test } from "@playwright/test";
import { apiSignUp } from "./api-session";
import { runFuzz } from "./fuzz-run";

// A seeded fuzz of malformed requests against the production server: no answer may be a 5xx,
// and none may show internals. FUZZ_SEED=<n> replays a run; FUZZ_COUNT changes its size.
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const COUNT = Number(process.env.FUZZ_COUNT ?? 2000);

test("2,000 malformed requests, signed out and signed in: no 5xx, no internals @core", async ({ request }, info) => {
  test.setTimeout(180_000);
  const base = info.project.use.baseURL!;
  // A signed-in user with a workspace of their own, so routes get past the session and membership checks.
  const user = await apiSignUp(base, "Fuzz");
  const ws = await request.post("/api/workspaces", { headers: { cookie: user.cookie }, data: { name: "Fuzz team" } });
  expect(ws.status()).toBe(201);
  const slug = ((await ws.json()) as { data: { slug: string } }).data.slug;
  const { failures, summary, seconds } = await runFuzz({ port: Number(new URL(base).port), seed: SEED, count: COUNT, slug, cookie: user.cookie });
  console.log(`fuzz seed ${SEED} on ${info.project.name}: ${COUNT} requests in ${seconds.toFixed(1)} s, statuses ${summary}`);
  expect(failures, `seed ${SEED} (FUZZ_SEED=${SEED} to replay):\n${failures.slice(0, 30).join("\n")}`).toEqual([]);
});
