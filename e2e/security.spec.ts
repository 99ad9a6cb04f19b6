import { expect, test, type APIResponse } from "@playwright/test";
import { apiSignUp } from "./api-session";
import { chunked, head, rawRequest } from "./raw-http";
import { connected, createWorkspace, newPerson } from "./helpers";

// The HTTP surface of the production server: cross-site refusals, security headers and the
// nonce policy, the body limit, /metrics. The services server runs with METRICS_TOKEN.

const METRICS_TOKEN = "e2e-metrics-token-0123456789";
const baseOf = (info: { project: { use: { baseURL?: string } } }) => info.project.use.baseURL!;
const portOf = (base: string) => Number(new URL(base).port);

/** Where a signed-in user lands: /new while they have no workspace. */
async function landing(base: string, cookie: string) {
  const res = await fetch(`${base}/`, { headers: { cookie }, redirect: "manual" });
  return res.headers.get("location");
}

test("cross-site and text/plain mutations are refused with no effect; same-origin works @core", async ({ request }, info) => {
  const base = baseOf(info);
  const user = await apiSignUp(base, "Csrf");
  const post = (headers: Record<string, string>, body = JSON.stringify({ name: "Pwned team" })) =>
    request.post("/api/workspaces", { headers: { cookie: user.cookie, ...headers }, data: body, failOnStatusCode: false });
  const refused: [APIResponse, number][] = [
    [await post({ origin: "http://evil.example", "content-type": "application/json" }), 403],
    [await post({ origin: "null", "content-type": "application/json" }), 403],
    [await post({ "sec-fetch-site": "cross-site", "content-type": "application/json" }), 403],
    [await post({ origin: "http://evil.example", "content-type": "text/plain" }), 403],
    [await post({ "content-type": "text/plain" }), 415],
    [await post({ origin: base, "content-type": "text/plain;charset=UTF-8" }), 415],
    [await post({ "content-type": "application/x-www-form-urlencoded" }, "name=Pwned+team"), 415],
  ];
  for (const [res, status] of refused) {
    expect(res.status()).toBe(status);
    expect(await res.json()).toMatchObject({ ok: false });
  }
  expect((await post({ origin: "http://evil.example", "content-type": "application/json" })).headers()["content-type"]).toContain("json");
  expect(await landing(base, user.cookie)).toMatch(/\/new$/); // no workspace was created

  const same = await post({ origin: base, "sec-fetch-site": "same-origin", "content-type": "application/json" }, JSON.stringify({ name: "Real team" }));
  expect(same.status()).toBe(201);
  expect(await landing(base, user.cookie)).toMatch(/\/w\/real-team/);

  // next-auth takes form posts, but only from its own origin.
  const signOut = await request.post("/api/auth/signout", {
    headers: { cookie: user.cookie, origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" },
    data: "csrfToken=x",
    failOnStatusCode: false,
  });
  expect(signOut.status()).toBe(403);
});

test("security headers on a page, an API answer and a static file; the page carries the policy's nonce @core", async ({ request }) => {
  // The sign-up page (the sign-in page has no script at all).
  const page = await request.get("/signup");
  const html = await page.text();
  const api = await request.get("/api/auth/session");
  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toBeTruthy();
  const file = await request.get(asset!);
  expect(file.status()).toBe(200);
  const refused = await request.post("/api/signup", { headers: { "content-type": "text/plain" }, data: "x", failOnStatusCode: false });
  for (const res of [page, api, file, refused]) {
    const h = res.headers();
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["cross-origin-opener-policy"]).toBe("same-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["strict-transport-security"]).toBeUndefined(); // plain http here
  }
  const csp = page.headers()["content-security-policy"]!;
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-eval");
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  // A fresh nonce on every request.
  const again = (await request.get("/signup")).headers()["content-security-policy"]!;
  expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce);
});

test("pages hydrate under the policy with no violations: sign up, create a workspace, the socket connects @core", async ({ browser }) => {
  const violations: string[] = [];
  const ann = await newPerson(browser, "Csp");
  const watch = (p: typeof ann.page) => {
    p.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
  };
  watch(ann.page);
  await ann.page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  await createWorkspace(ann.page, `Csp ${Date.now().toString(36)}`);
  await connected(ann.page);
  await ann.page.reload();
  await connected(ann.page);
  // Signed out and back in through the form.
  await ann.page.getByRole("button", { name: "Sign out" }).click();
  await ann.page.waitForURL(/\/signin/);
  await ann.page.getByLabel("Email").fill(ann.email);
  await ann.page.getByLabel("Password").fill("correct horse battery");
  await ann.page.getByRole("button", { name: "Sign in" }).click();
  await connected(ann.page);
  expect(violations).toEqual([]);
  await ann.context.close();
});

test("the page refuses to be framed", async ({ browser }, info) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent(`<iframe id="f" src="${baseOf(info)}/signin"></iframe>`);
  await page.waitForTimeout(1000);
  const framed = page.frames().find((f) => f.url().includes("/signin"));
  // A blocked frame never loads the sign-in form.
  const hasForm = framed ? await framed.locator("form").count().catch(() => 0) : 0;
  expect(hasForm).toBe(0);
  await context.close();
});

test("bodies over 64 KiB get a 413, declared or chunked, on sign-up and next-auth @core", async ({ request }, info) => {
  const port = portOf(baseOf(info));
  const big = Buffer.from(JSON.stringify({ name: "x".repeat(100 * 1024), email: "a@b.c", password: "p" }));
  const declared = await request.post("/api/signup", { headers: { "content-type": "application/json" }, data: big, failOnStatusCode: false });
  expect(declared.status()).toBe(413);
  const streamed = await rawRequest(
    port,
    head("POST", "/api/signup", { Host: `localhost:${port}`, "Content-Type": "application/json", "Transfer-Encoding": "chunked" }),
    chunked(big, 8 * 1024),
  );
  expect(streamed.status).toBe(413);
  const form = Buffer.from(`email=${"a".repeat(100 * 1024)}&password=x`);
  const auth = await rawRequest(
    port,
    head("POST", "/api/auth/callback/credentials", { Host: `localhost:${port}`, "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" }),
    chunked(form, 8 * 1024),
  );
  expect(auth.status).toBe(413);
  const authDeclared = await request.post("/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: form,
    failOnStatusCode: false,
  });
  expect(authDeclared.status()).toBe(413);
  // Just under the limit is read and answered by the route.
  const fits = await request.post("/api/signup", {
    headers: { "content-type": "application/json" },
    data: JSON.stringify({ name: "x".repeat(60 * 1024), email: "a@b.c", password: "p" }),
    failOnStatusCode: false,
  });
  expect(fits.status()).toBe(400);
});

test("metrics: 404 on the app port without METRICS_TOKEN; with it, 401 without or with a wrong token and 200 with the right one @core", async ({ request }, info) => {
  const withToken = info.project.name === "services";
  if (!withToken) {
    expect((await request.get("/metrics", { failOnStatusCode: false })).status()).toBe(404);
    expect((await request.get("/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` }, failOnStatusCode: false })).status()).toBe(404);
    return;
  }
  expect((await request.get("/metrics", { failOnStatusCode: false })).status()).toBe(401);
  expect((await request.get("/metrics", { headers: { authorization: "Bearer wrong-token-wrong-token" }, failOnStatusCode: false })).status()).toBe(401);
  const ok = await request.get("/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toContain("roster_sockets_connected");
  // The private metrics port needs no token.
  const metricsPort = portOf(baseOf(info)) + 1000;
  const priv = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(priv.status).toBe(200);
  expect(await priv.text()).toContain("roster_sockets_connected");
});

test("the data folder is private @core", async ({}, info) => {
  // (The overwritten client address header is covered by src/server/http-guard/body.test.ts.)
  const fs = await import("node:fs");
  const path = await import("node:path");
  const dir = path.resolve(`.data/e2e-${info.project.name}`);
  if (!fs.existsSync(dir)) return;
  // Folders are 0700, so nothing inside is reachable by other users. PGlite sets the modes of files
  // it writes while running (0644) itself; the ones from before the start are 0600.
  const bad: string[] = [];
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    const mask = st.isDirectory() ? 0o077 : 0o022;
    if ((st.mode & mask) !== 0) bad.push(`${p} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
  };
  walk(dir);
  expect(bad.slice(0, 5)).toEqual([]);
});
