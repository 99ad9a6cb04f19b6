import crypto from "node:crypto";

// Who may read /metrics on the app port: only a holder of METRICS_TOKEN.

export type MetricsAccess = "serve" | "not-found" | "unauthorized";

export function metricsAccess(authorization: string | undefined, token: string | undefined): MetricsAccess {
  if (!token) return "not-found"; // without a token the app port does not serve metrics at all
  const given = /^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? "";
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(token).digest();
  return crypto.timingSafeEqual(a, b) ? "serve" : "unauthorized";
}
