// An invitation lives only as long as its inviter may grant its role.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, uniqueEmail, useDatabase } from "@/test/databases";
import { getDb } from "../db";
import { rejectsWith } from "@/test/rejects";
import { signUp } from "./users";
import { createWorkspace, requireMembership } from "./workspaces";
import { acceptInvitation, invitationCount, invitationsFor, invite, pendingInvites } from "./invites";
import { changeRole, leaveWorkspace, removeMember, transferOwnership } from "./membership";

describe.each(databases)("invitations and the inviter's rights on $name", (database) => {
  useDatabase(database);

  const person = async (name: string) => {
    const email = uniqueEmail(name.toLowerCase());
    const user = await signUp({ name, email, password: "correct horse" }, { verified: true });
    return { ...user, email };
  };
  const inviteOf = (slug: string, email: string) => getDb().invite.findFirstOrThrow({ where: { email, workspace: { slug } } });
  const join = async (slug: string, by: string, who: { id: string; email: string }, role: "admin" | "member") => {
    await invite(by, slug, who.email, role);
    await acceptInvitation(who.id, (await inviteOf(slug, who.email)).id);
  };

  /** Owner Ann, admin Dee, and Dee's pending invitations: her other account as admin, Max as member. */
  async function scene() {
    const [ann, dee, alt, max] = [await person("Ann"), await person("Dee"), await person("Alt"), await person("Max")];
    const ws = await createWorkspace(ann.id, "Rights");
    await join(ws.slug, ann.id, dee, "admin");
    await invite(dee.id, ws.slug, alt.email, "admin");
    await invite(dee.id, ws.slug, max.email, "member");
    const ids = { alt: (await inviteOf(ws.slug, alt.email)).id, max: (await inviteOf(ws.slug, max.email)).id };
    expect((await pendingInvites(ws.id)).map((i) => i.email).sort()).toEqual([alt.email, max.email].sort());
    return { ws, ann, dee, alt, max, ids };
  }

  /** Dee's invitations are gone everywhere, and neither invitee can join with them. */
  async function expectDead({ ws, alt, max, ids }: Awaited<ReturnType<typeof scene>>) {
    expect(await pendingInvites(ws.id)).toEqual([]);
    for (const [who, id] of [[alt, ids.alt], [max, ids.max]] as const) {
      expect(await invitationsFor(who.id)).toEqual([]);
      expect(await invitationCount(who.id)).toBe(0);
      await rejectsWith(acceptInvitation(who.id, id), 404, /^Invitation not found\.$/);
      await rejectsWith(requireMembership(who.id, ws.slug), 404, /not found/);
    }
  }

  it("a removed admin's invitations die", async () => {
    const s = await scene();
    await removeMember(s.ann.id, s.ws.slug, s.dee.id);
    await expectDead(s);
  });

  it("an admin who leaves takes their invitations along", async () => {
    const s = await scene();
    await leaveWorkspace(s.dee.id, s.ws.slug);
    await expectDead(s);
  });

  it("an admin demoted to member: their invitations die", async () => {
    const s = await scene();
    await changeRole(s.ann.id, s.ws.slug, s.dee.id, "member");
    await expectDead(s);
  });

  it("accepting checks the inviter's right at that moment, and uses up a dead invitation", async () => {
    const s = await scene();
    // Demoted without the revocation (as data written before invitations died with it).
    await getDb().membership.update({ where: { workspaceId_userId: { workspaceId: s.ws.id, userId: s.dee.id } }, data: { role: "member" } });
    await rejectsWith(acceptInvitation(s.alt.id, s.ids.alt), 410, /^This invitation is no longer valid\.$/);
    await rejectsWith(requireMembership(s.alt.id, s.ws.slug), 404, /not found/);
    expect((await pendingInvites(s.ws.id)).map((i) => i.email)).toEqual([s.max.email]);
    await rejectsWith(acceptInvitation(s.alt.id, s.ids.alt), 404, /^Invitation not found\.$/);

    // Removed without the revocation: the same.
    await getDb().membership.delete({ where: { workspaceId_userId: { workspaceId: s.ws.id, userId: s.dee.id } } });
    await rejectsWith(acceptInvitation(s.max.id, s.ids.max), 410, /^This invitation is no longer valid\.$/);
    await rejectsWith(requireMembership(s.max.id, s.ws.slug), 404, /not found/);
    expect(await pendingInvites(s.ws.id)).toEqual([]);
  });

  it("an owner who hands over stays an admin, and their invitations hold", async () => {
    const [ann, bob, cy] = [await person("Ann"), await person("Bob"), await person("Cy")];
    const ws = await createWorkspace(ann.id, "Handover");
    await join(ws.slug, ann.id, bob, "member");
    await invite(ann.id, ws.slug, cy.email, "admin");
    await transferOwnership(ann.id, ws.slug, bob.id);
    expect((await invitationsFor(cy.id)).map((i) => i.role)).toEqual(["admin"]);
    await acceptInvitation(cy.id, (await inviteOf(ws.slug, cy.email)).id);
    expect((await requireMembership(cy.id, ws.slug)).role).toBe("admin");
  });

  it("an invitation made by someone no longer an admin is refused", async () => {
    const [ann, dee, alt] = [await person("Ann"), await person("Dee"), await person("Alt")];
    const ws = await createWorkspace(ann.id, "Late");
    await join(ws.slug, ann.id, dee, "member");
    await rejectsWith(invite(dee.id, ws.slug, alt.email, "admin"), 403, /admins/);
    expect(await pendingInvites(ws.id)).toEqual([]);
  });
});
