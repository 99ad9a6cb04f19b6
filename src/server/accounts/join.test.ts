import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, uniqueEmail, useDatabase } from "@/test/databases";
import { startMailSink, type MailSink } from "@/test/mail-sink";
import { getDb } from "../db";
import { checkCredentials } from "../auth";
import { signUp } from "../services/users";
import { createWorkspace } from "../services/workspaces";
import { invite, revokeInvite } from "../services/invites";
import { LINK_EXPIRED, verifyEmail } from "./accounts";
import { acceptOnConfirm, confirmInBrowser, invitationByLink, invitationOfConfirmation, JOIN_LINK_DEAD, joinView, signUpToJoin } from "./join";
import { tokenValid } from "./tokens";

// Joining by invitation in one flow (src/server/accounts/join.ts): what the join page shows to
// whom, and a confirmation link that accepts the invitation, signing in only the browser that
// signed up with the password the account keeps.

const SECRET = "join-test-secret-0123456789abcdef";
const OWNER = "violet lantern upriver";
const ATTACKER = "attacker's own passphrase";
const BASE = "http://roster.test";
let ipN = 0;
const origin = () => ({ ip: `10.79.${process.pid % 250}.${ipN++}`, base: BASE });
const joinTokenOf = (link: string) => /\/join\/([A-Za-z0-9_-]{43})$/.exec(link)![1]!;
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;
const failure = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e as Error).message);
const cookie = (value: string) => `other=1; roster-join=${value}`;

let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
  process.env.SMTP_URL = sink.url;
  process.env.NEXTAUTH_URL = BASE;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.NEXTAUTH_URL;
  await sink.stop();
});

describe.each(databases)("joining by invitation on $name", (database) => {
  useDatabase(database);

  /** Ada (verified) owns "Acme" and invites `email`; returns the join link's secret. */
  async function invited(email: string, role: "admin" | "member" = "member") {
    const ada = await signUp({ name: "Ada", email: uniqueEmail("ada"), password: OWNER }, { verified: true });
    const ws = await createWorkspace(ada.id, "Acme");
    const since = Date.now();
    await invite(ada.id, ws.slug, email, role);
    const mail = await sink.waitFor(email, { subject: /invited you to join "Acme"/, since });
    expect(mail.links).toHaveLength(1);
    return { ada, ws, token: joinTokenOf(mail.links[0]!), mail };
  }

  it("shows its holder the workspace and the inviter; someone signed in with another address learns only that", async () => {
    const email = uniqueEmail("newhire");
    const { ada, ws, token, mail } = await invited(email, "admin");
    expect(mail.text).toContain("create your Roster account with this address and confirm your email");
    const view = await joinView(token, null);
    expect(view).toMatchObject({ kind: "sign-up", invitation: { email, role: "admin", inviter: "Ada", workspace: { name: "Acme", slug: ws.slug }, hasAccount: false } });

    const bob = await signUp({ name: "Bob", email: uniqueEmail("bob"), password: OWNER }, { verified: true });
    expect(await joinView(token, bob)).toEqual({ kind: "other-account", signedInAs: bob.email });

    expect(await joinView("A".repeat(43), null)).toEqual({ kind: "dead" });
    expect(await joinView("../../etc", null)).toEqual({ kind: "dead" });
    expect(await invitationByLink(token, new Date(Date.now() + 8 * 86_400_000))).toBeNull(); // past its 7 days

    // Inviting again mails a new link; the earlier one stops working.
    const since = Date.now();
    await invite(ada.id, ws.slug, email, "member");
    const again = await sink.waitFor(email, { subject: /invited you/, since });
    expect(await joinView(token, null)).toEqual({ kind: "dead" });
    expect(await joinView(joinTokenOf(again.links[0]!), null)).toMatchObject({ kind: "sign-up", invitation: { role: "member" } });
  });

  it("an existing account signs in to join; signed in, it accepts in one click", async () => {
    const cy = await signUp({ name: "Cy", email: uniqueEmail("cy"), password: OWNER }, { verified: true });
    const { token, mail } = await invited(cy.email);
    expect(mail.text).toContain("Sign in to accept or decline it here:");
    expect(await joinView(token, null)).toMatchObject({ kind: "sign-in", invitation: { email: cy.email, hasAccount: true } });
    expect(await joinView(token, cy)).toMatchObject({ kind: "accept", invitation: { email: cy.email } });
  });

  it("a new person: sign-up with the invited address; the link opened in that browser confirms, keeps the password and accepts", async () => {
    const email = uniqueEmail("newhire");
    const { ada, ws, token } = await invited(email);
    const since = Date.now();
    const { cookie: proof } = await signUpToJoin({ token, name: "Nadia", password: OWNER }, origin(), SECRET);
    const confirm = await sink.waitFor(email, { subject: /^Confirm your email to join "Acme" on Roster$/, since });
    expect(confirm.text).toContain(`Confirming accepts Ada's invitation:\n\n${confirm.links[0]}\n`);
    expect(confirm.links).toHaveLength(1);
    expect(confirm.links[0]).toMatch(new RegExp(`^${BASE}/join/confirm\\?token=[A-Za-z0-9_-]{43}$`));
    const link = tokenOf(confirm.links[0]!);
    expect(await invitationOfConfirmation(link)).toEqual({ workspace: "Acme", inviter: "Ada" });
    // Nothing joined before the click.
    expect(await getDb().membership.count({ where: { workspaceId: ws.id } })).toBe(1);

    // Opened without the join cookie (another browser, a mail scanner): nothing happens, the link stays usable.
    expect(await confirmInBrowser(link, null, SECRET)).toBeNull();
    expect(await confirmInBrowser(link, cookie(proof), "another secret, another server")).toBeNull();
    expect(await confirmInBrowser(link, cookie(`${proof.split(".")[0]}.forged`), SECRET)).toBeNull();
    expect(await tokenValid(link, "verifyEmail")).toBe(true);

    const done = await confirmInBrowser(link, cookie(proof), SECRET);
    expect(done).toMatchObject({ user: { name: "Nadia", email } });
    expect(await checkCredentials({ email, password: OWNER })).toMatchObject({ verified: true });
    const joined = await acceptOnConfirm(done!.user.id, done!.inviteId);
    expect(joined).toEqual({ workspaceId: ws.id, slug: ws.slug });
    expect(await getDb().membership.findUnique({ where: { workspaceId_userId: { workspaceId: ws.id, userId: done!.user.id } } })).toMatchObject({ role: "member" });
    expect(await getDb().invite.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await confirmInBrowser(link, cookie(proof), SECRET)).toBeNull(); // once
    expect(ada.id).not.toBe(done!.user.id);
  });

  it("someone else's sign-up from the same link voids the owner's cookie; on the confirmation page the owner's password wins and accepts", async () => {
    const email = uniqueEmail("newhire");
    const { ws, token } = await invited(email);
    const since = Date.now();
    const { cookie: owners } = await signUpToJoin({ token, name: "Nadia", password: OWNER }, origin(), SECRET);
    const first = await sink.waitFor(email, { subject: /Confirm your email to join/, since });
    // The invitation mail was forwarded: someone signs up with it too, choosing their own password.
    const { cookie: attackers } = await signUpToJoin({ token, name: "Mallory", password: ATTACKER }, origin(), SECRET);
    const second = await sink.waitFor(email, { subject: /Confirm your email to join/, since: first.at + 1 });

    // The owner opens either link in their browser: their cookie no longer matches the pending password.
    expect(await confirmInBrowser(tokenOf(first.links[0]!), cookie(owners), SECRET)).toBeNull();
    expect(await confirmInBrowser(tokenOf(second.links[0]!), cookie(owners), SECRET)).toBeNull();
    expect(attackers).not.toBe(owners);

    // So the page asks, and what the owner types there is the password; confirming accepts.
    const { user, inviteId } = await verifyEmail(tokenOf(second.links[0]!), OWNER);
    expect(await acceptOnConfirm(user.id, inviteId)).toMatchObject({ slug: ws.slug });
    expect(await checkCredentials({ email, password: ATTACKER })).toBeNull();
    expect(await checkCredentials({ email, password: OWNER })).toMatchObject({ verified: true });
    expect(await failure(verifyEmail(tokenOf(first.links[0]!), OWNER))).toBe(LINK_EXPIRED);
  });

  it("confirming after the invitation was revoked confirms the address and joins nothing; a dead link signs nobody up", async () => {
    const email = uniqueEmail("newhire");
    const { ada, ws, token } = await invited(email);
    const since = Date.now();
    const { cookie: proof } = await signUpToJoin({ token, name: "Nadia", password: OWNER }, origin(), SECRET);
    const confirm = await sink.waitFor(email, { subject: /Confirm your email to join/, since });
    const pending = await getDb().invite.findFirstOrThrow({ where: { workspaceId: ws.id, email } });
    await revokeInvite(ada.id, ws.slug, pending.id);

    const done = await confirmInBrowser(tokenOf(confirm.links[0]!), cookie(proof), SECRET);
    expect(done).toMatchObject({ user: { email } });
    expect(await acceptOnConfirm(done!.user.id, done!.inviteId)).toBeNull();
    expect(await getDb().membership.count({ where: { workspaceId: ws.id } })).toBe(1);

    expect(await failure(signUpToJoin({ token, name: "Late", password: OWNER }, origin(), SECRET))).toBe(JOIN_LINK_DEAD);
  });

  it("the address got an account meanwhile: the sign-up answers the same, warns the owner, and its cookie proves nothing", async () => {
    const email = uniqueEmail("newhire");
    const { token } = await invited(email);
    await signUp({ name: "Real Owner", email, password: OWNER }, { verified: true });
    const since = Date.now();
    const { cookie: proof } = await signUpToJoin({ token, name: "Mallory", password: ATTACKER }, origin(), SECRET);
    expect(proof).toMatch(/^[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    await sink.waitFor(email, { subject: /Someone tried to create a Roster account/, since });
    expect(await checkCredentials({ email, password: OWNER })).toMatchObject({ name: "Real Owner" });
  });
});
