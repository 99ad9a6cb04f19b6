import { THEME_COOKIE, THEME_COOKIE_MAX_AGE_SEC, type Theme } from "@/shared/theme";

/**
 * The theme cookie as the server sets it (on a change and at sign-in), so this browser's next page
 * renders in the user's theme from its first paint. Not httpOnly: the Account page also writes it
 * (src/lib/theme.ts) when the stored choice changed on another device. `secure` as the session
 * cookie's (useSecureCookies).
 */
export function themeCookie(theme: Theme, secure: boolean) {
  return { name: THEME_COOKIE, value: theme, options: { path: "/", sameSite: "lax" as const, secure, maxAge: THEME_COOKIE_MAX_AGE_SEC } };
}
