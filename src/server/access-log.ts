import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pinoHttp, type HttpLogger } from "pino-http";
import type { Logger } from "pino";

// Access logs of the custom server (pino-http): one line per HTTP request with its id, method,
// path, status and duration. Never headers, cookies or query strings (they carry tokens).

/** A client's X-Request-Id is kept when it is short and plain: letters, digits and `._:-`. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the client's (or proxy's) X-Request-Id when safe, else a new UUID. */
export function requestId(header: string | string[] | undefined): string {
  return typeof header === "string" && SAFE_REQUEST_ID.test(header) ? header : crypto.randomUUID();
}

const statusOnly = (err: Error) => /^failed with status code \d+$/.test(err.message);

const pathOf = (url: string | undefined) => (url ?? "").split("?")[0]!;

/** Logged below info (LOG_LEVEL=debug shows them): Next's hashed static files and health probes. */
export function isQuietPath(path: string): boolean {
  return path.startsWith("/_next/static/") || path === "/healthz" || path === "/readyz";
}

/** The access-log level of a finished request: errors always show; probes and static files only at debug. */
export function accessLogLevel(path: string, status: number, failed: boolean): "error" | "warn" | "info" | "debug" {
  // Not ready (a dependency down, draining) is the answer working, not a fault; the checks log their own failures.
  if (path === "/readyz" && status === 503 && !failed) return "warn";
  if (failed || status >= 500) return "error";
  return isQuietPath(path) ? "debug" : "info";
}

/**
 * The access logger: call it first for every request. It sets `req.id` and the response's
 * X-Request-Id, puts the id in the request headers for the app below, and gives `req.log`.
 */
export function createAccessLog(logger: Logger): HttpLogger<IncomingMessage, ServerResponse> {
  return pinoHttp({
    logger,
    genReqId(req, res) {
      const id = requestId(req.headers["x-request-id"]);
      req.headers["x-request-id"] = id; // what the app below sees is the id that was logged
      res.setHeader("x-request-id", id);
      return id;
    },
    customLogLevel: (req, res, err) => accessLogLevel(pathOf(req.url), res.statusCode, !!err),
    customSuccessMessage: (req, res, ms) => `${req.method} ${pathOf(req.url)} ${res.statusCode} ${ms}ms`,
    customErrorMessage: (req, res, err) => `${req.method} ${pathOf(req.url)} ${res.statusCode}${statusOnly(err) ? "" : `: ${err.message}`}`,
    // A 5xx answered normally has no error of its own: pino-http makes one up, stack and all.
    customErrorObject: (_req, _res, err, val) => (statusOnly(err) ? { ...val, err: undefined } : val),
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: pathOf(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
