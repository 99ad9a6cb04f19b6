import { readEnv } from "@/env";

/**
 * Absolute links for emails. The base is NEXTAUTH_URL; without it (development), the origin the
 * request came to: the Host header, with X-Forwarded-Proto only when TRUST_PROXY is set.
 * A Host that is not a plain host[:port] is refused, so a forged header cannot plant a link.
 */
export function appBase(headers: Headers): string {
  const { NEXTAUTH_URL, TRUST_PROXY } = readEnv();
  if (NEXTAUTH_URL) return new URL(NEXTAUTH_URL).origin;
  const host = headers.get("host") ?? "localhost";
  if (!/^[a-z0-9.-]+(:\d{1,5})?$/i.test(host) && !/^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host)) return "http://localhost";
  const proto = TRUST_PROXY && headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
}

export const link = (base: string, path: string, token: string) => `${base}${path}?token=${encodeURIComponent(token)}`;
