import { getDb } from "../db";
import { badRequest, conflict, forbidden, notFound } from "../errors";
import type { Role } from "@/generated/prisma/client";

export const isAdminRole = (role: Role) => role === "owner" || role === "admin";

export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "workspace";
}

export async function createWorkspace(userId: string, name: string) {
  const db = getDb();
  const base = slugify(name);
  for (let n = 0; n < 50; n++) {
    const slug = n === 0 ? base : `${base}-${n + 1}`;
    if (await db.workspace.findUnique({ where: { slug }, select: { id: true } })) continue;
    return db.workspace.create({
      data: { name, slug, memberships: { create: { userId, role: "owner" } } },
    });
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
export async function requireMembership(userId: string, slug: string) {
  const membership = await getDb().membership.findFirst({
    where: { userId, workspace: { slug } },
    include: { workspace: true },
  });
  if (!membership) throw notFound("Workspace not found.");
  return membership;
}

export async function requireAdmin(userId: string, slug: string) {
  const membership = await requireMembership(userId, slug);
  if (!isAdminRole(membership.role)) throw forbidden("Only workspace admins can do that.");
  return membership;
}

export function membersOf(workspaceId: string) {
  return getDb().membership.findMany({
    where: { workspaceId },
    orderBy: { user: { name: "asc" } },
    select: {
      role: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true } },
    },
  });
}

export async function invite(actorId: string, slug: string, email: string, role: "admin" | "member") {
  const db = getDb();
  const { workspace } = await requireAdmin(actorId, slug);
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (user) {
    const existing = await db.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } },
    });
    if (existing) throw conflict(`${email} is already a member.`);
    await db.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role } });
    return { status: "added" as const, email, workspaceId: workspace.id };
  }
  await db.invite.upsert({
    where: { workspaceId_email: { workspaceId: workspace.id, email } },
    create: { workspaceId: workspace.id, email, role, invitedById: actorId, expiresAt: new Date(Date.now() + 7 * 86_400_000) },
    update: { role },
  });
  return { status: "invited" as const, email, workspaceId: workspace.id };
}

export function pendingInvites(workspaceId: string) {
  return getDb().invite.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, createdAt: true },
  });
}

export async function changeRole(actorId: string, slug: string, userId: string, role: "admin" | "member") {
  const { workspace } = await requireAdmin(actorId, slug);
  const target = await getDb().membership.findUnique({
    where: { workspaceId_userId: { workspaceId: workspace.id, userId } },
  });
  if (!target) throw notFound("Member not found.");
  if (target.role === "owner") throw badRequest("The owner's role cannot be changed.");
  return getDb().membership.update({ where: { id: target.id }, data: { role } });
}

export async function removeMember(actorId: string, slug: string, userId: string) {
  const { workspace } = await requireAdmin(actorId, slug);
  const target = await getDb().membership.findUnique({
    where: { workspaceId_userId: { workspaceId: workspace.id, userId } },
  });
  if (!target) throw notFound("Member not found.");
  if (target.role === "owner") throw badRequest("The owner cannot be removed.");
  await getDb().membership.delete({ where: { id: target.id } });
  return { workspaceId: workspace.id, userId };
}
