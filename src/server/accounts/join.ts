import crypto from "node:crypto";
import { getDb } from "../db";
import { AppError } from "../errors";
import { acceptInvitation } from "../services/invites";
import { createAccount, markConfirmed, type Origin } from "./accounts";
import { clearAccount } from "./sign-in-throttle";
import { consumeToken, hashToken, secretShaped } from "./tokens";

// Joining by invitation in one flow. The invitation mail's one link is /join/<secret>; only its
// SHA-256 is stored on the invite, and each mail gets a new one.
//
// Who sees what: the link is addressed to the invited email. Whoever holds it (the mailbox's
// owner, or whom they forward it to) sees what the mail already says: the workspace's name, who
// invited, the role, the address and whether it has an account (the mail differs by that too).
// A signed-in user with another email sees only that the link is for another address: no
// workspace, no inviter. An admin knows the invite's id, never its link, so the join page tells
// them nothing the invite list does not.
//
// A new person signs up on the page (the email is the invited one, fixed) and gets a confirmation
// link that also accepts the invitation: the page and the mail say so. Confirming still proves
// only the address (claim.test.ts): the password given at sign-up is kept, and the person signed
// in at once, only when the link is opened in the browser that signed up with that very password
// (it holds the join cookie, an HMAC over the account and its pending password hash). Anywhere
// else (another device, a mail scanner) the link opens the confirmation page, which asks for the
// password to keep, and a newer sign-up for the address (which replaces the pending password)
// voids the cookie.

export const JOIN_LINK_DEAD = "This invitation link no longer works: it expired, was used, or a newer invitation mail replaced it.";
export const JOIN_COOKIE_MAX_AGE_SEC = 24 * 3600;

export interface JoinInvitation {
  id: string;
  email: string;
  role: "owner" | "admin" | "member";
  workspace: { name: string; slug: string };
  inviter: string;
  expiresAt: string;
  /** Whether the invited address has a confirmed account (sign in) or not (sign up). */
  hasAccount: boolean;
}

export type JoinView =
  | { kind: "dead" }
  | { kind: "other-account"; signedInAs: string }
  | { kind: "member"; slug: string }
  | { kind: "accept" | "sign-in" | "sign-up"; invitation: JoinInvitation };

/** The live invitation a join link names, or null (malformed, unknown, replaced, used or expired). */
export async function invitationByLink(token: string, now = new Date()): Promise<JoinInvitation | null> {
  if (!secretShaped(token)) return null;
  const db = getDb();
  const inv = await db.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, email: true, role: true, expiresAt: true, workspace: { select: { name: true, slug: true } }, invitedBy: { select: { name: true } } },
  });
  if (!inv || inv.expiresAt <= now) return null;
  const account = await db.user.findFirst({ where: { email: inv.email, emailVerifiedAt: { not: null } }, select: { id: true } });
  return { id: inv.id, email: inv.email, role: inv.role, workspace: inv.workspace, inviter: inv.invitedBy.name, expiresAt: inv.expiresAt.toISOString(), hasAccount: !!account };
}

/** What the join page shows to `viewer` (null: signed out). */
export async function joinView(token: string, viewer: { id: string; email: string } | null): Promise<JoinView> {
  const invitation = await invitationByLink(token);
  if (!invitation) return { kind: "dead" };
  if (viewer && viewer.email !== invitation.email) return { kind: "other-account", signedInAs: viewer.email };
  if (viewer) {
    const member = await getDb().membership.findFirst({ where: { userId: viewer.id, workspace: { slug: invitation.workspace.slug } }, select: { id: true } });
    return member ? { kind: "member", slug: invitation.workspace.slug } : { kind: "accept", invitation };
  }
  return { kind: invitation.hasAccount ? "sign-in" : "sign-up", invitation };
}

const mac = (secret: string, userId: string, passwordHash: string) =>
  crypto.createHmac("sha256", secret).update(`join|${userId}|${passwordHash}`).digest("base64url");

export const joinCookieName = (secure: boolean) => (secure ? "__Host-roster-join" : "roster-join");

/** The join cookie's value for a pending account; for none, one of the same shape that proves nothing. */
export function browserProof(secret: string, pending: { id: string; passwordHash: string } | null): string {
  if (!pending) return `${crypto.randomBytes(12).toString("base64url")}.${crypto.randomBytes(32).toString("base64url")}`;
  return `${pending.id}.${mac(secret, pending.id, pending.passwordHash)}`;
}

/** Whether a Cookie header holds the join cookie for this account and pending password hash. */
export function provenIn(cookieHeader: string | null, secret: string, userId: string, passwordHash: string): boolean {
  const want = Buffer.from(`${userId}.${mac(secret, userId, passwordHash)}`);
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    if (eq < 1 || (name !== joinCookieName(true) && name !== joinCookieName(false))) continue;
    const got = Buffer.from(part.slice(eq + 1).trim());
    if (got.length === want.length && crypto.timingSafeEqual(got, want)) return true;
  }
  return false;
}

/**
 * Sign-up on a join page: the email is the invitation's (from the link, never from the client).
 * Answers as sign-up does whether or not the address has an account; the caller sets the
 * returned join cookie either way.
 */
export async function signUpToJoin(input: { token: string; name: string; password: string }, from: Origin, secret: string): Promise<{ cookie: string }> {
  const invitation = await invitationByLink(input.token);
  if (!invitation) throw new AppError(410, JOIN_LINK_DEAD);
  const { pending } = await createAccount({ name: input.name, email: invitation.email, password: input.password }, from, {
    inviteId: invitation.id,
    workspace: invitation.workspace.name,
    inviter: invitation.inviter,
  });
  return { cookie: browserProof(secret, pending) };
}

/**
 * A confirmation link opened in the browser that signed up: confirms the address keeping the
 * sign-up password and answers the account, or null (and the link stays unused) when this
 * browser does not hold the join cookie for the pending password: the confirmation page asks.
 */
export async function confirmInBrowser(token: string, cookieHeader: string | null, secret: string) {
  if (!secretShaped(token)) return null;
  const row = await getDb().authToken.findUnique({ where: { id: hashToken(token) }, include: { user: true } });
  if (!row || row.purpose !== "verifyEmail" || row.expiresAt <= new Date() || row.user.emailVerifiedAt) return null;
  const { user } = row;
  if (!provenIn(cookieHeader, secret, user.id, user.passwordHash)) return null;
  if (!(await consumeToken(token, "verifyEmail"))) return null;
  // Only if no newer sign-up replaced the pending password meanwhile.
  if (!(await markConfirmed(user.id, user.passwordHash, user.passwordHash))) return null;
  await clearAccount(user.email);
  return { user: { id: user.id, name: user.name, email: user.email }, inviteId: row.inviteId };
}

/**
 * Accepts the invitation a confirmation link named, for the account it confirmed: the click was
 * the acceptance. Null when the invitation cannot be accepted any more (revoked, expired, its
 * inviter lost the right): the account is confirmed all the same.
 */
export async function acceptOnConfirm(userId: string, inviteId: string | null): Promise<{ workspaceId: string; slug: string } | null> {
  if (!inviteId) return null;
  try {
    return await acceptInvitation(userId, inviteId);
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return null;
    throw err;
  }
}

/** The invitation a confirmation link would accept (for its page to say so), or null. */
export async function invitationOfConfirmation(token: string): Promise<{ workspace: string; inviter: string } | null> {
  if (!secretShaped(token)) return null;
  const row = await getDb().authToken.findUnique({ where: { id: hashToken(token) }, select: { inviteId: true } });
  if (!row?.inviteId) return null;
  const inv = await getDb().invite.findUnique({ where: { id: row.inviteId }, select: { workspace: { select: { name: true } }, invitedBy: { select: { name: true } } } });
  return inv && { workspace: inv.workspace.name, inviter: inv.invitedBy.name };
}
