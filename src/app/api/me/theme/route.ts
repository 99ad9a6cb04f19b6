import { themeInput } from "@/shared/theme-input";
import { authed, ok, readBody } from "@/server/http";
import { themeSetting, saveThemeSetting } from "@/server/services/theme-setting";
import { themeCookie } from "@/server/theme-cookie";
import { useSecureCookies } from "@/server/auth";

/** Light or dark pages, or as the system says: stored with the user, and in this browser's cookie for the first paint. */
export const GET = authed(async ({ user }) => ok({ theme: await themeSetting(user.id) }));

export const PUT = authed(async ({ req, user }) => {
  const { theme } = await readBody(req, themeInput);
  await saveThemeSetting(user.id, theme);
  const res = ok({ theme });
  const cookie = themeCookie(theme, useSecureCookies() === true);
  res.cookies.set(cookie.name, cookie.value, cookie.options);
  return res;
});
