import { expect, test } from "@playwright/test";
import { apiSignUp } from "./api-session";
import { runFuzz } from "./fuzz-run";
import { runSocketFuzz, SOCKET_BAD_TEXTS } from "./socket-fuzz-run";

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

/** Sends JSON text as written (so "\\udfff" stays an escape) and returns the status and body. */
async function sendJson(base: string, method: string, path: string, json: string, cookie?: string) {
  const res = await fetch(`${base}${path}`, { method, headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) }, body: json });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: string } };
}

test("lone surrogates, NUL and bidi characters over HTTP and the socket: 400s and clear errors, no 500, no 'Something went wrong' @core", async ({}, info) => {
  test.setTimeout(240_000);
  const base = info.project.use.baseURL!;
  const owner = await apiSignUp(base, "Text fuzz");
  const peer = await apiSignUp(base, "Text peer");

  // Issue 17's three 500s answer 400, naming the field.
  const signUp = await sendJson(base, "POST", "/api/signup", `{"name":"\\udfff","email":"text-${Date.now()}@fuzz.roster","password":"correct horse battery staple"}`);
  expect(signUp).toEqual({ status: 400, body: { ok: false, error: "Name contains an invalid character." } });
  expect(await sendJson(base, "POST", "/api/workspaces", `{"name":"ab\\ud800"}`, owner.cookie)).toEqual({ status: 400, body: { ok: false, error: "Name contains an invalid character." } });
  expect(await sendJson(base, "PUT", "/api/me/status", `{"text":"\\ud83d"}`, owner.cookie)).toEqual({ status: 400, body: { ok: false, error: "Text contains an invalid character." } });
  // A spoofing name is refused; status text and workspace names follow the same rule.
  const spoof = await sendJson(base, "POST", "/api/signup", `{"name":"Admin\\u202e (nimda)\\u0007\\b","email":"spoof-${Date.now()}@fuzz.roster","password":"correct horse battery staple"}`);
  expect(spoof).toEqual({ status: 400, body: { ok: false, error: "Name cannot contain control characters." } });
  expect(await sendJson(base, "POST", "/api/workspaces", `{"name":"Team\\u2066"}`, owner.cookie)).toEqual({ status: 400, body: { ok: false, error: "Workspace name cannot contain text direction characters." } });

  // A workspace with a DM between the two, so messages reach the database.
  const ws = await sendJson(base, "POST", "/api/workspaces", `{"name":"Text fuzz \\ud83d\\ude80"}`, owner.cookie);
  expect(ws.status).toBe(201);
  const slug = (ws.body as unknown as { data: { slug: string } }).data.slug;
  expect((await sendJson(base, "POST", `/api/workspaces/${slug}/invites`, JSON.stringify({ email: peer.email }), owner.cookie)).status).toBe(201);
  const invitations = (await (await fetch(`${base}/api/me/invitations`, { headers: { cookie: peer.cookie } })).json()) as { data: { invitations: { id: string; workspace: { slug: string } }[] } };
  const inviteId = invitations.data.invitations.find((i) => i.workspace.slug === slug)!.id;
  expect((await sendJson(base, "POST", `/api/me/invitations/${inviteId}/accept`, "{}", peer.cookie)).status).toBe(200);
  const peerId = ((await (await fetch(`${base}/api/auth/session`, { headers: { cookie: peer.cookie } })).json()) as { user: { id: string } }).user.id;
  const dm = await sendJson(base, "POST", `/api/workspaces/${slug}/conversations`, JSON.stringify({ userIds: [peerId] }), owner.cookie);
  expect(dm.status).toBe(201);
  const conversationId = (dm.body as unknown as { data: { id: string } }).data.id;

  // Issue 17's socket cases answer a clear error.
  const { io } = await import("socket.io-client");
  const socket = io(base, { transports: ["websocket"], extraHeaders: { cookie: owner.cookie }, auth: { workspace: slug }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const ack = (event: string, payload: unknown) => socket.timeout(10_000).emitWithAck(event, payload) as Promise<{ ok: boolean; error?: string }>;
  try {
    expect(await ack("message:send", { conversationId, body: "\ud800" })).toEqual({ ok: false, error: "Message contains an invalid character." });
    expect(await ack("message:send", { conversationId, body: "\u0000" })).toEqual({ ok: false, error: "Message must not contain NUL characters." });
    expect(await ack("message:sendDirect", { userId: peerId, body: "\udfff" })).toEqual({ ok: false, error: "Message contains an invalid character." });
    expect(await ack("status:set", { text: "\ud83d" })).toEqual({ ok: false, error: "The status contains an invalid character." });
    // Messages refuse lone surrogates, NUL and control characters; text direction characters
    // alone are allowed in messages (right-to-left writing needs them) and isolated where shown.
    const DIRECTION_ONLY = /^[^\u0000-\u001f\u007f-\u009f\ud800-\udfff]*$/;
    for (const body of SOCKET_BAD_TEXTS) {
      const answer = await ack("message:send", { conversationId, body });
      expect(answer.ok, JSON.stringify(body)).toBe(DIRECTION_ONLY.test(body));
      expect(answer.error ?? "").not.toMatch(/Something went wrong/);
    }
  } finally {
    socket.close();
  }

  const seed = SEED + 17;
  const http = await runFuzz({ port: Number(new URL(base).port), seed, count: 600, slug, cookie: owner.cookie });
  console.log(`text fuzz over HTTP, seed ${seed} on ${info.project.name}: 600 requests in ${http.seconds.toFixed(1)} s, statuses ${http.summary}`);
  expect(http.failures, `seed ${seed}:\n${http.failures.slice(0, 30).join("\n")}`).toEqual([]);
  const sock = await runSocketFuzz({ url: base, cookie: owner.cookie, slug, seed, count: 600, targets: { conversationId, peerId } });
  console.log(`text fuzz over the socket, seed ${seed} on ${info.project.name}: 600 events in ${sock.seconds.toFixed(1)} s, answers ${sock.summary}`);
  expect(sock.failures, `seed ${seed}:\n${sock.failures.slice(0, 30).join("\n")}`).toEqual([]);
});
