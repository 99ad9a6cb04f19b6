import { getDb } from "../db";
import { AppError, forbidden, notFound } from "../errors";
import { consume } from "../limits";
import { logger } from "../logger";
import { sendMail } from "../mail";
import { appBase } from "../accounts/links";
import { invitationMail } from "../accounts/mails";
import { newSecret } from "../accounts/tokens";
import { requireAdmin } from "./workspaces";
import { inWorkspace } from "./workspace-lock";
import { canInvite } from "@/shared/roles";

export const INVITE_TTL_MS = 7 * 86_400_000;
const dayFormat = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" });

/**
 * Invites an email address. Never makes a membership: it saves (or refreshes) a pending
 * invite and mails the address; the person joins only by accepting it. The answer is the
 * same whether the address has an account, has none, or is already a member.
 */
export async function invite(
  actorId: string,
  slug: string,
  email: string,
  role: "admin" | "member",
) {
  const db = getDb();
  const { workspace } = await requireAdmin(actorId, slug);
  await consume("invitesUser", actorId);
  const answer = { status: "invited" as const, email };
  const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
  // Each mail gets a new join link; the one in an earlier mail stops working.
  const { token, hash: tokenHash } = newSecret();
  // Under the workspace's lock, re-checking the inviter: one removed or demoted meanwhile (which
  // revokes their invites under the same lock) leaves none behind. Invites to one address queue.
  const saved = await inWorkspace({ id: workspace.id }, async (tx) => {
    const me = await requireAdmin(actorId, slug, tx);
    if (!canInvite(me.role, role)) throw forbidden("Only workspace admins can do that.");
    if (await tx.membership.findFirst({ where: { workspaceId: workspace.id, user: { email } }, select: { id: true } })) return false;
    await tx.invite.upsert({
      where: { workspaceId_email: { workspaceId: workspace.id, email } },
      create: { workspaceId: workspace.id, email, role, invitedById: actorId, expiresAt, tokenHash },
      update: { role, invitedById: actorId, expiresAt, tokenHash },
    });
    return true;
  });
  if (!saved) return answer;
  const [inviter, account] = await Promise.all([
    db.user.findUnique({ where: { id: actorId }, select: { name: true, email: true } }),
    // An unconfirmed account counts as none: its holder may not own the address (they are told to sign up and confirm).
    db.user.findUnique({ where: { email, emailVerifiedAt: { not: null } }, select: { id: true } }),
  ]);
  // Not awaited: how long the mail server takes must not tell the inviter anything.
  const joinUrl = `${appBase()}/join/${token}`;
  const mail = invitationMail({ to: email, inviter, workspace: workspace.name, role, hasAccount: !!account, joinUrl, expiresOn: dayFormat.format(expiresAt) });
  sendMail(mail).catch((err: unknown) => logger.error({ err }, "invitation mail failed"));
  return answer;
}

/** Pending invites of a workspace, by email only (nothing about any account behind them). */
export async function pendingInvites(workspaceId: string) {
  const rows = await getDb().invite.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
  });
  const now = Date.now();
  return rows.map((r) => ({ ...r, expired: r.expiresAt.getTime() <= now }));
}

export async function revokeInvite(actorId: string, slug: string, inviteId: string) {
  const { workspace } = await requireAdmin(actorId, slug);
  const { count } = await getDb().invite.deleteMany({ where: { id: inviteId, workspaceId: workspace.id } });
  if (!count) throw notFound("Invite not found.");
  return { id: inviteId };
}

/** The user's address, if it is verified; invitations are shown and can be accepted only then. */
async function verifiedEmail(userId: string): Promise<string | null> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  return user?.emailVerifiedAt ? user.email : null;
}

export interface InvitationView {
  id: string;
  role: "owner" | "admin" | "member";
  expiresAt: string;
  workspace: { name: string; slug: string };
  invitedBy: string;
}

/** Unexpired invitations to the user's verified address (none while it is unverified). */
export async function invitationsFor(userId: string): Promise<InvitationView[]> {
  const email = await verifiedEmail(userId);
  if (!email) return [];
  const rows = await getDb().invite.findMany({
    where: { email, expiresAt: { gt: new Date() }, workspace: { memberships: { none: { userId } } } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      role: true,
      expiresAt: true,
      workspace: { select: { name: true, slug: true } },
      invitedBy: { select: { name: true } },
    },
  });
  return rows.map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString(), invitedBy: r.invitedBy.name }));
}

export async function invitationCount(userId: string): Promise<number> {
  const email = await verifiedEmail(userId);
  if (!email) return 0;
  return getDb().invite.count({ where: { email, expiresAt: { gt: new Date() }, workspace: { memberships: { none: { userId } } } } });
}

/** The invitation if it is addressed to this user's verified email; 404 for anyone else. */
async function ownInvitation(userId: string, inviteId: string) {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  if (!user?.emailVerifiedAt) throw forbidden("Confirm your email first.");
  const inv = await getDb().invite.findFirst({ where: { id: inviteId, email: user.email }, include: { workspace: true } });
  if (!inv) throw notFound("Invitation not found.");
  return inv;
}

/**
 * Joins the workspace with the invited role; the invite is used up. It holds only while its
 * inviter may still grant that role: checked under the workspace's lock, so a removal or
 * demotion either comes first (the invite is dead, and used up too) or after the join.
 */
export async function acceptInvitation(userId: string, inviteId: string) {
  const inv = await ownInvitation(userId, inviteId);
  if (inv.expiresAt.getTime() <= Date.now()) throw new AppError(410, "This invitation has expired. Ask for a new one.");
  const joined = await inWorkspace({ id: inv.workspaceId }, async (tx) => {
    // Read again under the lock: a re-invite may have changed its role and inviter.
    const now = await tx.invite.findUnique({ where: { id: inv.id } });
    if (!now) throw notFound("Invitation not found.");
    await tx.invite.delete({ where: { id: inv.id } });
    const inviter = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: inv.workspaceId, userId: now.invitedById } },
    });
    if (!inviter || !canInvite(inviter.role, now.role)) return false; // commits the deletion
    const existing = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: inv.workspaceId, userId } },
    });
    if (!existing) await tx.membership.create({ data: { workspaceId: inv.workspaceId, userId, role: now.role } });
    return true;
  });
  if (!joined) throw new AppError(410, "This invitation is no longer valid.");
  return { workspaceId: inv.workspaceId, slug: inv.workspace.slug };
}

export async function declineInvitation(userId: string, inviteId: string) {
  const inv = await ownInvitation(userId, inviteId);
  await getDb().invite.deleteMany({ where: { id: inv.id } });
  return { id: inv.id };
}
