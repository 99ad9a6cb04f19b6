// Database side of presence: membership at connect, member lists, modes, last seen, allowlists.
// The hot paths (connect, snapshot builds) use one raw SQL statement each: no Prisma query
// compilation per call. Nothing here runs on an activity flip.
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "../db";
import type { CustomStatus, PresenceMode } from "./engine";
import type { UserSeed } from "./store";

export interface MemberRow {
  userId: string;
  /** Display name (the member list orders by it); absent in some tests' rows. */
  name?: string;
  /** Found by the member list's search (`MemberList.search`); absent in some tests' rows. */
  email?: string;
  seed: UserSeed;
  /** Keeps their last seen private: viewers get only a rough band (engine.coarseView). */
  coarseLastSeen: boolean;
}

type SeedRow = {
  presenceMode: PresenceMode;
  lastSeenAt: Date | null;
  publicLastSeenAt: Date | null;
  statusEmoji: string | null;
  statusText: string | null;
  statusExpiresAt: Date | null;
  dndUntil: Date | null;
};
/** The columns of a SeedRow, for the raw queries below (table alias u). */
const SEED = Prisma.sql`u."presenceMode"::text AS "presenceMode", u."lastSeenAt", u."publicLastSeenAt",
  u."statusEmoji", u."statusText", u."statusExpiresAt", u."dndUntil"`;
const toSeed = (r: SeedRow): UserSeed => ({
  mode: r.presenceMode,
  lastSeenAt: r.lastSeenAt ? r.lastSeenAt.getTime() : null,
  publicLastSeenAt: r.publicLastSeenAt ? r.publicLastSeenAt.getTime() : null,
  custom:
    r.statusEmoji !== null || r.statusText !== null
      ? { emoji: r.statusEmoji, text: r.statusText ?? "", expiresAt: r.statusExpiresAt ? r.statusExpiresAt.toISOString() : null }
      : null,
  dndUntil: r.dndUntil ? r.dndUntil.getTime() : null,
});

/** The workspace a socket may join and the user's presence fields, or null if not a member: one query. */
export async function lookupConnect(userId: string, slug: string): Promise<{ workspaceId: string; seed: UserSeed } | null> {
  const rows = await getDb().$queryRaw<(SeedRow & { workspaceId: string })[]>`
    SELECT m."workspaceId", ${SEED}
    FROM "Membership" m
    JOIN "Workspace" w ON w.id = m."workspaceId"
    JOIN "User" u ON u.id = m."userId"
    WHERE m."userId" = ${userId} AND w.slug = ${slug}
    LIMIT 1`;
  const row = rows[0];
  return row ? { workspaceId: row.workspaceId, seed: toSeed(row) } : null;
}

/** Every member of a workspace with their database presence fields: one query. */
export async function loadMembers(workspaceId: string): Promise<MemberRow[]> {
  const rows = await getDb().$queryRaw<(SeedRow & { userId: string; name: string; email: string; coarseLastSeen: boolean })[]>`
    SELECT u.id AS "userId", u.name, u.email, ${SEED}, u."coarseLastSeen"
    FROM "Membership" m JOIN "User" u ON u.id = m."userId"
    WHERE m."workspaceId" = ${workspaceId}`;
  return rows.map((r) => ({ userId: r.userId, name: r.name, email: r.email, seed: toSeed(r), coarseLastSeen: r.coarseLastSeen === true }));
}

/** A user's presence fields and workspaces (for mode and allowlist changes): one query. */
export async function loadUser(userId: string): Promise<{ seed: UserSeed; workspaceIds: string[] } | null> {
  const rows = await getDb().$queryRaw<(SeedRow & { workspaceId: string | null })[]>`
    SELECT ${SEED}, m."workspaceId"
    FROM "User" u LEFT JOIN "Membership" m ON m."userId" = u.id
    WHERE u.id = ${userId}`;
  if (!rows[0]) return null;
  return { seed: toSeed(rows[0]), workspaceIds: rows.flatMap((r) => (r.workspaceId ? [r.workspaceId] : [])) };
}

/** Allowlists of some users: one query. */
export async function loadAllowlists(ownerIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ownerIds.map((id) => [id, []]));
  if (!ownerIds.length) return out;
  const rows = await getDb().invisibleAllow.findMany({ where: { ownerId: { in: [...ownerIds] } }, select: { ownerId: true, viewerId: true } });
  for (const r of rows) out.get(r.ownerId)?.push(r.viewerId);
  return out;
}

export interface UserWrite {
  mode?: PresenceMode;
  /** The custom status to keep (null: none); undefined: unchanged. */
  custom?: CustomStatus | null;
  lastSeenAt?: Date;
  publicLastSeenAt?: Date;
}

/** Writes queued presence fields; last seen never moves back (a late retry cannot undo a newer write). */
export async function writeUser(userId: string, w: UserWrite): Promise<void> {
  const ls = w.lastSeenAt ?? null;
  const pls = w.publicLastSeenAt ?? null;
  const mode = w.mode ?? null;
  const status = w.custom !== undefined;
  const c = w.custom ?? null;
  await getDb().$executeRaw`
    UPDATE "User" SET
      "presenceMode" = COALESCE(${mode}::text::"PresenceMode", "presenceMode"),
      "statusEmoji" = CASE WHEN ${status} THEN ${c?.emoji ?? null}::text ELSE "statusEmoji" END,
      "statusText" = CASE WHEN ${status} THEN ${c ? c.text || null : null}::text ELSE "statusText" END,
      "statusExpiresAt" = CASE WHEN ${status} THEN ${c?.expiresAt ?? null}::timestamp ELSE "statusExpiresAt" END,
      "lastSeenAt" = GREATEST("lastSeenAt", ${ls}::timestamp),
      "publicLastSeenAt" = GREATEST("publicLastSeenAt", ${pls}::timestamp)
    WHERE id = ${userId}`;
}

/** Replaces the allowlist, keeping only people who share a workspace with the user. */
export async function replaceAllowlist(userId: string, viewerIds: readonly string[]) {
  const db = getDb();
  const wanted = [...new Set(viewerIds)].filter((id) => id !== userId);
  const allowed = wanted.length
    ? await db.membership.findMany({
        where: { userId: { in: wanted }, workspace: { memberships: { some: { userId } } } },
        select: { userId: true },
        distinct: ["userId"],
      })
    : [];
  const next = allowed.map((m) => m.userId);
  await db.$transaction([
    db.invisibleAllow.deleteMany({ where: { ownerId: userId } }),
    db.invisibleAllow.createMany({ data: next.map((viewerId) => ({ ownerId: userId, viewerId })) }),
  ]);
  return next;
}

export async function allowlistOf(userId: string): Promise<string[]> {
  return (await loadAllowlists([userId])).get(userId) ?? [];
}

/** The people on a user's allowlist with their names (they share a workspace with the user). */
export async function allowlistPeople(userId: string): Promise<{ userId: string; name: string }[]> {
  const rows = await getDb().invisibleAllow.findMany({ where: { ownerId: userId }, select: { viewer: { select: { id: true, name: true } } } });
  return rows.map((r) => ({ userId: r.viewer.id, name: r.viewer.name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Presence fields of some users (to re-seed the store after it lost its data): one query. */
export async function loadSeeds(userIds: readonly string[]): Promise<Map<string, UserSeed>> {
  if (!userIds.length) return new Map();
  const rows = await getDb().$queryRaw<(SeedRow & { id: string })[]>`
    SELECT u.id, ${SEED}
    FROM "User" u WHERE u.id = ANY(${[...userIds]})`;
  return new Map(rows.map((r) => [r.id, toSeed(r)]));
}
