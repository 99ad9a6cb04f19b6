import { THEME_COOKIE, THEME_COOKIE_MAX_AGE_SEC, themeAttribute, type Theme } from "@/shared/theme";

/**
 * Shows this page in `theme` at once and keeps it for the next pages of this browser (the cookie
 * the root layout reads, as the server sets it).
 */
export function applyTheme(theme: Theme) {
  const root = document.documentElement;
  const attr = themeAttribute(theme);
  if (attr) root.dataset.theme = attr;
  else delete root.dataset.theme;
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=${THEME_COOKIE_MAX_AGE_SEC}; samesite=lax${secure}`;
}

/** Whether this page shows light or dark now (the choice, or the system's without one). */
export function pageScheme(): "light" | "dark" {
  return getComputedStyle(document.documentElement).colorScheme === "dark" ? "dark" : "light";
}
