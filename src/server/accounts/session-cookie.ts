import { encode } from "next-auth/jwt";
import { createSession, pruneSessions, SESSION_MAX_AGE_SEC } from "../sessions";
import { useSecureCookies } from "../sign-in";

export interface CookieToSet {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; secure: boolean; path: "/"; maxAge: number };
}

/**
 * Signs a user in from a route (a confirmation link opened in the browser that signed up): a
 * server-side session and next-auth's session cookie for it, as the sign-in form would get.
 */
export async function sessionCookieFor(user: { id: string; name: string; email: string }, secret: string): Promise<CookieToSet> {
  await pruneSessions(user.id);
  return sessionCookie(user, await createSession(user.id), secret);
}

/** next-auth's session cookie naming the server-side session `sid` (the JWT its sign-in would issue). */
export async function sessionCookie(user: { id: string; name: string; email: string }, sid: string, secret: string): Promise<CookieToSet> {
  const secure = useSecureCookies() === true;
  const value = await encode({ token: { sub: user.id, name: user.name, email: user.email, sid }, secret, maxAge: SESSION_MAX_AGE_SEC });
  return {
    name: secure ? "__Secure-next-auth.session-token" : "next-auth.session-token",
    value,
    options: { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: SESSION_MAX_AGE_SEC },
  };
}

/** A Set-Cookie header value (SameSite=Lax) for a cookie as the routes set it. */
export function setCookieHeader({ name, value, options }: { name: string; value: string; options: { path: string; maxAge: number; secure: boolean; httpOnly?: boolean } }): string {
  return `${name}=${encodeURIComponent(value)}; Path=${options.path}; Max-Age=${options.maxAge}${options.httpOnly ? "; HttpOnly" : ""}; SameSite=Lax${options.secure ? "; Secure" : ""}`;
}
