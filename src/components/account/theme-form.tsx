"use client";

import { useEffect } from "react";
import { ChoiceSetting } from "@/components/ui/choice-setting";
import { applyTheme } from "@/lib/theme";
import { THEME_CHOICES, type Theme } from "@/shared/theme";

/**
 * Light, dark, or as the system says: stored with the user, shown at once on this page, and on
 * this browser's other tabs at their next load. `cookieTheme` is what this page was rendered in:
 * when the choice was changed on another device, this browser takes it over now.
 */
export function ThemeForm({ theme, cookieTheme }: { theme: Theme; cookieTheme: Theme }) {
  useEffect(() => {
    if (cookieTheme !== theme) applyTheme(theme);
  }, [theme, cookieTheme]);
  return (
    <ChoiceSetting
      legend="Appearance"
      hint="Light or dark pages, on every device you sign in on."
      name="theme"
      path="/api/me/theme"
      field="theme"
      choices={THEME_CHOICES}
      initial={theme}
      saved={() => "Saved. Your other tabs show it when they next load."}
      onSaved={applyTheme}
    />
  );
}
