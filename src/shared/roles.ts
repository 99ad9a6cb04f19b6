// Who may change whom: owner > admin > member. The owner changes hands only by a transfer.
export type Role = "owner" | "admin" | "member";
export type RoleAction = "promote" | "demote" | "remove";

/**
 * Whether `actor` may apply `action` to a member holding `target`.
 * - promote: make a member an admin (owners and admins).
 * - demote: make an admin a member (the owner only); on a member it changes nothing, so admins may.
 * - remove: the owner removes admins and members; admins remove members.
 * Nobody acts on the owner (transfer ownership instead); members manage nobody.
 */
export function canManage(actor: Role, target: Role, action: RoleAction): boolean {
  if (target === "owner" || actor === "member") return false;
  if (actor === "owner") return true;
  // actor is an admin
  if (action === "promote") return target === "member";
  if (action === "demote") return target === "member";
  return target === "member";
}

export const isAdminRole = (role: Role) => role === "owner" || role === "admin";

const RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

/**
 * Whether a member holding `inviter` may invite someone as `role`: admins and the owner invite
 * up to their own rank, never as owner. An invitation holds only while this stays true of its
 * inviter (removed or demoted since, it is dead).
 */
export function canInvite(inviter: Role, role: Role): boolean {
  return isAdminRole(inviter) && role !== "owner" && RANK[inviter] >= RANK[role];
}
