import fs from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observeHttp, routeLabel } from "./http-metrics";
import { metricValue } from "@/test/metric-values";

describe("routeLabel", () => {
  it.each([
    ["/", "/"],
    ["/signin", "/signin"],
    ["/signup/", "/signup"],
    ["/forgot", "/forgot"],
    ["/reset", "/reset"],
    ["/verify", "/verify"],
    ["/account", "/account"],
    ["/invitations", "/invitations"],
    ["/new", "/new"],
    ["/dev/outbox", "/dev/outbox"],
    ["/join/confirm", "/join/confirm"],
    ["/join/Ab_9-Ab_9-Ab_9-Ab_9-Ab_9-Ab_9-Ab_9-Ab_9-xyz", "/join/:token"],
    ["/w/acme", "/w/:slug"],
    ["/w/acme-team-3f9a/", "/w/:slug"],
    ["/w/acme/admin", "/w/:slug/admin"],
    ["/w/acme/dm/cm4x8k2p0000", "/w/:slug/dm/:id"],
    ["/w/acme/dm/with/cm4x8k2p0001", "/w/:slug/dm/with/:userId"],
    ["/api/auth/session", "/api/auth/*"],
    ["/api/auth/callback/credentials", "/api/auth/*"],
    ["/api/me/allowlist", "/api/me/allowlist"],
    ["/api/me/invitations", "/api/me/invitations"],
    ["/api/me/invitations/inv123", "/api/me/invitations/:inviteId"],
    ["/api/me/invitations/inv123/accept", "/api/me/invitations/:inviteId/accept"],
    ["/api/me/password", "/api/me/password"],
    ["/api/me/presence", "/api/me/presence"],
    ["/api/me/sessions/end-all", "/api/me/sessions/end-all"],
    ["/api/password/forgot", "/api/password/forgot"],
    ["/api/password/reset", "/api/password/reset"],
    ["/api/signup", "/api/signup"],
    ["/api/join", "/api/join"],
    ["/api/verify", "/api/verify"],
    ["/api/workspaces", "/api/workspaces"],
    ["/api/workspaces/acme/conversations", "/api/workspaces/:slug/conversations"],
    ["/api/workspaces/acme/invites", "/api/workspaces/:slug/invites"],
    ["/api/workspaces/acme/invites/inv9", "/api/workspaces/:slug/invites/:inviteId"],
    ["/api/workspaces/acme/leave", "/api/workspaces/:slug/leave"],
    ["/api/workspaces/acme/members", "/api/workspaces/:slug/members"],
    ["/api/workspaces/acme/members/u42", "/api/workspaces/:slug/members/:userId"],
    ["/api/workspaces/acme/owner", "/api/workspaces/:slug/owner"],
    ["/api/workspaces/acme/presence", "/api/workspaces/:slug/presence"],
    ["/_next/static/chunks/app/page-1a2b3c.js", "/_next/static/*"],
    ["/_next/static/css/app.css", "/_next/static/*"],
    ["/_next/image", "/_next/image"],
    ["/_next/webpack-hmr", "/_next/*"],
    ["/favicon.ico", "/favicon.ico"],
    ["/socket.io/", "/socket.io"],
    ["/healthz", "/healthz"],
    ["/readyz", "/readyz"],
    ["/metrics", "/metrics"],
    // Anything else, however many distinct paths a scanner tries, is one label.
    ["/wp-login.php", "other"],
    ["/w", "other"],
    ["/w/acme/dm", "other"],
    ["/w/acme/dm/c1/extra", "other"],
    ["/api/workspaces/acme", "other"],
    ["/api/unknown", "other"],
    ["//w/acme", "other"],
    ["", "other"],
  ])("%s -> %s", (path, route) => {
    expect(routeLabel(path)).toBe(route);
  });
});

describe("observeHttp (a real HTTP server)", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      observeHttp(req, res);
      if (req.url?.startsWith("/w/")) return void res.writeHead(200).end("ok");
      if (req.url === "/api/me/password") return void setTimeout(() => res.writeHead(500).end(), 30);
      if (req.url === "/readyz") return void req.socket.destroy(); // the connection ends with no response
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const name = "roster_http_request_duration_seconds";
  const count = (labels: Record<string, string>) => metricValue(name, labels);

  it("records one observation per request, by method, route pattern and status", async () => {
    await fetch(`${base}/w/acme?tab=1`);
    await fetch(`${base}/w/other-team`);
    await fetch(`${base}/w/acme/dm/c1`, { method: "HEAD" });
    await fetch(`${base}/api/me/password`, { method: "POST", body: "{}" });
    await fetch(`${base}/nope`);
    await fetch(`${base}/readyz`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50)); // the aborted request's close event
    expect(await count({ method: "GET", route: "/w/:slug", status: "200" })).toBe(2);
    expect(await count({ method: "HEAD", route: "/w/:slug/dm/:id", status: "200" })).toBe(1);
    expect(await count({ method: "POST", route: "/api/me/password", status: "500" })).toBe(1);
    expect(await count({ method: "GET", route: "other", status: "404" })).toBe(1);
    expect(await count({ method: "GET", route: "/readyz", status: "aborted" })).toBe(1);
    // The 500 answered after 30 ms took at least that long.
    expect(await metricValue(name, { method: "POST", route: "/api/me/password", status: "500" }, "sum")).toBeGreaterThanOrEqual(0.029);
  });
});

describe("routeLabel covers every page and API route in src/app", () => {
  // The pattern each page.tsx / route.ts file serves, read from the folder names: route groups
  // "(x)" dropped, "[param]" and "[...rest]" one sample segment. A new route without a line in
  // routeLabel would be counted as "other"; this names it.
  const app = path.resolve(import.meta.dirname, "../app");
  const files = (fs.readdirSync(app, { recursive: true }) as string[]).filter((f) => /(^|\/)(page\.tsx|route\.ts)$/.test(f));
  const urls = files.map((f) => {
    const segments = path.dirname(f).split(path.sep).filter((s) => s !== "." && !/^\(.*\)$/.test(s));
    return "/" + segments.map((s) => (s.startsWith("[") ? "sample-1" : s)).join("/");
  });

  it("finds the app's routes", () => {
    expect(urls).toContain("/w/sample-1/dm/with/sample-1");
    expect(urls).toContain("/api/auth/sample-1");
    expect(urls.length).toBeGreaterThan(30);
  });

  it.each(urls.map((u) => [u]))("%s has its own label", (url) => {
    expect(routeLabel(url)).not.toBe("other");
  });
});
