// Profiles: what a member says about themselves (name, title, time zone, picture), and what others in a workspace receive of it (GET /api/workspaces/:slug/people). The request
// schemas are in profile-input.ts, so pages that only show profiles load no schema code.

export const MAX_TITLE_LENGTH = 80;
/** Uploads above this many bytes are refused (413) while they are read. */
export const MAX_AVATAR_BYTES = 5 * 1024 * 1024;
/** What an upload may declare itself as; the bytes must say the same (src/server/avatar-image.ts). */
export const AVATAR_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
/** The sizes stored and served: square, in px. */
export const AVATAR_SIZES = [256, 64] as const;
export type AvatarSize = (typeof AVATAR_SIZES)[number];

/**
 * The IANA zones this runtime knows (`Intl.supportedValuesOf`), plus UTC, which some runtimes
 * leave out of the list but every browser may report.
 */
export function timeZones(): string[] {
  const list = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return list.includes("UTC") ? list : [...list, "UTC"];
}
let known: Set<string> | null = null;
export const isKnownTimeZone = (zone: string) => (known ??= new Set(timeZones())).has(zone);

/** A weekly window of do-not-disturb, from the person's schedule: outside working hours while it runs. */
export interface OffHours {
  days: number[];
  start: string;
  end: string;
  timeZone: string;
}

/** What a member of a shared workspace sees of someone's profile. */
export interface PersonProfile {
  id: string;
  name: string;
  title: string | null;
  timeZone: string | null;
  /** The picture's version (part of its URL); null: initials. */
  avatar: string | null;
  /** From their do-not-disturb schedule; null without one. */
  offHours: OffHours | null;
}

/** Own profile, as the Account page edits it. */
export interface MyProfile {
  name: string;
  title: string | null;
  timeZone: string | null;
  avatar: string | null;
}

/** The picture's address: the version makes a new picture a new URL, so it may be cached for good. */
export const avatarUrl = (userId: string, version: string, size: AvatarSize) =>
  `/api/avatars/${encodeURIComponent(userId)}?size=${size}&v=${encodeURIComponent(version)}`;

/** GET /api/workspaces/:slug/people?ids=a,b: at most this many at once. */
export const MAX_PEOPLE_IDS = 100;
