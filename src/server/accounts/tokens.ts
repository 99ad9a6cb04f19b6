import crypto from "node:crypto";
import { getDb } from "../db";
import type { AuthTokenPurpose } from "@/generated/prisma/client";

// Single-use emailed links. The mail holds 32 random bytes; the database only their SHA-256.
export const TOKEN_TTL_MS: Record<AuthTokenPurpose, number> = {
  verifyEmail: 24 * 3600 * 1000,
  resetPassword: 3600 * 1000,
};

export const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** A new secret for a link and the SHA-256 to store. */
export function newSecret(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

/** A plausible link secret (43 base64url characters); anything else is not looked up. */
export const secretShaped = (token: unknown): token is string => typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);

/** `inviteId`: a confirmation sent from an invitation's join page; confirming accepts that invite. */
export async function issueToken(userId: string, purpose: AuthTokenPurpose, inviteId: string | null = null): Promise<string> {
  const { token, hash } = newSecret();
  await getDb().authToken.create({
    data: { id: hash, userId, purpose, inviteId, expiresAt: new Date(Date.now() + TOKEN_TTL_MS[purpose]) },
  });
  return token;
}

/**
 * Uses up a token: deletes it and returns its user id, or null when it is unknown, already used,
 * expired or for another purpose. Deleting first makes a second use (even a concurrent one) fail.
 */
export async function consumeToken(token: string, purpose: AuthTokenPurpose): Promise<string | null> {
  const db = getDb();
  const id = hashToken(token);
  const row = await db.authToken.findUnique({ where: { id } });
  if (!row || row.purpose !== purpose) return null;
  const { count } = await db.authToken.deleteMany({ where: { id } });
  if (count !== 1 || row.expiresAt <= new Date()) return null;
  return row.userId;
}

/** Whether a token would be accepted, without using it (for the page the link opens). */
export async function tokenValid(token: string, purpose: AuthTokenPurpose): Promise<boolean> {
  const row = await getDb().authToken.findUnique({ where: { id: hashToken(token) } });
  return !!row && row.purpose === purpose && row.expiresAt > new Date();
}
