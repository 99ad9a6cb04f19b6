import hkdf from "@panva/hkdf";
import { jwtDecrypt, type JWTPayload } from "jose";

/**
 * next-auth's `decode` (same key derivation, algorithm and clock tolerance), with the key
 * derived once per secret instead of on every call: the derivation was most of the CPU a
 * socket handshake spent on its cookie.
 */
const keys = new Map<string, Promise<Uint8Array>>();
function keyOf(secret: string): Promise<Uint8Array> {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = hkdf("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32)));
  return key;
}
async function decode({ token, secret }: { token: string; secret: string }): Promise<JWTPayload> {
  return (await jwtDecrypt(token, await keyOf(secret), { clockTolerance: 15 })).payload;
}

const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    try {
      out.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A malformed cookie is ignored rather than trusted.
    }
  }
  return out;
}

async function readToken(header: string | undefined | null, secret: string) {
  const cookies = parseCookies(header ?? undefined);
  for (const name of COOKIE_NAMES) {
    let token = cookies.get(name);
    if (!token) {
      const chunks: string[] = [];
      for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
      token = chunks.join("") || undefined;
    }
    if (!token) continue;
    const payload = await decode({ token, secret }).catch(() => null);
    if (payload?.sub) return payload;
  }
  return null;
}

/** The user id in a next-auth session cookie (chunked cookies included), or null. */
export async function userIdFromCookieHeader(header: string | undefined, secret: string): Promise<string | null> {
  return (await readToken(header, secret))?.sub ?? null;
}

/**
 * The user and server-side session named by a next-auth session cookie, or null. Says nothing
 * about whether the session is still alive: check that with sessionAlive().
 */
export async function sessionFromCookieHeader(
  header: string | undefined | null,
  secret: string,
): Promise<{ userId: string; sessionId: string } | null> {
  const payload = await readToken(header, secret);
  const sid = payload?.sid;
  if (!payload?.sub || typeof sid !== "string" || !sid) return null;
  return { userId: payload.sub, sessionId: sid };
}
