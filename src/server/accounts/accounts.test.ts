import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { databases, uniqueEmail } from "@/test/databases";
import { startMailSink, type MailSink } from "@/test/mail-sink";
import type { PrismaClient } from "@/generated/prisma/client";
import { getDb, setDb } from "../db";
import { AppError } from "../errors";
import { authOptions, checkCredentials, CONFIRM_EMAIL_FIRST, signInWithPassword } from "../auth";
import { createSession, endAllSessions, sessionAlive, type SessionsEnded } from "../sessions";
import { registerCommands, type Commands } from "../commands";
import { sessionFromCookieHeader, userIdFromCookieHeader } from "../session-token";
import { signUp } from "../services/users";
import { changePassword, LINK_EXPIRED, register, requestPasswordReset, resetPassword, verifyEmail } from "./accounts";
import { hashToken, issueToken } from "./tokens";
import { invitationCount } from "../services/invites";
import { SIGN_IN_FAILED } from "@/shared/schemas";

const PASSWORD = "correct horse battery";
const BASE = "http://roster.test";
let ipN = 0;
/** A fresh client address per test, so per-address throttles never leak between tests. */
const newIp = () => `10.9.${process.pid % 250}.${ipN++}`;
const headersFrom = (ip: string) => new Headers({ "x-roster-client-ip": ip, host: "roster.test" });

const rejects = async (p: Promise<unknown>) => p.then(() => { throw new Error("expected a rejection"); }, (e: unknown) => e as Error);
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

/** What the realtime server was told of ended sessions (its sockets close on each). */
let ended: [userId: string, sessionIds: string[] | null][] = [];
const record: SessionsEnded = (userId, sessionIds) => void ended.push([userId, sessionIds && [...sessionIds].sort()]);

let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
  process.env.SMTP_URL = sink.url;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await sink.stop();
});

describe.each(databases)("accounts on $name", (database) => {
  let client: PrismaClient;
  beforeAll(() => {
    client = database.connect();
    setDb(client);
  });
  afterAll(async () => {
    await database.close(client);
    setDb(undefined);
  });

  const verifiedUser = async (name = "Vera") => {
    const email = uniqueEmail(name.toLowerCase());
    const user = await signUp({ name, email, password: PASSWORD }, { verified: true });
    return { ...user, email };
  };

  it("answers sign-up the same for a new and a known email; the owner of the known one is warned", async () => {
    const ip = newIp();
    const email = uniqueEmail("nora");
    const since = Date.now();
    const first = await register({ name: "Nora", email, password: PASSWORD }, { ip, base: BASE });
    const verify = await sink.waitFor(email, { subject: /Confirm your email/, since });
    expect(verify.links[0]).toMatch(/^http:\/\/roster\.test\/verify\?token=[A-Za-z0-9_-]{43}$/);
    const row = await getDb().user.findUniqueOrThrow({ where: { email } });
    expect(row.emailVerifiedAt).toBeNull();
    // Only the hash of the token is stored.
    expect(await getDb().authToken.findUnique({ where: { id: hashToken(tokenOf(verify.links[0]!)) } })).toMatchObject({ userId: row.id, purpose: "verifyEmail" });
    await verifyEmail(tokenOf(verify.links[0]!), PASSWORD);

    const again = await register({ name: "Someone else", email, password: "another good passphrase" }, { ip, base: BASE });
    expect(again).toEqual(first);
    expect(first).toEqual({ status: "check-email" });
    const warning = await sink.waitFor(email, { subject: /Someone tried to create/, since });
    expect(warning.text).toContain(`${BASE}/forgot`);
    expect(await getDb().user.count({ where: { email } })).toBe(1);
  });

  it("refuses weak passwords with zxcvbn's reason", async () => {
    const ip = newIp();
    for (const weak of ["aaaaaaaa", "password", "password1", "noranora1"]) {
      const err = await rejects(register({ name: "Nora", email: uniqueEmail("weak"), password: weak }, { ip, base: BASE }));
      expect(err).toBeInstanceOf(AppError);
      expect(err.message).toMatch(/^This password is too easy to guess\./);
    }
    const err = await rejects(register({ name: "Nora", email: uniqueEmail("weak"), password: "aaaaaaaa" }, { ip, base: BASE }));
    expect(err.message).toContain("Repeated characters");
  });

  it("verifies an email once; used and expired links are refused; unverified sign-in resends the link", async () => {
    const ip = newIp();
    const email = uniqueEmail("vic");
    const since = Date.now();
    await register({ name: "Vic", email, password: PASSWORD }, { ip, base: BASE });
    const first = await sink.waitFor(email, { subject: /Confirm/, since });

    const refused = await rejects(signInWithPassword({ email, password: PASSWORD }, headersFrom(ip)));
    expect(refused.message).toBe(CONFIRM_EMAIL_FIRST);
    const resent = await sink.waitFor(email, { subject: /Confirm/, since: first.at + 1 });
    expect(resent.links[0]).not.toBe(first.links[0]);

    // An invite waiting for the address is offered once the address is confirmed, never claimed by itself.
    const owner = await verifiedUser("Owen");
    const ws = await getDb().workspace.create({ data: { slug: `claim-${Date.now().toString(36)}-${ipN}`, name: "Claim" } });
    await getDb().invite.create({ data: { workspaceId: ws.id, email, role: "member", invitedById: owner.id, expiresAt: new Date(Date.now() + 3600_000) } });
    const vic = await getDb().user.findUniqueOrThrow({ where: { email } });
    expect(await getDb().membership.count({ where: { userId: vic.id } })).toBe(0);

    expect(await invitationCount(vic.id)).toBe(0);
    expect(await verifyEmail(tokenOf(first.links[0]!), PASSWORD)).toMatchObject({ email, inviteId: null });
    expect(await getDb().membership.count({ where: { userId: vic.id } })).toBe(0);
    expect(await invitationCount(vic.id)).toBe(1);
    expect((await getDb().user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeInstanceOf(Date);
    expect((await rejects(verifyEmail(tokenOf(first.links[0]!), PASSWORD))).message).toBe(LINK_EXPIRED);
    // Verifying removed the other outstanding link too.
    expect((await rejects(verifyEmail(tokenOf(resent.links[0]!), PASSWORD))).message).toBe(LINK_EXPIRED);
    expect(await signInWithPassword({ email, password: PASSWORD }, headersFrom(ip))).toMatchObject({ email });

    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    const expired = await issueToken(user.id, "verifyEmail");
    await getDb().authToken.update({ where: { id: hashToken(expired) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await rejects(verifyEmail(expired, PASSWORD))).message).toBe(LINK_EXPIRED);
    expect((await rejects(verifyEmail("not-a-real-token-at-all", PASSWORD))).message).toBe(LINK_EXPIRED);
    // A reset token is no verification token.
    const reset = await issueToken(user.id, "resetPassword");
    expect((await rejects(verifyEmail(reset, PASSWORD))).message).toBe(LINK_EXPIRED);
  });

  it("resets a password by email: old password refused, every session ended, link single-use", async () => {
    const ip = newIp();
    const vera = await verifiedUser();
    const a = await signInWithPassword({ email: vera.email, password: PASSWORD }, headersFrom(ip));
    const b = await signInWithPassword({ email: vera.email, password: PASSWORD }, headersFrom(ip));
    expect(await sessionAlive(a.sid, vera.id)).toBe(true);

    const since = Date.now();
    expect(await requestPasswordReset(vera.email, { ip, base: BASE })).toEqual({ status: "check-email" });
    const nobody = uniqueEmail("nobody");
    expect(await requestPasswordReset(nobody, { ip, base: BASE })).toEqual({ status: "check-email" });
    const mail = await sink.waitFor(vera.email, { subject: /Reset your Roster password/, since });
    const token = tokenOf(mail.links[0]!);
    expect(mail.links[0]).toMatch(/^http:\/\/roster\.test\/reset\?token=/);

    // A weak choice is refused without using up the link.
    ended = [];
    expect((await rejects(resetPassword(token, "password", record))).message).toMatch(/too easy to guess/);
    expect(ended).toEqual([]);
    const fresh = "violet lantern upriver";
    expect(await resetPassword(token, fresh, record)).toEqual({ email: vera.email });
    expect(ended).toEqual([[vera.id, null]]);
    expect(await sessionAlive(a.sid, vera.id)).toBe(false);
    expect(await sessionAlive(b.sid, vera.id)).toBe(false);
    expect(await checkCredentials({ email: vera.email, password: PASSWORD })).toBeNull();
    expect(await checkCredentials({ email: vera.email, password: fresh })).toMatchObject({ id: vera.id });
    expect((await rejects(resetPassword(token, "another violet lantern", record))).message).toBe(LINK_EXPIRED);
    expect(await getDb().authToken.count({ where: { userId: vera.id, purpose: "resetPassword" } })).toBe(0);
    expect(sink.mails.some((m) => m.to.includes(nobody))).toBe(false);
  });

  it("marks an unverified account verified when its password is reset (ownership proven)", async () => {
    const ip = newIp();
    const email = uniqueEmail("una");
    await register({ name: "Una", email, password: PASSWORD }, { ip, base: BASE });
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    const token = await issueToken(user.id, "resetPassword");
    await resetPassword(token, "violet lantern upriver", record);
    expect((await getDb().user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("throttles sign-in per account and address: the 6th wrong password from one address is blocked, and so is the right one", async () => {
    const vera = await verifiedUser();
    const [ip, other] = [newIp(), newIp()];
    // A success clears the count of its address.
    for (let i = 0; i < 3; i++) expect((await rejects(signInWithPassword({ email: vera.email, password: "wrong" }, headersFrom(ip)))).message).toBe(SIGN_IN_FAILED);
    await signInWithPassword({ email: vera.email, password: PASSWORD }, headersFrom(ip));
    for (let i = 0; i < 5; i++) {
      const err = await rejects(signInWithPassword({ email: vera.email.toUpperCase(), password: "wrong" }, headersFrom(ip)));
      expect(err.message).toBe(SIGN_IN_FAILED);
    }
    const sixth = await rejects(signInWithPassword({ email: vera.email, password: "wrong" }, headersFrom(ip)));
    expect(sixth.message).toMatch(/^Too many attempts, try again in \d+ s\.$/);
    const seconds = Number(/in (\d+) s/.exec(sixth.message)![1]);
    expect(seconds).toBeGreaterThan(800);
    expect(seconds).toBeLessThanOrEqual(900);
    const right = await rejects(signInWithPassword({ email: vera.email, password: PASSWORD }, headersFrom(ip)));
    expect(right.message).toMatch(/^Too many attempts/);
    // The owner elsewhere is not locked out by it.
    expect(await signInWithPassword({ email: vera.email, password: PASSWORD }, headersFrom(other))).toMatchObject({ id: vera.id });
  });

  it("throttles sign-in per client address across accounts", async () => {
    const ip = newIp();
    const vera = await verifiedUser();
    const factor = Math.max(1, Number(process.env.IP_LIMIT_FACTOR) || 1);
    for (let i = 0; i < 30 * factor; i++) {
      const err = await rejects(signInWithPassword({ email: uniqueEmail("spray"), password: "wrong" }, headersFrom(ip)));
      expect(err.message).toBe(SIGN_IN_FAILED);
    }
    const blocked = await rejects(signInWithPassword({ email: vera.email, password: PASSWORD }, headersFrom(ip)));
    expect(blocked.message).toMatch(/^Too many attempts, try again in \d+ s\.$/);
    // Another address is not affected.
    expect(await signInWithPassword({ email: vera.email, password: PASSWORD }, headersFrom(newIp()))).toMatchObject({ id: vera.id });
  });

  it("keeps sessions server-side: sign-out ends one, endAllSessions ends all or all but one", async () => {
    const ip = newIp();
    const vera = await verifiedUser();
    const a = await signInWithPassword({ email: vera.email, password: PASSWORD }, headersFrom(ip));
    const row = await getDb().session.findUniqueOrThrow({ where: { id: a.sid } });
    expect(row.userId).toBe(vera.id);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    expect(await sessionAlive(a.sid, vera.id)).toBe(true);
    // Someone else's id with this session is not alive.
    const other = await verifiedUser("Otto");
    expect(await sessionAlive(a.sid, other.id)).toBe(false);

    // next-auth's session endpoint keeps a live session and drops an ended one.
    const jwt = authOptions.callbacks!.jwt!;
    const call = (token: Record<string, unknown>) => jwt({ token, account: null, user: undefined as never } as never);
    expect(await call({ sub: vera.id, sid: a.sid })).toMatchObject({ sid: a.sid });
    await expect(call({ sub: other.id, sid: a.sid })).rejects.toThrow("Session ended.");
    await expect(call({ sub: vera.id })).rejects.toThrow("Session ended.");

    // The sign-out event next-auth calls with the decoded cookie: the row goes, and the realtime
    // server (its registered commands) closes that session's sockets.
    ended = [];
    const unregister = registerCommands({ sessionsEnded: record } as Partial<Commands> as Commands);
    try {
      await authOptions.events!.signOut!({ token: { sub: vera.id, sid: a.sid }, session: undefined as never });
    } finally {
      unregister();
    }
    expect(ended).toEqual([[vera.id, [a.sid]]]);
    expect(await sessionAlive(a.sid, vera.id)).toBe(false);
    await expect(call({ sub: vera.id, sid: a.sid })).rejects.toThrow("Session ended.");
    // Without a running realtime server the row still goes, and sign-out fails loudly (next-auth logs it).
    const b = await createSession(vera.id);
    await expect(authOptions.events!.signOut!({ token: { sub: vera.id, sid: b }, session: undefined as never })).rejects.toThrow(/realtime server is not running/);
    expect(await sessionAlive(b, vera.id)).toBe(false);

    const s1 = await createSession(vera.id);
    const s2 = await createSession(vera.id);
    const s3 = await createSession(vera.id);
    const theirs = await createSession(other.id);
    ended = [];
    await endAllSessions(vera.id, record, { except: s2 });
    expect([await sessionAlive(s1, vera.id), await sessionAlive(s2, vera.id), await sessionAlive(s3, vera.id)]).toEqual([false, true, false]);
    expect(ended).toEqual([[vera.id, [s1, s3].sort()]]);
    await endAllSessions(vera.id, record, { except: s2 }); // nothing left to end: nobody is told
    expect(ended).toHaveLength(1);
    await endAllSessions(vera.id, record);
    expect(ended).toEqual([[vera.id, [s1, s3].sort()], [vera.id, null]]);
    expect(await sessionAlive(s2, vera.id)).toBe(false);
    expect(await sessionAlive(theirs, other.id)).toBe(true);

    await getDb().session.update({ where: { id: theirs }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sessionAlive(theirs, other.id)).toBe(false);
  });

  it("changes the password: current one required, strength checked, only this session kept", async () => {
    const ip = newIp();
    const vera = await verifiedUser();
    const here = await signInWithPassword({ email: vera.email, password: PASSWORD }, headersFrom(ip));
    const elsewhere = await signInWithPassword({ email: vera.email, password: PASSWORD }, headersFrom(ip));
    ended = [];
    expect((await rejects(changePassword(vera.id, here.sid, "not it", "violet lantern upriver", record))).message).toBe("Your current password is not correct.");
    expect((await rejects(changePassword(vera.id, here.sid, PASSWORD, "aaaaaaaa", record))).message).toMatch(/too easy to guess/);
    expect(await sessionAlive(elsewhere.sid, vera.id)).toBe(true);
    expect(ended).toEqual([]);
    await changePassword(vera.id, here.sid, PASSWORD, "violet lantern upriver", record);
    expect(ended).toEqual([[vera.id, [elsewhere.sid]]]);
    expect(await sessionAlive(here.sid, vera.id)).toBe(true);
    expect(await sessionAlive(elsewhere.sid, vera.id)).toBe(false);
    expect(await checkCredentials({ email: vera.email, password: "violet lantern upriver" })).toMatchObject({ id: vera.id });
  });
});

describe("session cookie", () => {
  it("names the user and the server-side session", async () => {
    const secret = "a-test-secret-of-enough-length-0123456789";
    const token = await encode({ token: { sub: "user1", sid: "sess1" }, secret });
    const header = `other=1; next-auth.session-token=${token}`;
    expect(await sessionFromCookieHeader(header, secret)).toEqual({ userId: "user1", sessionId: "sess1" });
    expect(await userIdFromCookieHeader(header, secret)).toBe("user1");
    expect(await sessionFromCookieHeader(header, "another-secret-of-enough-length-0000")).toBeNull();
    const old = await encode({ token: { sub: "user1" }, secret });
    expect(await sessionFromCookieHeader(`next-auth.session-token=${old}`, secret)).toBeNull();
    // Chunked cookies, as next-auth writes large tokens.
    const chunked = `__Secure-next-auth.session-token.0=${token.slice(0, 100)}; __Secure-next-auth.session-token.1=${token.slice(100)}`;
    expect(await sessionFromCookieHeader(chunked, secret)).toEqual({ userId: "user1", sessionId: "sess1" });
  });
});
