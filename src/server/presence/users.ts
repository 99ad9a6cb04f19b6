// Database side of presence: modes, last seen and invisible allowlists.
import { getDb } from "../db";
import type { LastSeenPatch, PresenceMode } from "./engine";

export interface PresenceUser {
  userId: string;
  mode: PresenceMode;
  lastSeenAt: Date | null;
  publicLastSeenAt: Date | null;
  allowlist: ReadonlySet<string>;
}

/** The user columns presence needs; `viewerId` narrows the allowlist to "contains this viewer or not". */
const presenceColumns = (viewerId?: string) => ({
  id: true,
  presenceMode: true,
  lastSeenAt: true,
  publicLastSeenAt: true,
  allowlist: { where: viewerId ? { viewerId } : undefined, select: { viewerId: true } },
});

type PresenceRow = {
  id: string;
  presenceMode: PresenceMode;
  lastSeenAt: Date | null;
  publicLastSeenAt: Date | null;
  allowlist: { viewerId: string }[];
};

const toPresenceUser = (r: PresenceRow): PresenceUser => ({
  userId: r.id,
  mode: r.presenceMode,
  lastSeenAt: r.lastSeenAt,
  publicLastSeenAt: r.publicLastSeenAt,
  allowlist: new Set(r.allowlist.map((a) => a.viewerId)),
});

export async function loadPresenceUsers(userIds: readonly string[]): Promise<Map<string, PresenceUser>> {
  if (!userIds.length) return new Map();
  const rows = await getDb().user.findMany({ where: { id: { in: [...userIds] } }, select: presenceColumns() });
  return new Map(rows.map((r) => [r.id, toPresenceUser(r)]));
}

/**
 * Every member of a workspace with what one viewer needs to compute their presence: the
 * allowlist is reduced to "contains the viewer or not", so other viewers' ids never load.
 */
export async function loadMembersForViewer(workspaceId: string, viewerId: string): Promise<PresenceUser[]> {
  const rows = await getDb().membership.findMany({ where: { workspaceId }, select: { user: { select: presenceColumns(viewerId) } } });
  return rows.map(({ user }) => toPresenceUser(user));
}

export async function writeLastSeen(userId: string, patch: LastSeenPatch): Promise<void> {
  if (!patch.lastSeenAt && !patch.publicLastSeenAt) return;
  await getDb().user.update({ where: { id: userId }, data: patch });
}

export async function writeMode(userId: string, mode: PresenceMode, patch: LastSeenPatch): Promise<void> {
  await getDb().user.update({ where: { id: userId }, data: { presenceMode: mode, ...patch } });
}

export async function workspaceIdsOf(userId: string): Promise<string[]> {
  const rows = await getDb().membership.findMany({ where: { userId }, select: { workspaceId: true } });
  return rows.map((r) => r.workspaceId);
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
  const before = await db.invisibleAllow.findMany({ where: { ownerId: userId }, select: { viewerId: true } });
  await db.$transaction([
    db.invisibleAllow.deleteMany({ where: { ownerId: userId } }),
    db.invisibleAllow.createMany({ data: next.map((viewerId) => ({ ownerId: userId, viewerId })) }),
  ]);
  return { before: before.map((b) => b.viewerId), after: next };
}

export async function allowlistOf(userId: string): Promise<string[]> {
  const rows = await getDb().invisibleAllow.findMany({ where: { ownerId: userId }, select: { viewerId: true } });
  return rows.map((r) => r.viewerId);
}
