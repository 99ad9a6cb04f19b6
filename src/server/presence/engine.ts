/**
 * Pure presence rules. No I/O and no imports but types. Both stores apply a change with these
 * rules (the Redis store in Lua, mirrored line by line in redis-scripts.ts and held to the same
 * contract tests), and the service turns the resulting change into per-audience updates.
 */
import type { DeviceKinds, LastSeenBucket, PresenceMode, PresenceStatus, VisiblePresence } from "@/shared/presence";

export type { DeviceKinds, PresenceMode, PresenceStatus, VisiblePresence };

export interface ConnState {
  connId: string;
  instanceId: string;
  idle: boolean;
  /** A mobile browser (from the user agent); desktop otherwise. */
  mobile?: boolean;
}

/**
 * A user's presence in one workspace, as the store keeps it. Times are ms since the epoch.
 * `version` grows with every change anyone can see; `publicVersion` is the version of the
 * last change outsiders of an invisible user could see (equal to `version` otherwise).
 */
export interface PresenceState {
  mode: PresenceMode;
  status: PresenceStatus;
  /** When the user was last there (close of the last connection, or a dead instance's last beat). */
  lastSeenAt: number | null;
  /** Last seen as outsiders see it: frozen while invisible. */
  publicLastSeenAt: number | null;
  /** Devices of the user's connections; null when there are none. */
  devices: DeviceKinds | null;
  version: number;
  publicVersion: number;
}

/** What the user's connections and mode are after a change. */
export interface Transition {
  mode: PresenceMode;
  conns: readonly Pick<ConnState, "idle" | "mobile">[];
  /** If this change ends the user's last connection: when they were last there. Defaults to now. */
  endedAt?: number;
  /** Bump both versions even if no view changed (the allowlist changed: viewers moved between audiences). */
  force?: boolean;
}

export function realStatus(mode: PresenceMode, conns: readonly Pick<ConnState, "idle">[]): PresenceStatus {
  if (conns.length === 0) return "offline";
  if (mode === "dnd") return "dnd";
  if (mode === "away") return "away";
  return conns.some((c) => !c.idle) ? "active" : "away";
}

export function devicesOf(conns: readonly Pick<ConnState, "mobile">[]): DeviceKinds | null {
  if (conns.length === 0) return null;
  const mobile = conns.filter((c) => c.mobile).length;
  return mobile === 0 ? "desktop" : mobile === conns.length ? "mobile" : "both";
}

/**
 * Versions come from the clock (x1000, so up to 1,000 changes per ms stay ordered) and never
 * go back: after the store lost its data, new versions still beat every version a client holds.
 */
export function bumpVersion(version: number, nowMs: number): number {
  return Math.max(version + 1, nowMs * 1000);
}

/** State of a user the store has never seen: offline, with the database's last seen. */
export function initialState(epoch: number, seed: { mode: PresenceMode; lastSeenAt: number | null; publicLastSeenAt: number | null }): PresenceState {
  return { ...seed, status: "offline", devices: null, version: epoch, publicVersion: epoch };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The presence as seen by someone who does (true) or does not (false) see through invisible. */
export function view(userId: string, s: PresenceState, seesThrough: boolean): VisiblePresence {
  if (s.mode === "invisible" && !seesThrough) {
    // Nothing derived from connections or the real last seen may reach an outsider.
    return { userId, status: "offline", lastSeenAt: iso(s.publicLastSeenAt), version: s.publicVersion };
  }
  if (s.status === "offline") return { userId, status: s.status, lastSeenAt: iso(s.lastSeenAt), version: s.version };
  const v: VisiblePresence = { userId, status: s.status, lastSeenAt: null, version: s.version };
  if (s.devices) v.devices = s.devices;
  return v;
}

const sameView = (a: VisiblePresence, b: VisiblePresence) => a.status === b.status && a.lastSeenAt === b.lastSeenAt && a.devices === b.devices;

/** Applies one change to a state: status, last seen, and versions when any view changed. */
export function transition(before: PresenceState, t: Transition, nowMs: number): PresenceState {
  const status = realStatus(t.mode, t.conns);
  let { lastSeenAt, publicLastSeenAt } = before;
  if (before.status !== "offline" && status === "offline") {
    lastSeenAt = t.endedAt ?? nowMs;
    if (t.mode !== "invisible") publicLastSeenAt = lastSeenAt;
  } else if (t.mode === "invisible" && before.mode !== "invisible" && status !== "offline") {
    publicLastSeenAt = nowMs; // going invisible while online: outsiders see them leave now
  }
  const after: PresenceState = { ...before, mode: t.mode, status, lastSeenAt, publicLastSeenAt, devices: devicesOf(t.conns) };
  const privChanged = !sameView(view("", before, true), view("", after, true));
  const pubChanged = !sameView(view("", before, false), view("", after, false));
  if (privChanged || pubChanged || t.force) {
    after.version = bumpVersion(before.version, nowMs);
    if (pubChanged || t.force || t.mode !== "invisible") after.publicVersion = after.version;
  }
  return after;
}

const DAY_MS = 86_400_000;

/** Telegram's bands: up to 3 days "recently", then within a week, within a month, a long time ago. */
export function lastSeenBucket(lastSeenMs: number, nowMs: number): LastSeenBucket {
  const age = nowMs - lastSeenMs;
  if (age <= 3 * DAY_MS) return "recently";
  if (age <= 7 * DAY_MS) return "week";
  if (age <= 30 * DAY_MS) return "month";
  return "long";
}

/** The view of a user who keeps their last seen private: the exact time never leaves the server. */
export function coarseView(v: VisiblePresence, nowMs: number): VisiblePresence {
  if (v.lastSeenAt === null) return v;
  return { ...v, lastSeenAt: null, lastSeen: lastSeenBucket(Date.parse(v.lastSeenAt), nowMs) };
}

/** One change of one user in one workspace, as the store applied it. */
export interface PresenceChange {
  workspaceId: string;
  userId: string;
  before: PresenceState;
  after: PresenceState;
  /** Version of the user's invisible allowlist (ms), to check cached copies against. */
  allowlistVersion: number;
}

/** What to send after a change: to everyone, or split between insiders and outsiders. */
export type Announcement =
  | { kind: "none" }
  | { kind: "everyone"; update: VisiblePresence }
  | { kind: "split"; outsiders: VisiblePresence | null; insiders: VisiblePresence | null };

/**
 * Who must be told what. Insiders are the user and their allowlist. A visible user's change is
 * one room-wide message; an invisible user's activity never produces an outsider message.
 */
export function announcement(c: PresenceChange): Announcement {
  const { before, after, userId } = c;
  const priv = after.version !== before.version;
  const pub = after.publicVersion !== before.publicVersion;
  if (!priv && !pub) return { kind: "none" };
  if (after.mode !== "invisible" && after.publicVersion === after.version) {
    return { kind: "everyone", update: view(userId, after, true) };
  }
  return {
    kind: "split",
    outsiders: pub ? view(userId, after, false) : null,
    insiders: priv ? view(userId, after, true) : null,
  };
}

/** Database fields to write after a change; null when last seen did not move. */
export function lastSeenPatch(c: PresenceChange): { lastSeenAt?: Date; publicLastSeenAt?: Date } | null {
  const patch: { lastSeenAt?: Date; publicLastSeenAt?: Date } = {};
  if (c.after.lastSeenAt !== c.before.lastSeenAt && c.after.lastSeenAt !== null) patch.lastSeenAt = new Date(c.after.lastSeenAt);
  if (c.after.publicLastSeenAt !== c.before.publicLastSeenAt && c.after.publicLastSeenAt !== null) {
    patch.publicLastSeenAt = new Date(c.after.publicLastSeenAt);
  }
  return patch.lastSeenAt || patch.publicLastSeenAt ? patch : null;
}
