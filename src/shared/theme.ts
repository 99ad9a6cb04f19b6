// The colour theme: stored per user (the Account page), and kept in a cookie so the server renders
// `<html data-theme>` on the first paint. Without a light or dark choice the pages follow the
// system (`prefers-color-scheme`), in CSS alone (src/app/globals.css, tailwind.config.ts).

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const DEFAULT_THEME: Theme = "system";

/** The cookie the root layout reads; readable by the page, which sets it when the choice changes. */
export const THEME_COOKIE = "theme";
/** A year: browsers keep a cookie at most 400 days. */
export const THEME_COOKIE_MAX_AGE_SEC = 365 * 24 * 3600;

/** The theme a cookie value names; anything else (absent, stale, forged) is the system's. */
export function themeFromCookie(value: string | undefined | null): Theme {
  return value === "light" || value === "dark" ? value : "system";
}

/** The `data-theme` attribute of `<html>`: set for a fixed choice, absent to follow the system. */
export const themeAttribute = (theme: Theme): "light" | "dark" | undefined => (theme === "system" ? undefined : theme);

/** The Account page's choices. */
export const THEME_CHOICES: readonly { value: Theme; label: string; hint: string }[] = [
  { value: "system", label: "System", hint: "Light or dark as your device is set, and changing with it." },
  { value: "light", label: "Light", hint: "Dark text on light pages, whatever your device says." },
  { value: "dark", label: "Dark", hint: "Light text on dark pages, whatever your device says." },
];
