import type { IncomingMessage, ServerResponse } from "node:http";
import { CLIENT_IP_HEADER } from "../limits";
import { announcesBody, holdBody } from "./body";
import {
  BODY_LIMIT,
  checkBody,
  checkContentType,
  checkHost,
  checkLength,
  checkMethod,
  checkOrigin,
  checkRoute,
  checkUrl,
  forwardedHost,
  ownOrigins,
  pathOf,
  tooLarge,
  uploadOf,
  type Refusal,
} from "./checks";
import { clientAddress } from "./client-ip";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./headers";
import { metricsAccess } from "./metrics-access";
import { isHealthPath, type HealthPath } from "../health";

// The custom server's guard, run on every HTTP request before Next.js: client address, security
// headers, malformed and cross-site requests, body limit, /metrics access, health checks.

export interface GuardOptions {
  dev: boolean;
  trustProxy: boolean;
  /** NEXTAUTH_URL, when set. */
  publicUrl?: string;
  metricsToken?: string;
  bodyLimit?: number;
  serveMetrics: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** GET/HEAD /healthz and /readyz: answered here, without auth (they reveal nothing sensitive). */
  serveHealth?: (path: HealthPath, req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/** What to do with a request: hand it to Next, or it was answered here. */
export type GuardResult = "next" | "answered";

export function refuse(res: ServerResponse, r: Refusal, close = false): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ ok: false, error: r.error });
  res.writeHead(r.status, {
    ...r.headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    ...(close ? { connection: "close" } : {}),
  });
  res.end(body);
}

export function createGuard(opts: GuardOptions) {
  const limit = opts.bodyLimit ?? BODY_LIMIT;
  const httpsPublic = opts.publicUrl?.startsWith("https:") ?? false;

  return async function guard(req: IncomingMessage, res: ServerResponse): Promise<GuardResult> {
    // Overwrites whatever the client sent under this name.
    req.headers[CLIENT_IP_HEADER] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], opts.trustProxy);

    const forwardedHttps = opts.trustProxy && req.headers["x-forwarded-proto"] === "https";
    for (const [k, v] of Object.entries(securityHeaders({ hsts: !opts.dev && (httpsPublic || forwardedHttps) }))) res.setHeader(k, v);
    // Next takes the nonce from the request's policy; a client-sent policy is replaced.
    const proxiedHost = opts.trustProxy ? forwardedHost(header(req, "x-forwarded-host")) : undefined;
    const host = opts.publicUrl ? new URL(opts.publicUrl).host : (proxiedHost ?? req.headers.host);
    const csp = contentSecurityPolicy({ nonce: newNonce(), dev: opts.dev, host });
    delete req.headers["content-security-policy-report-only"];
    req.headers["content-security-policy"] = csp;
    res.setHeader("content-security-policy", csp);

    const method = req.method ?? "";
    const early = checkMethod(method) ?? checkUrl(req.url) ?? checkHost(req.headers.host);
    if (early) return refuseAfterBody(req, res, limit, early);
    const path = pathOf(req.url!);

    if (path === "/metrics") {
      const access = metricsAccess(req.headers.authorization, opts.metricsToken);
      if (access === "not-found") return refuseAfterBody(req, res, limit, { status: 404, error: "Not found." });
      if (access === "unauthorized") {
        return refuseAfterBody(req, res, limit, { status: 401, error: "Metrics need a bearer token.", headers: { "www-authenticate": "Bearer" } });
      }
      if (method !== "GET") return refuseAfterBody(req, res, limit, { status: 405, error: "Method not allowed.", headers: { allow: "GET" } });
      await opts.serveMetrics(req, res);
      return "answered";
    }

    if (opts.serveHealth && isHealthPath(path)) {
      if (method !== "GET" && method !== "HEAD") {
        return refuseAfterBody(req, res, limit, { status: 405, error: "Method not allowed.", headers: { allow: "GET, HEAD" } });
      }
      await opts.serveHealth(path, req, res);
      return "answered";
    }

    const hasBody = announcesBody(req);
    // An upload route (a picture) takes its own, larger limit; every other body the common one.
    const bodyLimit = uploadOf(method, path)?.limit ?? limit;
    const refusal =
      checkRoute(method, path) ??
      checkOrigin({
        method,
        origin: header(req, "origin"),
        secFetchSite: header(req, "sec-fetch-site"),
        own: ownOrigins(opts.publicUrl, req.headers.host, proxiedHost),
      }) ??
      checkContentType({ method, path, contentType: req.headers["content-type"], hasBody }) ??
      checkLength(header(req, "content-length"), bodyLimit);
    if (refusal) return refuseAfterBody(req, res, limit, refusal);
    if (!hasBody) return "next";

    const held = await holdBody(req, bodyLimit);
    if (!held.ok) {
      if (held.reason === "too-large") refuse(res, tooLarge(bodyLimit), true);
      return "answered";
    }
    const bad = checkBody(req.headers["content-type"], held.body);
    if (bad) {
      refuse(res, bad);
      return "answered";
    }
    return "next";
  };
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
};

/**
 * Reads and drops a body on its way (up to the limit) before answering, so the client, still
 * writing, gets the answer rather than a reset connection. A body over the limit closes it.
 */
async function refuseAfterBody(req: IncomingMessage, res: ServerResponse, limit: number, r: Refusal): Promise<GuardResult> {
  const declared = Number(req.headers["content-length"]);
  if (!announcesBody(req) || declared > limit || !(declared >= 0 || req.headers["transfer-encoding"] !== undefined)) {
    refuse(res, r, announcesBody(req));
    return "answered";
  }
  const held = await holdBody(req, limit);
  if (held.ok || held.reason === "too-large") refuse(res, r, !held.ok);
  return "answered";
}
