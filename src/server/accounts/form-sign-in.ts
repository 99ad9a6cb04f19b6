import { DEPENDENCY_UNAVAILABLE, isDependencyDown, RETRY_AFTER_SEC } from "../dependency-down";
import { AppError } from "../errors";
import { logger } from "../logger";
import { signInWithPassword, useSecureCookies } from "../sign-in";
import { DEVICE_MAX_AGE_SEC, deviceCookieName } from "./device";
import { sessionCookie, setCookieHeader } from "./session-cookie";
import { themeCookie } from "../theme-cookie";
import { firstError, signInInput } from "@/shared/schemas";

export type FormSignIn =
  | { ok: true; setCookies: string[] }
  | { ok: false; status: number; error: string; headers?: Record<string, string> };

/**
 * The sign-in page's form, posted without script: the same validation, throttling, verification
 * and session as next-auth's credentials sign-in, answered with the cookies to set, or the status
 * and message to show (a database or Redis outage is a 503 with Retry-After).
 */
export async function signInFromForm(form: URLSearchParams, headers: Headers): Promise<FormSignIn> {
  const parsed = signInInput.safeParse({ email: form.get("email") ?? "", password: form.get("password") ?? "" });
  if (!parsed.success) return { ok: false, status: 400, error: firstError(parsed.error) };
  const secret = process.env.NEXTAUTH_SECRET;
  try {
    if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
    const { device, sid, id, name, email, theme } = await signInWithPassword(parsed.data, headers);
    const secure = useSecureCookies() === true;
    const cookies = [setCookieHeader(await sessionCookie({ id, name: name ?? "", email: email ?? "" }, sid, secret))];
    if (device) {
      const options = { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: DEVICE_MAX_AGE_SEC } as const;
      cookies.push(setCookieHeader({ name: deviceCookieName(secure), value: device, options }));
    }
    // The pages of this browser render in the user's theme from the first one on.
    cookies.push(setCookieHeader(themeCookie(theme, secure)));
    return { ok: true, setCookies: cookies };
  } catch (err) {
    if (err instanceof AppError && err.status !== 503) return { ok: false, status: err.status, error: err.message };
    if (err instanceof AppError || isDependencyDown(err)) {
      return { ok: false, status: 503, error: DEPENDENCY_UNAVAILABLE, headers: { "Retry-After": String(RETRY_AFTER_SEC) } };
    }
    logger.error({ err }, "sign-in failed");
    return { ok: false, status: 500, error: "Something went wrong on our side. Try again." };
  }
}
