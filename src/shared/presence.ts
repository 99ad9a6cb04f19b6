// Presence types and labels shared by server and client.
import type { CustomStatus } from "./custom-status";

export const PRESENCE_MODES = ["auto", "away", "dnd", "invisible"] as const;
export type PresenceMode = (typeof PRESENCE_MODES)[number];

export const PRESENCE_STATUSES = ["active", "away", "dnd", "offline"] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/** Kinds of device a user is connected from (from each connection's user agent). */
export const DEVICE_KINDS = ["desktop", "mobile", "both"] as const;
export type DeviceKinds = (typeof DEVICE_KINDS)[number];

/** Rough last seen of a user who keeps it private (as Telegram's "last seen recently"). */
export const LAST_SEEN_BUCKETS = ["recently", "week", "month", "long"] as const;
export type LastSeenBucket = (typeof LAST_SEEN_BUCKETS)[number];
export const LAST_SEEN_BUCKET_LABEL: Record<LastSeenBucket, string> = {
  recently: "recently",
  week: "within a week",
  month: "within a month",
  long: "a long time ago",
};

/** One member's presence as one viewer may see it. */
export interface VisiblePresence {
  userId: string;
  status: PresenceStatus;
  /** ISO timestamp, only when status is offline; otherwise null. */
  lastSeenAt: string | null;
  /** Instead of `lastSeenAt`, when the user keeps their last seen private. */
  lastSeen?: LastSeenBucket;
  /**
   * Devices the user is connected from, when not desktop only (desktop only is the default: not
   * sent); absent while offline (or invisible to this viewer).
   */
  devices?: DeviceKinds;
  /** Custom status, until its expiry; absent without one (or invisible to this viewer). */
  custom?: CustomStatus;
  /** ISO end of a timed do-not-disturb, while the status is dnd. */
  dndUntil?: string;
  /**
   * Orders the changes of this user that this viewer can see, whichever instance made them
   * (a counter kept atomically by the presence store; it tells no time). A client keeps the
   * highest version per user.
   */
  version: number;
  /** Replaces what the client holds for this user whatever its version (sent to a viewer taken off an allowlist). */
  replace?: true;
}

/** A user's own mode and do-not-disturb end, sent to all their tabs when it changes. */
export interface MyPresence {
  mode: PresenceMode;
  dndUntil: string | null;
}

/** The viewer's own presence settings. */
export interface MyPresenceSettings {
  mode: PresenceMode;
  /** Members who see the viewer's real status while the viewer is invisible. */
  allowlist: string[];
}

/**
 * Answer of GET /api/workspaces/:slug/presence: with `?ids=`, those members (others and
 * non-members left out); without, one page of every member in user id order (`?cursor=` from
 * `next`, `?limit=`). A workspace of at most PRESENCE_PAGE_LIMIT members fits in one page.
 */
export interface WorkspacePresence {
  members: VisiblePresence[];
  me: MyPresenceSettings;
  /** Server time, so clients can show "last seen" without trusting their own clock. */
  serverTime: string;
  /** Cursor of the next page (pass it as `?cursor=`), or null after the last page (and with `?ids=`). */
  next: string | null;
}

/** At most this many ids in `?ids=` (as many as a socket may watch with `presence:subscribe`). */
export const PRESENCE_IDS_MAX = 500;
/** Members per page of GET /api/workspaces/:slug/presence: the default and the most. */
export const PRESENCE_PAGE_LIMIT = 1_000;

export const presenceId = /^[A-Za-z0-9_-]{1,64}$/;

/** Opaque page cursor: the last user id of the page before, base64url. */
export const presenceCursor = {
  encode: (userId: string) => btoa(userId).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  /** The user id, or null when the cursor is not one of ours. */
  decode(cursor: string): string | null {
    if (!/^[A-Za-z0-9_-]{1,88}$/.test(cursor)) return null;
    try {
      const id = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
      return presenceId.test(id) ? id : null;
    } catch {
      return null;
    }
  },
};


/**
 * Request of `presence:sync`. Without `since`, the answer is a full snapshot. With `since`
 * (the highest version the client holds) and `digest` (of what it holds), the answer holds only
 * entries newer than `since`, or nothing when the digests already agree.
 */
export interface PresenceSyncRequest {
  since?: number;
  digest?: string;
}

/** Answer of `presence:sync`. */
export interface PresenceSync {
  /** True: `members` is every member the viewer may see (replace the map). False: a delta. */
  full: boolean;
  members: VisiblePresence[];
  /** Digest of the viewer's whole view on the server (see presenceDigest). */
  digest: string;
  me: MyPresenceSettings;
  serverTime: string;
}

export const STATUS_LABEL: Record<PresenceStatus, string> = {
  active: "Active",
  away: "Away",
  dnd: "Do not disturb",
  offline: "Offline",
};

export const MODE_LABEL: Record<PresenceMode, string> = {
  auto: "Automatic",
  away: "Away",
  dnd: "Do not disturb",
  invisible: "Invisible",
};

/** Member-list order: active, away, dnd, offline. */
export const STATUS_ORDER: Record<PresenceStatus, number> = { active: 0, away: 1, dnd: 2, offline: 3 };
