import { readEnv } from "@/env";

/**
 * Absolute links for emails: NEXTAUTH_URL (required in production), else, in development,
 * http://localhost:PORT. Never the request's Host header: a forged one would plant a reset link
 * to another site in a victim's mail.
 */
export function appBase(): string {
  const { NEXTAUTH_URL, PORT } = readEnv();
  return NEXTAUTH_URL ? new URL(NEXTAUTH_URL).origin : `http://localhost:${PORT}`;
}

export const link = (base: string, path: string, token: string) => `${base}${path}?token=${encodeURIComponent(token)}`;
