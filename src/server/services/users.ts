import { getDb } from "../db";
import { hashPassword } from "../password";
import { conflict, isUniqueViolation } from "../errors";

/** Creates an account. Invites to its email stay pending until the verified owner accepts them. */
export async function signUp(input: { name: string; email: string; password: string }) {
  const db = getDb();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash },
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
