import { conflict, forbidden, notFound } from "../errors";
import { canInvite, canManage, type Role } from "@/shared/roles";
import { requireAdmin, requireMembership } from "./workspaces";
import { inWorkspace, type Tx } from "./workspace-lock";

// Every change here runs under its workspace's lock and reads the memberships it checks inside
// it (workspace-lock.ts): exactly one owner, whatever requests race.

async function targetOf(tx: Tx, workspaceId: string, userId: string) {
  const target = await tx.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
  });
  if (!target) throw notFound("Member not found.");
  return target;
}

/** Revokes the user's pending invites for roles they may no longer grant (all of them once `role` is null: gone). */
function revokeInvitesBeyond(tx: Tx, workspaceId: string, userId: string, role: Role | null) {
  const dead = (["admin", "member"] as const).filter((r) => !role || !canInvite(role, r));
  return tx.invite.deleteMany({ where: { workspaceId, invitedById: userId, role: { in: dead } } });
}

/** Someone leaving the workspace leaves its channels too (their DMs stay, as history of the others). */
function leaveChannels(tx: Tx, workspaceId: string, userId: string) {
  return tx.conversationParticipant.deleteMany({ where: { userId, conversation: { workspaceId, channelName: { not: null } } } });
}

export function changeRole(actorId: string, slug: string, userId: string, role: "admin" | "member") {
  return inWorkspace({ slug }, async (tx) => {
    const actor = await requireAdmin(actorId, slug, tx);
    const target = await targetOf(tx, actor.workspaceId, userId);
    if (!canManage(actor.role, target.role, role === "admin" ? "promote" : "demote")) {
      throw forbidden(target.role === "owner" ? "The owner's role cannot be changed; the owner can transfer ownership." : "Only the owner can change an admin's role.");
    }
    if (target.role === role) return target;
    await revokeInvitesBeyond(tx, target.workspaceId, userId, role);
    return tx.membership.update({ where: { id: target.id }, data: { role } });
  });
}

export function removeMember(actorId: string, slug: string, userId: string) {
  return inWorkspace({ slug }, async (tx) => {
    const actor = await requireAdmin(actorId, slug, tx);
    const target = await targetOf(tx, actor.workspaceId, userId);
    if (!canManage(actor.role, target.role, "remove")) {
      throw forbidden(target.role === "owner" ? "The owner cannot be removed." : "Only the owner can remove an admin.");
    }
    await tx.membership.delete({ where: { id: target.id } });
    await revokeInvitesBeyond(tx, target.workspaceId, userId, null);
    await leaveChannels(tx, target.workspaceId, userId);
    return { workspaceId: actor.workspaceId, userId };
  });
}

/** The member leaves; the owner must hand over ownership first. Their pending invites go with them. */
export function leaveWorkspace(userId: string, slug: string) {
  return inWorkspace({ slug }, async (tx) => {
    const me = await requireMembership(userId, slug, tx);
    if (me.role === "owner") throw conflict("Transfer ownership to another member before leaving.");
    await tx.membership.delete({ where: { id: me.id } });
    await revokeInvitesBeyond(tx, me.workspaceId, userId, null);
    await leaveChannels(tx, me.workspaceId, userId);
    return { workspaceId: me.workspaceId, userId };
  });
}

/** The owner hands the workspace to another member and becomes an admin (whose invites still hold). */
export function transferOwnership(actorId: string, slug: string, userId: string) {
  return inWorkspace({ slug }, async (tx) => {
    const me = await requireMembership(actorId, slug, tx);
    if (me.role !== "owner") throw forbidden("Only the owner can transfer ownership.");
    if (userId === actorId) throw conflict("You already own this workspace.");
    const target = await targetOf(tx, me.workspaceId, userId);
    await tx.membership.update({ where: { id: target.id }, data: { role: "owner" } });
    await tx.membership.update({ where: { id: me.id }, data: { role: "admin" } });
    return { workspaceId: me.workspaceId, ownerId: userId };
  });
}
