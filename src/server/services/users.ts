import { getDb } from "../db";
import { hashPassword } from "../password";
import { conflict, isUniqueViolation } from "../errors";

/**
 * Creates an account. The sign-up form creates it unverified (the owner of the address must
 * follow the emailed link); tests and seeds pass `verified: true`. Invites to its email stay
 * pending until the verified owner accepts them on /invitations.
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
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict("An account with this email already exists. Sign in instead.");
    }
    throw err;
  }
}
