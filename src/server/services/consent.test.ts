import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, uniqueEmail } from "@/test/databases";
import { connect, sessionCookie, startInstance, until, type Instance } from "@/test/realtime-harness";
import { getDb, setDb } from "../db";
import { rejectsWith } from "@/test/rejects";
import { signUp } from "./users";
import { createWorkspace, membersOf, requireMembership, workspacesOf } from "./workspaces";
import { acceptInvitation, declineInvitation, invitationCount, invitationsFor, invite, pendingInvites, revokeInvite } from "./invites";
import { changeRole, leaveWorkspace, removeMember, transferOwnership } from "./membership";
import type { PrismaClient } from "@/generated/prisma/client";

describe.each(databases)("membership by consent on $name", (database) => {
  let client: PrismaClient;
  let instance: Instance;
  beforeAll(async () => {
    client = database.connect();
    setDb(client);
    instance = await startInstance(); // in-process presence store, on this database
  });
  afterAll(async () => {
    await instance?.stop();
    await database.close(client);
    setDb(undefined);
  });

  const person = async (name: string, verified = true) => {
    const email = uniqueEmail(name.toLowerCase());
    const user = await signUp({ name, email, password: "correct horse" });
    if (verified) await getDb().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    return { ...user, email };
  };
  const inviteOf = (slug: string, email: string) => getDb().invite.findFirstOrThrow({ where: { email, workspace: { slug } } });
  const memberIds = async (workspaceId: string) => (await membersOf(workspaceId)).map((m) => m.user.id);

  it("an invite to an existing account makes no membership and shows no presence until accepted", async () => {
    const owner = await person("Ann");
    const bob = await person("Bob");
    const ws = await createWorkspace(owner.id, "Consent");
    expect(await invite(owner.id, ws.slug, bob.email, "member")).toEqual({ status: "invited", email: bob.email });

    expect(await memberIds(ws.id)).toEqual([owner.id]);
    await rejectsWith(requireMembership(bob.id, ws.slug), 404, /not found/);
    expect(await workspacesOf(bob.id)).toEqual([]);
    // Bob is online elsewhere, yet nothing of him reaches the workspace.
    const other = await createWorkspace(bob.id, "Bob's own");
    const bobSocket = await connect(instance.url, await sessionCookie(bob.id), { workspace: other.slug, idle: false });
    await expect(connect(instance.url, await sessionCookie(bob.id), { workspace: ws.slug })).rejects.toThrow("Workspace not found.");
    expect((await instance.realtime.presence.snapshot(ws.id, owner.id)).map((p) => p.userId)).not.toContain(bob.id);
    expect((await pendingInvites(ws.id)).map((i) => i.email)).toEqual([bob.email]);

    // He sees it, accepts, and is a member with live presence.
    const [invitation] = await invitationsFor(bob.id);
    expect(invitation).toMatchObject({ role: "member", workspace: { name: "Consent", slug: ws.slug }, invitedBy: "Ann" });
    expect(await invitationCount(bob.id)).toBe(1);
    expect(await acceptInvitation(bob.id, invitation!.id)).toMatchObject({ slug: ws.slug });
    instance.realtime.membersChanged(ws.id);
    expect((await requireMembership(bob.id, ws.slug)).role).toBe("member");
    expect(await pendingInvites(ws.id)).toEqual([]);
    expect(await invitationsFor(bob.id)).toEqual([]);
    const inWorkspace = await connect(instance.url, await sessionCookie(bob.id), { workspace: ws.slug, idle: false });
    await until(
      async () => (await instance.realtime.presence.snapshot(ws.id, owner.id)).some((p) => p.userId === bob.id && p.status === "active"),
      15_000,
      "Bob active in the workspace",
    );

    // He leaves: his presence is gone from the workspace.
    await leaveWorkspace(bob.id, ws.slug);
    instance.realtime.membersChanged(ws.id);
    await until(
      async () => !(await instance.realtime.presence.snapshot(ws.id, owner.id)).some((p) => p.userId === bob.id),
      10_000,
      "Bob gone from the workspace's presence",
    );
    expect(await memberIds(ws.id)).toEqual([owner.id]);
    bobSocket.close();
    inWorkspace.close();
  }, 60_000);

  it("answers the same for an existing account, a new address and a member", async () => {
    const owner = await person("Cy");
    const existing = await person("Di");
    const ws = await createWorkspace(owner.id, "Same answer");
    const fresh = uniqueEmail("nobody");
    const answers = [
      await invite(owner.id, ws.slug, existing.email, "member"),
      await invite(owner.id, ws.slug, fresh, "member"),
      await invite(owner.id, ws.slug, owner.email, "member"),
    ];
    expect(answers).toEqual([
      { status: "invited", email: existing.email },
      { status: "invited", email: fresh },
      { status: "invited", email: owner.email },
    ]);
    expect((await pendingInvites(ws.id)).map((i) => i.email).sort()).toEqual([existing.email, fresh].sort());
    expect(await memberIds(ws.id)).toEqual([owner.id]);
  });

  it("a new account with an invited email is not a member at sign-up, nor while unverified", async () => {
    const owner = await person("Eve");
    const ws = await createWorkspace(owner.id, "Sign-up");
    const email = uniqueEmail("fay");
    await invite(owner.id, ws.slug, email, "admin");
    const fay = await signUp({ name: "Fay", email, password: "correct horse" });
    await rejectsWith(requireMembership(fay.id, ws.slug), 404, /not found/);
    expect(await invitationsFor(fay.id)).toEqual([]);
    expect(await invitationCount(fay.id)).toBe(0);
    const pending = await inviteOf(ws.slug, email);
    await rejectsWith(acceptInvitation(fay.id, pending.id), 403, /^Confirm your email first\.$/);
    await rejectsWith(declineInvitation(fay.id, pending.id), 403, /Confirm your email/);

    await getDb().user.update({ where: { id: fay.id }, data: { emailVerifiedAt: new Date() } });
    await acceptInvitation(fay.id, pending.id);
    expect((await requireMembership(fay.id, ws.slug)).role).toBe("admin");
  });

  it("refuses another person's invitation, an expired one, and a revoked one", async () => {
    const owner = await person("Gus");
    const hal = await person("Hal");
    const ivy = await person("Ivy");
    const ws = await createWorkspace(owner.id, "Refusals");
    await invite(owner.id, ws.slug, hal.email, "member");
    const forHal = await inviteOf(ws.slug, hal.email);
    await rejectsWith(acceptInvitation(ivy.id, forHal.id), 404, /not found/);
    await rejectsWith(declineInvitation(ivy.id, forHal.id), 404, /not found/);

    await getDb().invite.update({ where: { id: forHal.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await invitationsFor(hal.id)).toEqual([]);
    await rejectsWith(acceptInvitation(hal.id, forHal.id), 410, /expired/);
    expect((await pendingInvites(ws.id))[0]).toMatchObject({ email: hal.email, expired: true });
    // Re-sending refreshes the expiry; then it can be accepted.
    await invite(owner.id, ws.slug, hal.email, "member");
    const resent = await inviteOf(ws.slug, hal.email);
    expect(resent.id).toBe(forHal.id);
    expect(resent.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    await rejectsWith(revokeInvite(hal.id, ws.slug, resent.id), 404, /not found/); // not a member
    await revokeInvite(owner.id, ws.slug, resent.id);
    await rejectsWith(acceptInvitation(hal.id, resent.id), 404, /not found/);
    await rejectsWith(revokeInvite(owner.id, ws.slug, resent.id), 404, /not found/);
    await rejectsWith(requireMembership(hal.id, ws.slug), 404, /not found/);

    // An invite id from another workspace cannot be revoked through this one.
    const other = await createWorkspace(ivy.id, "Other");
    await invite(ivy.id, other.slug, hal.email, "member");
    await rejectsWith(revokeInvite(owner.id, ws.slug, (await inviteOf(other.slug, hal.email)).id), 404, /not found/);
  });

  it("declining deletes the invitation", async () => {
    const owner = await person("Jon");
    const kim = await person("Kim");
    const ws = await createWorkspace(owner.id, "Decline");
    await invite(owner.id, ws.slug, kim.email, "member");
    const [inv] = await invitationsFor(kim.id);
    await declineInvitation(kim.id, inv!.id);
    expect(await pendingInvites(ws.id)).toEqual([]);
    await rejectsWith(acceptInvitation(kim.id, inv!.id), 404, /not found/);
    await rejectsWith(requireMembership(kim.id, ws.slug), 404, /not found/);
  });

  it("members leave; the owner leaves only after transferring ownership", async () => {
    const owner = await person("Lou");
    const max = await person("Max");
    const nia = await person("Nia");
    const ws = await createWorkspace(owner.id, "Leaving");
    for (const p of [max, nia]) {
      await invite(owner.id, ws.slug, p.email, "member");
      await acceptInvitation(p.id, (await inviteOf(ws.slug, p.email)).id);
    }
    await rejectsWith(leaveWorkspace(owner.id, ws.slug), 409, /Transfer ownership/);
    await rejectsWith(transferOwnership(max.id, ws.slug, nia.id), 403, /Only the owner/);
    await rejectsWith(transferOwnership(owner.id, ws.slug, (await person("Out")).id), 404, /Member not found/);
    await transferOwnership(owner.id, ws.slug, max.id);
    expect((await requireMembership(max.id, ws.slug)).role).toBe("owner");
    expect((await requireMembership(owner.id, ws.slug)).role).toBe("admin");
    // The former owner, now an admin, cannot touch the new owner.
    await rejectsWith(removeMember(owner.id, ws.slug, max.id), 403, /owner/);
    await rejectsWith(changeRole(owner.id, ws.slug, max.id, "member"), 403, /owner/);
    await leaveWorkspace(owner.id, ws.slug);
    await leaveWorkspace(nia.id, ws.slug);
    expect(await memberIds(ws.id)).toEqual([max.id]);
    await rejectsWith(leaveWorkspace(nia.id, ws.slug), 404, /not found/);
  });

  it("admins manage members but not admins; the owner manages both", async () => {
    const owner = await person("Oto");
    const [adm, adm2, mem] = [await person("Pia"), await person("Quy"), await person("Ray")];
    const ws = await createWorkspace(owner.id, "Roles");
    for (const [p, role] of [[adm, "admin"], [adm2, "admin"], [mem, "member"]] as const) {
      await invite(owner.id, ws.slug, p.email, role);
      await acceptInvitation(p.id, (await inviteOf(ws.slug, p.email)).id);
    }
    await rejectsWith(changeRole(adm.id, ws.slug, adm2.id, "member"), 403, /Only the owner/);
    await rejectsWith(removeMember(adm.id, ws.slug, adm2.id), 403, /Only the owner/);
    await rejectsWith(removeMember(mem.id, ws.slug, adm.id), 403, /admins/);
    await changeRole(adm.id, ws.slug, mem.id, "admin");
    await changeRole(owner.id, ws.slug, mem.id, "member");
    await removeMember(adm.id, ws.slug, mem.id);
    await changeRole(owner.id, ws.slug, adm2.id, "member");
    await removeMember(owner.id, ws.slug, adm.id);
    expect((await membersOf(ws.id)).map((m) => [m.user.name, m.role])).toEqual([["Oto", "owner"], ["Quy", "member"]]);
  });

  it("slugs for any script: two workspaces named in Japanese both succeed", async () => {
    const owner = await person("Sei");
    const a = await createWorkspace(owner.id, "東京チーム");
    const b = await createWorkspace(owner.id, "東京チーム");
    expect(a.slug).toMatch(/^w-[a-z0-9]{6}$/);
    expect(b.slug).toMatch(/^w-[a-z0-9]{6}$/);
    expect(a.slug).not.toBe(b.slug);
    expect(b.name).toBe("東京チーム");
    expect((await createWorkspace(owner.id, "Café Zürich")).slug).toMatch(/^cafe-zurich/);
  });
});

describe("invite throttle", () => {
  const postgres = databases.find((d) => d.name === "postgres")!;
  let client: PrismaClient;
  beforeAll(() => {
    client = postgres.connect();
    setDb(client);
  });
  afterAll(async () => {
    await postgres.close(client);
    setDb(undefined);
  });

  it("an admin gets 429 after 50 invites in an hour", async () => {
    const owner = await signUp({ name: "Tom", email: uniqueEmail("tom"), password: "correct horse" });
    const ws = await createWorkspace(owner.id, "Throttle");
    for (let i = 0; i < 50; i++) await invite(owner.id, ws.slug, uniqueEmail(`t${i}`), "member");
    await rejectsWith(invite(owner.id, ws.slug, uniqueEmail("one-more"), "member"), 429, /Too many/);
  });
});
