// Database side of custom statuses: the durable copy. Viewers get statuses from the presence
// record (seeded from these columns, see users.ts), never from here.
import type { CustomStatus } from "@/shared/custom-status";
import { getDb } from "../db";

export async function writeStatus(userId: string, s: CustomStatus | null): Promise<void> {
  await getDb().user.update({
    where: { id: userId },
    data: {
      statusEmoji: s?.emoji ?? null,
      statusText: s ? s.text || null : null,
      statusExpiresAt: s?.expiresAt ? new Date(s.expiresAt) : null,
    },
  });
}
