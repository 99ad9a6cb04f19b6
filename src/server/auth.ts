import type { NextAuthOptions } from "next-auth";
import { cookies, headers as requestHeaders } from "next/headers";
import CredentialsProvider from "next-auth/providers/credentials";
import { commands } from "./commands";
import { AppError } from "./errors";
import { logger } from "./logger";
import { endSession, sessionAlive, SESSION_MAX_AGE_SEC } from "./sessions";
import { DEVICE_MAX_AGE_SEC, deviceCookieName } from "./accounts/device";
import { sameOriginUrl } from "@/shared/safe-callback";
import { themeCookie } from "./theme-cookie";
import { sessionOfCookie, signInWithPassword, useSecureCookies, type SessionUser } from "./sign-in";

export { CONFIRM_EMAIL_FIRST, checkCredentials, sessionOfCookie, signInWithPassword, useSecureCookies, type SessionUser } from "./sign-in";

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

/**
 * The signed-in user and their session, or null. The cookie must name a live server-side
 * session of that user (one query, joined with the user), so ended sessions and deleted
 * accounts are signed out at once.
 */
export async function currentSession(): Promise<{ user: SessionUser; sessionId: string } | null> {
  return sessionOfCookie((await requestHeaders()).get("cookie"));
}

export async function getSessionUser(): Promise<SessionUser | null> {
  return (await currentSession())?.user ?? null;
}
