// Database side of custom statuses: one query per workspace snapshot, one per change. An expired
// status is never returned, and is cleared in the database when a read comes across it.
import type { CustomStatus, UserStatus } from "@/shared/custom-status";
import { getDb } from "../db";
import { warnThrottled } from "../logger";

type Row = { userId: string; statusEmoji: string | null; statusText: string | null; statusExpiresAt: Date | null };

const toStatus = (r: Row): CustomStatus => ({
  emoji: r.statusEmoji,
  text: r.statusText ?? "",
  expiresAt: r.statusExpiresAt ? r.statusExpiresAt.toISOString() : null,
});
const live = (r: Row, now: number) => (r.statusEmoji !== null || r.statusText !== null) && (!r.statusExpiresAt || r.statusExpiresAt.getTime() > now);
const expired = (r: Row, now: number) => r.statusExpiresAt !== null && r.statusExpiresAt.getTime() <= now;

/** Clears statuses that have expired (only if still expired: a newer status is never lost). */
function clearExpired(userIds: string[], now: number): void {
  if (!userIds.length) return;
  const at = new Date(now);
  getDb()
    .$executeRaw`UPDATE "User" SET "statusEmoji" = NULL, "statusText" = NULL, "statusExpiresAt" = NULL
      WHERE id = ANY(${userIds}) AND "statusExpiresAt" <= ${at}::timestamp`
    .catch((err: unknown) => warnThrottled({ err: String(err) }, "clearing expired statuses failed"));
}

/** Every unexpired status of a workspace's members. */
export async function loadWorkspaceStatuses(workspaceId: string, now: number): Promise<UserStatus[]> {
  const rows = await getDb().$queryRaw<Row[]>`
    SELECT u.id AS "userId", u."statusEmoji", u."statusText", u."statusExpiresAt"
    FROM "Membership" m JOIN "User" u ON u.id = m."userId"
    WHERE m."workspaceId" = ${workspaceId} AND (u."statusEmoji" IS NOT NULL OR u."statusText" IS NOT NULL)`;
  clearExpired(rows.filter((r) => expired(r, now)).map((r) => r.userId), now);
  return rows.filter((r) => live(r, now)).map((r) => ({ userId: r.userId, ...toStatus(r) }));
}

/** A user's unexpired status, workspaces and stored mode. */
export async function loadUserStatus(userId: string, now: number): Promise<{ status: CustomStatus | null; workspaceIds: string[] } | null> {
  const rows = await getDb().$queryRaw<(Row & { workspaceId: string | null })[]>`
    SELECT u.id AS "userId", u."statusEmoji", u."statusText", u."statusExpiresAt", m."workspaceId"
    FROM "User" u LEFT JOIN "Membership" m ON m."userId" = u.id
    WHERE u.id = ${userId}`;
  const row = rows[0];
  if (!row) return null;
  if (expired(row, now)) clearExpired([userId], now);
  return {
    status: live(row, now) ? toStatus(row) : null,
    workspaceIds: rows.flatMap((r) => (r.workspaceId ? [r.workspaceId] : [])),
  };
}

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
