import { describe, expect, it } from "vitest";
import { canInvite, canManage, type Role, type RoleAction } from "./roles";

const roles: Role[] = ["owner", "admin", "member"];
const actions: RoleAction[] = ["promote", "demote", "remove"];

// Every combination, written out: actor -> target -> allowed actions.
const allowed: Record<Role, Record<Role, RoleAction[]>> = {
  owner: { owner: [], admin: ["promote", "demote", "remove"], member: ["promote", "demote", "remove"] },
  admin: { owner: [], admin: [], member: ["promote", "demote", "remove"] },
  member: { owner: [], admin: [], member: [] },
};

describe("canManage", () => {
  for (const actor of roles)
    for (const target of roles)
      for (const action of actions) {
        const expected = allowed[actor][target].includes(action);
        it(`${actor} ${expected ? "may" : "may not"} ${action} ${target}`, () => {
          expect(canManage(actor, target, action)).toBe(expected);
        });
      }
});

// Which roles each role may invite as (and so keep an invitation alive for), written out.
const invitable: Record<Role, Role[]> = { owner: ["admin", "member"], admin: ["admin", "member"], member: [] };

describe("canInvite", () => {
  for (const inviter of roles)
    for (const role of roles) {
      const expected = invitable[inviter].includes(role);
      it(`${inviter} ${expected ? "may" : "may not"} invite as ${role}`, () => {
        expect(canInvite(inviter, role)).toBe(expected);
      });
    }
});
