import { getDb } from "../db";
import type { Prisma } from "@/generated/prisma/client";
import { hashPassword } from "../password";
import { conflict, isUniqueViolation } from "../errors";

/**
 * Creates an account. The sign-up form creates it unverified (the owner of the address must
 * follow the emailed link); tests and seeds pass `verified: true`. Only a verified account
 * turns pending invites for its email into memberships.
 */
export async function signUp(input: { name: string; email: string; password: string }, opts: { verified?: boolean } = {}) {
  const db = getDb();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash, emailVerifiedAt: opts.verified ? new Date() : null },
        select: { id: true, name: true, email: true },
      });
      if (opts.verified) await claimInvites(tx, user.id, input.email);
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict("An account with this email already exists. Sign in instead.");
    }
    throw err;
  }
}

/** Turns the pending, unexpired invites for a verified address into memberships. */
export async function claimInvites(tx: Prisma.TransactionClient, userId: string, email: string) {
  const invites = await tx.invite.findMany({ where: { email, expiresAt: { gt: new Date() } } });
  if (invites.length) {
    await tx.membership.createMany({
      data: invites.map((i) => ({ workspaceId: i.workspaceId, userId, role: i.role })),
      skipDuplicates: true,
    });
  }
  await tx.invite.deleteMany({ where: { email, id: { in: invites.map((i) => i.id) } } });
}
