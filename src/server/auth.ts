import type { NextAuthOptions, User } from "next-auth";
import { cookies, headers as requestHeaders } from "next/headers";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/env";
import { commands } from "./commands";
import { getDb } from "./db";
import { AppError } from "./errors";
import { clientIp } from "./limits";
import { logger } from "./logger";
import { verifyPassword } from "./password";
import { createSession, endSession, pruneSessions, sessionAlive, SESSION_MAX_AGE_SEC } from "./sessions";
import { sessionFromCookieHeader } from "./session-token";
import { appBase } from "./accounts/links";
import { resendVerification } from "./accounts/accounts";
import { DEVICE_MAX_AGE_SEC, deviceCookieName, deviceFromHeader, issueDevice } from "./accounts/device";
import { checkAttempt, recordFailure, recordSuccess } from "./accounts/sign-in-throttle";
import { SIGN_IN_FAILED, signInInput } from "@/shared/schemas";
import { sameOriginUrl } from "@/shared/safe-callback";
import type { Theme } from "@/shared/theme";
import { themeCookie } from "./theme-cookie";

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

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SEC },
  pages: { signIn: "/signin" },
  useSecureCookies: useSecureCookies(),
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        try {
          const { device, theme, ...user } = await signInWithPassword(credentials, new Headers(req?.headers as Record<string, string> | undefined));
          const secure = useSecureCookies() === true;
          const jar = await cookies();
          // This browser may sign in to the account while others' guesses have it throttled.
          if (device) jar.set(deviceCookieName(secure), device, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: DEVICE_MAX_AGE_SEC });
          // The pages of this browser render in the user's theme from the first one on.
          const t = themeCookie(theme, secure);
          jar.set(t.name, t.value, t.options);
          return user;
        } catch (err) {
          // Only our own messages reach the form; anything else (a database or mail error) stays in the log.
          if (err instanceof AppError) throw err;
          logger.error({ err }, "sign-in failed");
          throw new Error("Something went wrong on our side. Try again.");
        }
      },
    }),
  ],
  callbacks: {
    // Also runs for /api/auth/session: a cookie whose server-side session ended is cleared there.
    async jwt({ token, user }) {
      if (user && "sid" in user) {
        token.sid = (user as { sid: string }).sid;
        return token;
      }
      if (!token.sub || typeof token.sid !== "string" || !(await sessionAlive(token.sid, token.sub))) {
        throw new Error("Session ended.");
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
    // Only ever back to this site: anything else (//evil, /\evil, other origins, javascript:) goes home.
    redirect({ url, baseUrl }) {
      return sameOriginUrl(url, baseUrl) ?? baseUrl;
    },
  },
  events: {
    async signOut({ token }) {
      const sid = token?.sid;
      // The row goes first, whatever happens; then its sockets close (throws, logged by next-auth,
      // when the realtime server is not running).
      if (token?.sub && typeof sid === "string") await endSession(token.sub, sid, (userId, ids) => commands().sessionsEnded(userId, ids));
    },
  },
};

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/**
 * The signed-in user and their session, or null. The cookie must name a live server-side
 * session of that user (one query, joined with the user), so ended sessions and deleted
 * accounts are signed out at once.
 */
export async function currentSession(): Promise<{ user: SessionUser; sessionId: string } | null> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) return null;
  const found = await sessionFromCookieHeader((await requestHeaders()).get("cookie"), secret);
  if (!found) return null;
  const row = await getDb().session.findUnique({
    where: { id: found.sessionId },
    select: { userId: true, expiresAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!row || row.userId !== found.userId || row.expiresAt <= new Date()) return null;
  return { user: row.user, sessionId: found.sessionId };
}

export async function getSessionUser(): Promise<SessionUser | null> {
  return (await currentSession())?.user ?? null;
}
