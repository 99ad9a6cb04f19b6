import type { IncomingMessage, ServerResponse } from "node:http";
import { metrics } from "./metrics";

// HTTP request durations by method, route pattern and status. Labels stay few: a path maps to
// one of the app's routes (ids and slugs become :params) or to "other".

/** The app's routes (src/app), plus what the custom server answers itself. ":x" is one segment, "*" the rest. */
const ROUTES = [
  "/",
  "/signin",
  "/signup",
  "/forgot",
  "/reset",
  "/verify",
  "/account",
  "/invitations",
  "/new",
  "/join/confirm",
  "/join/:token",
  "/dev/outbox",
  "/w/:slug",
  "/w/:slug/admin",
  "/w/:slug/c/:id",
  "/w/:slug/channels",
  "/w/:slug/dm/:id",
  "/w/:slug/dm/with/:userId",
  "/w/:slug/search",
  "/api/auth/*",
  "/api/join",
  "/api/avatars/:userId",
  "/api/me/allowlist",
  "/api/me/avatar",
  "/api/me/away",
  "/api/me/dnd",
  "/api/me/invitations",
  "/api/me/invitations/:inviteId",
  "/api/me/invitations/:inviteId/accept",
  "/api/me/password",
  "/api/me/presence",
  "/api/me/privacy",
  "/api/me/profile",
  "/api/me/sessions/end-all",
  "/api/me/status",
  "/api/me/theme",
  "/api/password/forgot",
  "/api/password/reset",
  "/api/signup",
  "/api/verify",
  "/api/workspaces",
  "/api/workspaces/:slug/channels",
  "/api/workspaces/:slug/channels/:channelId",
  "/api/workspaces/:slug/channels/:channelId/join",
  "/api/workspaces/:slug/channels/:channelId/leave",
  "/api/workspaces/:slug/channels/:channelId/members",
  "/api/workspaces/:slug/channels/:channelId/notify",
  "/api/workspaces/:slug/conversations",
  "/api/workspaces/:slug/invites",
  "/api/workspaces/:slug/invites/:inviteId",
  "/api/workspaces/:slug/leave",
  "/api/workspaces/:slug/members",
  "/api/workspaces/:slug/members/:userId",
  "/api/workspaces/:slug/owner",
  "/api/workspaces/:slug/people",
  "/api/workspaces/:slug/presence",
  "/api/workspaces/:slug/search",
  "/_next/static/*",
  "/_next/image",
  "/_next/*",
  "/favicon.ico",
  "/socket.io/*",
  "/healthz",
  "/readyz",
  "/metrics",
].map((route) => ({ route: route === "/socket.io/*" ? "/socket.io" : route, parts: route.split("/").slice(1) }));

/** The route pattern of a path (no query string), e.g. "/w/acme/dm/c1" -> "/w/:slug/dm/:id"; "other" if none. */
export function routeLabel(pathname: string): string {
  if (pathname === "/") return "/";
  const parts = pathname.replace(/\/$/, "").split("/").slice(1);
  for (const { route, parts: pattern } of ROUTES) {
    if (matches(pattern, parts)) return route;
  }
  return "other";
}

function matches(pattern: string[], parts: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === "*") return true; // "/x/*" also takes "/x" itself
    const part = parts[i];
    if (part === undefined || part === "") return false;
    if (!p.startsWith(":") && p !== part) return false;
  }
  return pattern.length === parts.length;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Records the request's duration once its response ends (or its connection closes first: status "aborted"). */
export function observeHttp(req: IncomingMessage, res: ServerResponse): void {
  const start = process.hrtime.bigint();
  const method = METHODS.has(req.method ?? "") ? req.method! : "other";
  const route = routeLabel((req.url ?? "/").split("?")[0]!);
  let done = false;
  const record = (status: string) => {
    if (done) return;
    done = true;
    metrics.http.observe({ method, route, status }, Number(process.hrtime.bigint() - start) / 1e9);
  };
  res.once("finish", () => record(String(res.statusCode)));
  res.once("close", () => record(res.writableFinished ? String(res.statusCode) : "aborted"));
}
