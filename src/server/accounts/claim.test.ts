import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, uniqueEmail, useDatabase } from "@/test/databases";
import { startMailSink, type MailSink } from "@/test/mail-sink";
import { getDb } from "../db";
import { checkCredentials, CONFIRM_EMAIL_FIRST, signInWithPassword } from "../auth";
import { signUp } from "../services/users";
import { createWorkspace } from "../services/workspaces";
import { acceptInvitation, invitationCount, invitationsFor, invite } from "../services/invites";
import { SIGN_IN_FAILED } from "@/shared/schemas";
import { LINK_EXPIRED, register, verifyEmail } from "./accounts";

// Taking an invited address before its owner: someone signs up with an address they do not own,
// with their own password, and waits for the owner to click "Confirm your email".

const ATTACKER = "attacker's own passphrase";
const OWNER = "violet lantern upriver";
const BASE = "http://roster.test";
let ipN = 0;
const newIp = () => `10.78.${process.pid % 250}.${ipN++}`;
const browser = (ip: string) => new Headers({ "x-roster-client-ip": ip });
const failure = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e as Error).message);
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
  process.env.SMTP_URL = sink.url;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await sink.stop();
});

describe.each(databases)("claiming an address on $name", (database) => {
  useDatabase(database);

  it("confirming an address never makes the password someone else chose for it usable", async () => {
    const boss = await signUp({ name: "Boss", email: uniqueEmail("boss"), password: OWNER }, { verified: true });
    const ws = await createWorkspace(boss.id, "Hiring");
    const email = uniqueEmail("newhire");
    const since = Date.now();

    // The attacker signs up first with the address the owner is about to invite.
    await register({ name: "New Hire", email, password: ATTACKER }, { ip: newIp(), base: BASE });
    const attacker = await getDb().user.findUniqueOrThrow({ where: { email } });
    await invite(boss.id, ws.slug, email, "admin");

    // The owner of the mailbox clicks "Confirm your email" and keeps their own password.
    const confirm = await sink.waitFor(email, { subject: /Confirm your email/, since });
    expect(await verifyEmail(tokenOf(confirm.links[0]!), OWNER)).toMatchObject({ email, inviteId: null });

    expect(await checkCredentials({ email, password: ATTACKER })).toBeNull();
    expect(await failure(signInWithPassword({ email, password: ATTACKER }, browser(newIp())))).toBe(SIGN_IN_FAILED);
    const owner = await signInWithPassword({ email, password: OWNER }, browser(newIp()));
    expect(owner.id).toBe(attacker.id); // the row, now the owner's
    const [offer] = await invitationsFor(owner.id);
    expect(offer).toMatchObject({ role: "admin", workspace: { slug: ws.slug } });
    await acceptInvitation(owner.id, offer!.id);
  });

  it("sends an unconfirmed account no invitation: the mail tells the address to sign up and confirm, nothing is offered", async () => {
    const boss = await signUp({ name: "Boss", email: uniqueEmail("boss"), password: OWNER }, { verified: true });
    const ws = await createWorkspace(boss.id, "Hiring");
    const email = uniqueEmail("newhire");
    await register({ name: "New Hire", email, password: ATTACKER }, { ip: newIp(), base: BASE });
    const pending = await getDb().user.findUniqueOrThrow({ where: { email } });
    const since = Date.now();
    await invite(boss.id, ws.slug, email, "admin");
    const invitation = await sink.waitFor(email, { subject: /invited you/, since });
    expect(invitation.text).toMatch(/create your Roster account with this address and confirm your email/);
    expect(invitation.text).not.toMatch(/accept or decline/i);
    expect(await invitationCount(pending.id)).toBe(0);
    expect(await invitationsFor(pending.id)).toEqual([]);
    expect(await failure(acceptInvitation(pending.id, (await getDb().invite.findFirstOrThrow({ where: { email } })).id))).toBe("Confirm your email first.");
  });

  it("lets the newest sign-up for an unconfirmed address replace its name and pending password, with a new link", async () => {
    const email = uniqueEmail("newhire");
    const since = Date.now();
    await register({ name: "Mallory", email, password: ATTACKER }, { ip: newIp(), base: BASE });
    const first = await sink.waitFor(email, { subject: /Confirm your email/, since });
    await register({ name: "Nadia", email, password: OWNER }, { ip: newIp(), base: BASE });
    const second = await sink.waitFor(email, { subject: /Confirm your email/, since: first.at + 1 });
    expect(second.text).toMatch(/^Hi Nadia,/);
    expect(second.links[0]).not.toBe(first.links[0]);
    expect(await getDb().user.count({ where: { email } })).toBe(1);
    expect(await failure(signInWithPassword({ email, password: ATTACKER }, browser(newIp())))).toBe(SIGN_IN_FAILED);
    expect(await failure(signInWithPassword({ email, password: OWNER }, browser(newIp())))).toBe(CONFIRM_EMAIL_FIRST);

    // Whichever link the owner follows, the password typed there is the one kept (a weak one is
    // refused without using the link up); then every link is spent.
    expect(await failure(verifyEmail(tokenOf(first.links[0]!), "password"))).toMatch(/too easy to guess/);
    await verifyEmail(tokenOf(first.links[0]!), OWNER);
    expect(await failure(verifyEmail(tokenOf(second.links[0]!), ATTACKER))).toBe(LINK_EXPIRED);
    expect(await checkCredentials({ email, password: OWNER })).toMatchObject({ name: "Nadia", verified: true });

    // A confirmed address is no longer taken over (its owner is warned instead: accounts.test.ts).
    await register({ name: "Mallory", email, password: ATTACKER }, { ip: newIp(), base: BASE });
    expect(await checkCredentials({ email, password: OWNER })).toMatchObject({ name: "Nadia" });
  });
});
