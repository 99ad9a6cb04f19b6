import { env } from "@/env";

/** The app's public address for links in emails: NEXTAUTH_URL, else the request's own origin (development). */
export function appUrl(req: Request): string {
  return env.NEXTAUTH_URL ?? new URL(req.url).origin;
}
