// Presence types and labels shared by server and client.
export const PRESENCE_MODES = ["auto", "away", "dnd", "invisible"] as const;
export type PresenceMode = (typeof PRESENCE_MODES)[number];

export const PRESENCE_STATUSES = ["active", "away", "dnd", "offline"] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/** One member's presence as one viewer may see it. */
export interface VisiblePresence {
  userId: string;
  status: PresenceStatus;
  /** ISO timestamp, only when status is offline; otherwise null. */
  lastSeenAt: string | null;
}

/** The viewer's own presence settings. */
export interface MyPresenceSettings {
  mode: PresenceMode;
  /** Members who see the viewer's real status while the viewer is invisible. */
  allowlist: string[];
}

/** Answer of GET /api/workspaces/:slug/presence. */
export interface WorkspacePresence {
  members: VisiblePresence[];
  me: MyPresenceSettings;
  /** Server time, so clients can show "last seen" without trusting their own clock. */
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
