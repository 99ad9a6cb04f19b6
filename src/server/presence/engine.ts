/**
 * Pure presence rules. No I/O and no imports but types: the socket handlers, the reaper and
 * the HTTP routes call these and do the reading, writing and emitting around them.
 */
import type { PresenceMode, PresenceStatus, VisiblePresence } from "@/shared/presence";

export type { PresenceMode, PresenceStatus, VisiblePresence };

export interface ConnState {
  connId: string;
  instanceId: string;
  idle: boolean;
}

export interface UserPresenceInput {
  userId: string;
  mode: PresenceMode;
  conns: readonly ConnState[];
  lastSeenAt: Date | null;
  publicLastSeenAt: Date | null;
  /** Viewer ids who see through `invisible`. */
  allowlist: ReadonlySet<string>;
}

/** Fields of the user's row to write; absent keys are left as they are. */
export interface LastSeenPatch {
  lastSeenAt?: Date;
  publicLastSeenAt?: Date;
}

/** What to broadcast after a change; null means "unchanged for that audience, send nothing". */
export interface Audiences {
  /** For everyone in the workspace except the user and the allowlisted viewers. */
  public: VisiblePresence | null;
  /** For the user themself and the allowlisted viewers. */
  private: VisiblePresence | null;
}

export function realStatus(mode: PresenceMode, conns: readonly ConnState[]): PresenceStatus {
  if (conns.length === 0) return "offline";
  if (mode === "dnd") return "dnd";
  if (mode === "away") return "away";
  return conns.some((c) => !c.idle) ? "active" : "away";
}

export function canSeeThrough(user: UserPresenceInput, viewerId: string): boolean {
  return viewerId === user.userId || user.allowlist.has(viewerId);
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** The presence as seen by someone who does (true) or does not (false) see through invisible. */
function view(user: UserPresenceInput, seesThrough: boolean): VisiblePresence {
  if (user.mode === "invisible" && !seesThrough) {
    // Nothing derived from conns or lastSeenAt may reach an outsider.
    return { userId: user.userId, status: "offline", lastSeenAt: iso(user.publicLastSeenAt) };
  }
  const status = realStatus(user.mode, user.conns);
  return { userId: user.userId, status, lastSeenAt: status === "offline" ? iso(user.lastSeenAt) : null };
}

export function visiblePresence(user: UserPresenceInput, viewerId: string): VisiblePresence {
  return view(user, canSeeThrough(user, viewerId));
}

/** DB fields to write when the user's last connection has ended (after the grace period). */
export function lastSeenOnOffline(mode: PresenceMode, now: Date): LastSeenPatch {
  return mode === "invisible" ? { lastSeenAt: now } : { lastSeenAt: now, publicLastSeenAt: now };
}

/** DB fields to write on a mode change. Going invisible while online freezes the public last seen. */
export function lastSeenOnModeChange(
  prev: PresenceMode,
  next: PresenceMode,
  online: boolean,
  now: Date,
): LastSeenPatch {
  return online && next === "invisible" && prev !== "invisible" ? { publicLastSeenAt: now } : {};
}

function samePresence(a: VisiblePresence, b: VisiblePresence): boolean {
  return a.userId === b.userId && a.status === b.status && a.lastSeenAt === b.lastSeenAt;
}

/**
 * What each audience must be told after `before` became `after` (same user, same allowlist).
 * An audience whose view did not change gets null, so an invisible user's activity never
 * produces a public event. Allowlist edits are not covered: send `visiblePresence(after, v)`
 * to each viewer added to or removed from the allowlist.
 */
export function audiences(before: UserPresenceInput, after: UserPresenceInput): Audiences {
  const pubBefore = view(before, false);
  const pubAfter = view(after, false);
  const privBefore = view(before, true);
  const privAfter = view(after, true);
  return {
    public: samePresence(pubBefore, pubAfter) ? null : pubAfter,
    private: samePresence(privBefore, privAfter) ? null : privAfter,
  };
}
