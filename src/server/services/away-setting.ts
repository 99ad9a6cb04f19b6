import { DEFAULT_AWAY_AFTER, type AwayAfter } from "@/shared/away";
import { getDb } from "../db";

/** The user's away setting (the default for an unknown id). */
export async function awaySetting(userId: string): Promise<AwayAfter> {
  const row = await getDb().user.findUnique({ where: { id: userId }, select: { awayAfter: true } });
  return row?.awayAfter ?? DEFAULT_AWAY_AFTER;
}

export async function saveAwaySetting(userId: string, awayAfter: AwayAfter): Promise<void> {
  await getDb().user.update({ where: { id: userId }, data: { awayAfter } });
}
