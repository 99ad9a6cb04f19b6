import { DEFAULT_THEME, type Theme } from "@/shared/theme";
import { getDb } from "../db";

/** The user's colour theme (the default for an unknown id). */
export async function themeSetting(userId: string): Promise<Theme> {
  const row = await getDb().user.findUnique({ where: { id: userId }, select: { theme: true } });
  return row?.theme ?? DEFAULT_THEME;
}

export async function saveThemeSetting(userId: string, theme: Theme): Promise<void> {
  await getDb().user.update({ where: { id: userId }, data: { theme } });
}
