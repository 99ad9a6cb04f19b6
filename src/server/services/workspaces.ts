import { getDb, type Db } from "../db";
import { conflict, forbidden, isUniqueViolation, notFound } from "../errors";
import { isAdminRole } from "@/shared/roles";
import { asciiSlug, randomSlug } from "./slug";

export { isAdminRole } from "@/shared/roles";
export { slugify } from "./slug";

/** Addresses to try for a name: its ASCII form, then numbered, then random ones. */
function* slugCandidates(name: string) {
  const base = asciiSlug(name);
  if (base) {
    yield base;
    for (let n = 2; n <= 20; n++) yield `${base}-${n}`;
  }
  for (let n = 0; n < 10; n++) yield base ? `${base.slice(0, 32)}-${randomSlug().slice(2)}` : randomSlug();
}

export async function createWorkspace(userId: string, name: string) {
  const db = getDb();
  for (const slug of slugCandidates(name)) {
    if (await db.workspace.findUnique({ where: { slug }, select: { id: true } })) continue;
    try {
      return await db.workspace.create({
        data: { name, slug, memberships: { create: { userId, role: "owner" } } },
      });
    } catch (err) {
      if (isUniqueViolation(err)) continue; // taken at the same moment by someone else
      throw err;
    }
  }
  throw conflict("Could not find a free address for this workspace; try another name.");
}

export function workspacesOf(userId: string) {
  return getDb().workspace.findMany({
    where: { memberships: { some: { userId } } },
    orderBy: { createdAt: "asc" },
    select: { id: true, slug: true, name: true },
  });
}

/**
 * The workspace and the viewer's membership. A non-member gets the same 404 as a
 * missing workspace, so a URL reveals nothing about workspaces one is not in.
 */
export async function requireMembership(userId: string, slug: string, db: Pick<Db, "membership"> = getDb()) {
  const membership = await db.membership.findFirst({
    where: { userId, workspace: { slug } },
    include: { workspace: true },
  });
  if (!membership) throw notFound("Workspace not found.");
  return membership;
}

export function memberCount(workspaceId: string) {
  return getDb().membership.count({ where: { workspaceId } });
}

/** One member of a workspace (name and email), or null. */
export async function memberOf(workspaceId: string, userId: string) {
  const m = await getDb().membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return m && { ...m.user, role: m.role, joinedAt: m.createdAt.toISOString() };
}

/** `db` may be a transaction (see workspace-lock.ts), so the check holds for what follows in it. */
export async function requireAdmin(userId: string, slug: string, db: Pick<Db, "membership"> = getDb()) {
  const membership = await requireMembership(userId, slug, db);
  if (!isAdminRole(membership.role)) throw forbidden("Only workspace admins can do that.");
  return membership;
}

/** Members by name; the first `take` only when given (a big workspace's pages carry a few, and count the rest). */
export function membersOf(workspaceId: string, take?: number) {
  return getDb().membership.findMany({
    where: { workspaceId },
    orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
    ...(take !== undefined ? { take } : {}),
    select: {
      role: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true } },
    },
  });
}
