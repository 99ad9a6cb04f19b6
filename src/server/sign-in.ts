import type { User } from "next-auth";
import { env } from "@/env";
import { getDb } from "./db";
import { AppError } from "./errors";
import { clientIp } from "./limits";
import { verifyPassword } from "./password";
import { createSession, pruneSessions } from "./sessions";
import { sessionFromCookieHeader } from "./session-token";
import { appBase } from "./accounts/links";
import { resendVerification } from "./accounts/accounts";
import { deviceFromHeader, issueDevice } from "./accounts/device";
import { checkAttempt, recordFailure, recordSuccess } from "./accounts/sign-in-throttle";
import { SIGN_IN_FAILED, signInInput } from "@/shared/schemas";
import type { Theme } from "@/shared/theme";

// Signing in with a password, and reading a session from a Cookie header: nothing here needs
// next/headers, so the sign-in page (pages router) and the routes share it.

export const CONFIRM_EMAIL_FIRST = "Confirm your email first. We've sent you a new link.";

/** The account for these credentials, or null (unknown email and wrong password alike). No throttling. */
export async function checkCredentials(input: unknown) {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return null;
  const user = await getDb().user.findUnique({ where: { email: parsed.data.email } });
  const ok = await verifyPassword(user?.passwordHash, parsed.data.password);
  return user && ok ? { id: user.id, email: user.email, name: user.name, verified: !!user.emailVerifiedAt } : null;
}

/**
 * Sign-in as the form does it: throttled (src/server/accounts/sign-in-throttle.ts: per client
 * address, per account and address, per account, or per device for a browser holding the
 * account's device cookie from `headers`), refused for unverified addresses (a new link is
 * mailed), and a server-side session created. Returns a fresh device cookie value (null without
 * an auth secret). Throws an Error whose message the form shows.
 */
export async function signInWithPassword(
  input: unknown,
  headers: Headers,
  now = Date.now(),
): Promise<User & { sid: string; device: string | null; theme: Theme }> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) throw new AppError(401, SIGN_IN_FAILED);
  const ip = clientIp(headers);
  const email = parsed.data.email.toLowerCase();
  const secret = process.env.NEXTAUTH_SECRET;
  const user = await getDb().user.findUnique({ where: { email } });
  const device = user && secret ? deviceFromHeader(headers.get("cookie"), user.id, secret, now) : null;
  const attempt = { account: email, ip, device };
  await checkAttempt(attempt);
  // Verified against a fixed hash when the email is unknown, so both take the same time.
  if (!(await verifyPassword(user?.passwordHash, parsed.data.password)) || !user) {
    await recordFailure(attempt);
    throw new AppError(401, SIGN_IN_FAILED);
  }
  if (!user.emailVerifiedAt) {
    await resendVerification(user.id, { ip, base: appBase() });
    throw new AppError(403, CONFIRM_EMAIL_FIRST);
  }
  await recordSuccess(attempt);
  await pruneSessions(user.id);
  const sid = await createSession(user.id);
  return { id: user.id, email: user.email, name: user.name, sid, device: secret ? issueDevice(user.id, secret, now) : null, theme: user.theme };
}

/**
 * Whether the session cookie is marked Secure (and named __Secure-…), decided by the
 * configuration and never by what a client sends: NEXTAUTH_URL's scheme (server.ts refuses to
 * start in production without it). Development follows the request.
 */
export function useSecureCookies(): boolean | undefined {
  if (env.NEXTAUTH_URL) return new URL(env.NEXTAUTH_URL).protocol === "https:";
  return env.NODE_ENV === "production" ? true : undefined;
}

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/** currentSession() for a request's Cookie header. */
export async function sessionOfCookie(cookie: string | null | undefined): Promise<{ user: SessionUser; sessionId: string } | null> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) return null;
  const found = await sessionFromCookieHeader(cookie ?? null, secret);
  if (!found) return null;
  const row = await getDb().session.findUnique({
    where: { id: found.sessionId },
    select: { userId: true, expiresAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!row || row.userId !== found.userId || row.expiresAt <= new Date()) return null;
  return { user: row.user, sessionId: found.sessionId };
}

