import { getDb } from "../db";
import { conflict, forbidden, notFound } from "../errors";
import { canManage } from "@/shared/roles";
import { requireAdmin, requireMembership } from "./workspaces";

async function targetOf(workspaceId: string, userId: string) {
  const target = await getDb().membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
  });
  if (!target) throw notFound("Member not found.");
  return target;
}

export async function changeRole(actorId: string, slug: string, userId: string, role: "admin" | "member") {
  const actor = await requireAdmin(actorId, slug);
  const target = await targetOf(actor.workspaceId, userId);
  if (!canManage(actor.role, target.role, role === "admin" ? "promote" : "demote")) {
    throw forbidden(target.role === "owner" ? "The owner's role cannot be changed; the owner can transfer ownership." : "Only the owner can change an admin's role.");
  }
  if (target.role === role) return target;
  return getDb().membership.update({ where: { id: target.id }, data: { role } });
}

export async function removeMember(actorId: string, slug: string, userId: string) {
  const actor = await requireAdmin(actorId, slug);
  const target = await targetOf(actor.workspaceId, userId);
  if (!canManage(actor.role, target.role, "remove")) {
    throw forbidden(target.role === "owner" ? "The owner cannot be removed." : "Only the owner can remove an admin.");
  }
  await getDb().membership.delete({ where: { id: target.id } });
  return { workspaceId: actor.workspaceId, userId };
}

/** The member leaves; the owner must hand over ownership first. */
export async function leaveWorkspace(userId: string, slug: string) {
  const me = await requireMembership(userId, slug);
  if (me.role === "owner") throw conflict("Transfer ownership to another member before leaving.");
  await getDb().membership.delete({ where: { id: me.id } });
  return { workspaceId: me.workspaceId, userId };
}

/** The owner hands the workspace to another member and becomes an admin. */
export async function transferOwnership(actorId: string, slug: string, userId: string) {
  const me = await requireMembership(actorId, slug);
  if (me.role !== "owner") throw forbidden("Only the owner can transfer ownership.");
  if (userId === actorId) throw conflict("You already own this workspace.");
  const target = await targetOf(me.workspaceId, userId);
  await getDb().$transaction([
    getDb().membership.update({ where: { id: target.id }, data: { role: "owner" } }),
    getDb().membership.update({ where: { id: me.id }, data: { role: "admin" } }),
  ]);
  return { workspaceId: me.workspaceId, ownerId: userId };
}
