import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { makePrivate } from "./private-files";

/**
 * NEXTAUTH_SECRET, or on the embedded defaults a random one kept in the data folder
 * so that sessions survive restarts. Production with a real database must set it.
 */
export function ensureAuthSecret(dataDir: string): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  makePrivate(dataDir); // the data folder holds this key and the embedded database
  if (process.env.NODE_ENV === "production" && process.env.DATABASE_URL) {
    throw new Error("NEXTAUTH_SECRET must be set in production.");
  }
  const file = path.resolve(/*turbopackIgnore: true*/ dataDir, "auth-secret");
  let secret = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  if (secret.length < 32) {
    secret = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret, { mode: 0o600 });
  }
  process.env.NEXTAUTH_SECRET = secret;
  return secret;
}
