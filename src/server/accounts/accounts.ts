import { getDb } from "../db";
import { badRequest, isUniqueViolation } from "../errors";
import { blockedFor, consume, reset, TooManyRequests } from "../limits";
import { logger } from "../logger";
import { hashPassword, verifyPassword } from "../password";
import { endAllSessions, type SessionsEnded } from "../sessions";
import { signUp } from "../services/users";
import { alreadyRegisteredMail, joinVerifyMail, resetMail, verifyMail } from "./mails";
import { clearAccount } from "./sign-in-throttle";
import { requireStrongPassword } from "./strength";
import { consumeToken, hashToken, issueToken } from "./tokens";

/** Where a request came from: the client address (throttles) and the base of emailed links. */
export interface Origin {
  ip: string;
  base: string;
}

export const LINK_EXPIRED = "This link has expired or was already used. Request a new one below.";

/**
 * Sends without waiting: how long the mail server takes, or whether it fails, must not tell the
 * caller whether the address has an account. Failures are logged.
 */
function background(sending: Promise<unknown>) {
  sending.catch((err: unknown) => logger.error({ err }, "mail failed"));
}

/**
 * Spends one mail for this address; false (and no mail) when the address had its share.
 * Silent, so the answer never depends on whether an account exists.
 */
async function mayMail(email: string): Promise<boolean> {
  try {
    await consume("mailAccount", email);
    return true;
  } catch (err) {
    if (!(err instanceof TooManyRequests)) throw err;
    logger.info({ email }, "mail to this address throttled");
    return false;
  }
}

/** What a sign-up from an invitation's join page carries: confirming accepts this invite. */
export interface JoinContext {
  inviteId: string;
  workspace: string;
  inviter: string;
}

/**
 * Sign-up with one answer whether or not the email has an account: a new address gets a
 * verification link, a known one a warning that someone tried to sign up with it. An address
 * whose account is not confirmed yet is taken over by the newest sign-up (its name and pending
 * password) and gets a new link; confirming asks for the password anyway (verifyEmail).
 */
export async function register(input: { name: string; email: string; password: string }, from: Origin) {
  await createAccount(input, from);
  return { status: "check-email" as const };
}

/**
 * register(), telling the caller (never the client) which account now waits for confirmation
 * with which password hash (null when the address is confirmed already). From a join page
 * (`join`), the mail says that confirming accepts the invitation, and its link does so.
 */
export async function createAccount(
  input: { name: string; email: string; password: string },
  from: Origin,
  join?: JoinContext,
): Promise<{ pending: { id: string; passwordHash: string } | null }> {
  requireStrongPassword(input.password, [input.name, input.email]);
  await consume("signUpIp", from.ip);
  await consume("mailIp", from.ip);
  const db = getDb();
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true, emailVerifiedAt: true } });
  let pending: { id: string; name: string; passwordHash: string } | null = null;
  if (existing) {
    const passwordHash = await hashPassword(input.password); // same work as a new account, so timing tells nothing
    if (!existing.emailVerifiedAt) {
      const { count } = await db.user.updateMany({ where: { id: existing.id, emailVerifiedAt: null }, data: { name: input.name, passwordHash } });
      if (count) pending = { id: existing.id, name: input.name, passwordHash };
    }
  } else {
    const created = await signUp(input).catch((err: unknown) => {
      if (isUniqueViolation(err) || (err as { status?: number }).status === 409) return null; // a concurrent sign-up won
      throw err;
    });
    if (created) pending = { ...created, passwordHash: (await db.user.findUniqueOrThrow({ where: { id: created.id }, select: { passwordHash: true } })).passwordHash };
  }
  if (await mayMail(input.email)) {
    if (pending && join) background(joinVerifyMail(input.email, pending.name, join, from.base, await issueToken(pending.id, "verifyEmail", join.inviteId)));
    else if (pending) background(verifyMail(input.email, pending.name, from.base, await issueToken(pending.id, "verifyEmail")));
    else background(alreadyRegisteredMail(input.email, from.base));
  }
  return { pending: pending && { id: pending.id, passwordHash: pending.passwordHash } };
}

/** Mails a new verification link to an unverified account (throttled per address). */
export async function resendVerification(userId: string, from: Origin): Promise<void> {
  const user = await getDb().user.findUnique({ where: { id: userId } });
  if (!user || user.emailVerifiedAt) return;
  // Sign-in still answers "confirm your email first" when the resend is throttled; it just sends nothing.
  if (!(await consume("mailIp", from.ip).then(() => true, () => false))) return;
  if (!(await mayMail(user.email))) return;
  background(verifyMail(user.email, user.name, from.base, await issueToken(user.id, "verifyEmail")));
}

/**
 * Uses up a link that sets a password (verification or reset). The password is judged before
 * the link is used up, so a weak choice can be corrected on the same page.
 */
async function useLinkWithPassword(token: string, purpose: "verifyEmail" | "resetPassword", password: string) {
  const row = await getDb().authToken.findUnique({ where: { id: hashToken(token) }, include: { user: true } });
  if (!row || row.purpose !== purpose || row.expiresAt <= new Date()) throw badRequest(LINK_EXPIRED);
  requireStrongPassword(password, [row.user.name, row.user.email]);
  if (!(await consumeToken(token, purpose))) throw badRequest(LINK_EXPIRED);
  return { user: row.user, inviteId: row.inviteId, passwordHash: await hashPassword(password) };
}

/**
 * Follows a verification link: the link proves the address, and the password typed on its page
 * becomes the account's, replacing the one given at sign-up. So confirming an address never
 * makes usable a password that someone else chose for it. Invites waiting for the address stay
 * pending (the owner accepts or declines them on /invitations), except the one named by a link
 * sent from its join page (`inviteId`): the page and the mail said that confirming accepts it.
 */
export async function verifyEmail(token: string, password: string): Promise<{ email: string; user: { id: string; name: string; email: string }; inviteId: string | null }> {
  const { user, inviteId, passwordHash } = await useLinkWithPassword(token, "verifyEmail", password);
  if (!(await markConfirmed(user.id, passwordHash))) throw badRequest(LINK_EXPIRED);
  await clearAccount(user.email);
  return { email: user.email, user: { id: user.id, name: user.name, email: user.email }, inviteId };
}

/**
 * Marks a still unconfirmed account confirmed with this password hash and spends its other
 * confirmation links. With `onlyIf`, only while the pending hash is still that one (a newer
 * sign-up for the address replaces it). False when nothing changed.
 */
export async function markConfirmed(userId: string, passwordHash: string, onlyIf?: string): Promise<boolean> {
  return getDb().$transaction(async (tx) => {
    // Only while unconfirmed: a confirmed account changes its password by reset or on /account.
    const where = { id: userId, emailVerifiedAt: null, ...(onlyIf ? { passwordHash: onlyIf } : {}) };
    const { count } = await tx.user.updateMany({ where, data: { passwordHash, emailVerifiedAt: new Date() } });
    if (count === 1) await tx.authToken.deleteMany({ where: { userId, purpose: "verifyEmail" } });
    return count === 1;
  });
}

/** Mails a reset link when the account exists, after answering: the answer and its timing are the same either way. */
export async function requestPasswordReset(email: string, from: Origin) {
  await consume("mailIp", from.ip);
  background(mailReset(email, from.base));
  return { status: "check-email" as const };
}

async function mailReset(email: string, base: string) {
  const user = await getDb().user.findUnique({ where: { email } });
  if (user && (await mayMail(email))) await resetMail(email, user.name, base, await issueToken(user.id, "resetPassword"));
}

/**
 * Sets a new password from a reset link. Proves ownership of the address, so it also marks it
 * verified; every reset link of the user dies and every session ends (`ended` is told).
 */
export async function resetPassword(token: string, password: string, ended: SessionsEnded): Promise<{ email: string }> {
  const { user, passwordHash } = await useLinkWithPassword(token, "resetPassword", password);
  await getDb().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() } });
    await tx.authToken.deleteMany({ where: { userId: user.id, purpose: { in: ["resetPassword", "verifyEmail"] } } });
  });
  await clearAccount(user.email);
  await endAllSessions(user.id, ended);
  return { email: user.email };
}

/**
 * Changes the password of a signed-in user; every other session of theirs ends (`ended` is
 * told). Wrong current passwords have their own budget per user, so others' guesses at sign-in
 * never block it; a change clears the account's sign-in count.
 */
export async function changePassword(userId: string, sessionId: string, current: string, next: string, ended: SessionsEnded) {
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const wait = await blockedFor("passwordChangeUser", userId);
  if (wait) throw new TooManyRequests(wait);
  if (!(await verifyPassword(user.passwordHash, current))) {
    await consume("passwordChangeUser", userId);
    throw badRequest("Your current password is not correct.");
  }
  requireStrongPassword(next, [user.name, user.email]);
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next) } });
  await db.authToken.deleteMany({ where: { userId, purpose: "resetPassword" } }); // an old reset link must not undo this
  await reset("passwordChangeUser", userId);
  await clearAccount(user.email);
  await endAllSessions(userId, ended, { except: sessionId });
}
