/**
 * Pure presence rules. No I/O and no imports but types. Both stores apply a change with these
 * rules (the Redis store in Lua, mirrored line by line in redis-scripts.ts and held to the same
 * contract tests), and the service sends what `audience` says each class of viewer receives.
 *
 * One record per user and workspace holds everything others can see: status (from the mode and
 * the connections), devices, last seen, custom status and the end of a timed do-not-disturb.
 * Every change of it goes through `transition`, and its versions are counters: they order the
 * changes of one user and tell nothing about when they happened.
 */
import type { CustomStatus } from "@/shared/custom-status";
import type { DeviceKinds, LastSeenBucket, PresenceMode, PresenceStatus, VisiblePresence } from "@/shared/presence";

export type { CustomStatus, DeviceKinds, PresenceMode, PresenceStatus, VisiblePresence };

export interface ConnState {
  connId: string;
  instanceId: string;
  idle: boolean;
  /** A mobile browser (from the user agent); desktop otherwise. */
  mobile?: boolean;
}

/** What a user chose to show, the same in every workspace: kept with the mode in the store. */
export interface UserFields {
  /** Custom status; never shown after its expiry. */
  custom: CustomStatus | null;
  /** End of a timed do-not-disturb (ms); with mode `invisible`, a scheduled one only insiders see. */
  dndUntil: number | null;
}

export const NO_FIELDS: UserFields = { custom: null, dndUntil: null };

/**
 * A user's presence in one workspace, as the store keeps it. Times are ms since the epoch.
 * `version` grows with every change anyone can see; `publicVersion` is the version of the
 * last change outsiders of an invisible user could see (equal to `version` otherwise).
 */
export interface PresenceState extends UserFields {
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

/** What the user's connections, mode and shown fields are after a change. */
export interface Transition {
  mode: PresenceMode;
  conns: readonly Pick<ConnState, "idle" | "mobile">[];
  /** The user's shown fields after the change; unchanged when absent. */
  fields?: UserFields;
  /** If this change ends the user's last connection: when they were last there. Defaults to now. */
  endedAt?: number;
  /**
   * Why viewers must hear again though the record did not change. `allowlist`: viewers moved
   * between audiences; an invisible user's private version moves (new insiders get their view),
   * outsiders' does not (they learn nothing). `privacy`: how last seen is shown changed; both move.
   */
  regroup?: "allowlist" | "privacy";
}

export function realStatus(mode: PresenceMode, conns: readonly Pick<ConnState, "idle">[], dndUntil: number | null = null): PresenceStatus {
  if (conns.length === 0) return "offline";
  if (mode === "dnd") return "dnd";
  if (mode === "away") return "away";
  // A scheduled do-not-disturb while invisible: insiders see it, outsiders see nothing (see view).
  if (mode === "invisible" && dndUntil !== null) return "dnd";
  return conns.some((c) => !c.idle) ? "active" : "away";
}

export function devicesOf(conns: readonly Pick<ConnState, "mobile">[]): DeviceKinds | null {
  if (conns.length === 0) return null;
  const mobile = conns.filter((c) => c.mobile).length;
  return mobile === 0 ? "desktop" : mobile === conns.length ? "mobile" : "both";
}

/**
 * When outsiders' version catches up with private changes they did not see, it moves to the next
 * multiple of this, so the jump does not count the changes (an invisible user's activity).
 */
export const VERSION_BLOCK = 65_536;

/** The next version: one more, or the next block when outsiders are told after hidden changes. */
export function nextVersion(before: Pick<PresenceState, "version" | "publicVersion">, toOutsiders: boolean): number {
  const next = before.version + 1;
  return toOutsiders && before.publicVersion < before.version ? Math.ceil(next / VERSION_BLOCK) * VERSION_BLOCK : next;
}

/** State of a user the store has never seen: offline, with the database's fields. */
export function initialState(epoch: number, seed: { mode: PresenceMode; lastSeenAt: number | null; publicLastSeenAt: number | null } & Partial<UserFields>): PresenceState {
  // Field by field (no spread): a snapshot builds one per member the store holds nothing of.
  return {
    mode: seed.mode,
    status: "offline",
    lastSeenAt: seed.lastSeenAt,
    publicLastSeenAt: seed.publicLastSeenAt,
    devices: null,
    custom: seed.custom ?? null,
    dndUntil: seed.dndUntil ?? null,
    version: epoch,
    publicVersion: epoch,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A custom status not expired at `now`, or null. */
export function liveCustom(custom: CustomStatus | null, now: number): CustomStatus | null {
  return custom && (custom.expiresAt === null || Date.parse(custom.expiresAt) > now) ? custom : null;
}

/**
 * The record as seen by someone who does (true) or does not (false) see through invisible, at
 * `now` (an expired custom status is not shown). Invisible beats everything for outsiders.
 */
export function view(userId: string, s: PresenceState, seesThrough: boolean, now: number): VisiblePresence {
  if (s.mode === "invisible" && !seesThrough) {
    // Nothing derived from connections, the real last seen, the custom status or a
    // do-not-disturb may reach an outsider.
    return { userId, status: "offline", lastSeenAt: iso(s.publicLastSeenAt), version: s.publicVersion };
  }
  const v: VisiblePresence = { userId, status: s.status, lastSeenAt: s.status === "offline" ? iso(s.lastSeenAt) : null, version: s.version };
  // Desktop only is the default and not sent: a few bytes of every update to every watcher.
  if (s.status !== "offline" && s.devices && s.devices !== "desktop") v.devices = s.devices;
  const custom = liveCustom(s.custom, now);
  if (custom) v.custom = custom;
  if (s.status === "dnd" && s.dndUntil !== null) v.dndUntil = iso(s.dndUntil)!;
  return v;
}

const sameCustom = (a?: CustomStatus, b?: CustomStatus) =>
  a === b || (!!a && !!b && a.emoji === b.emoji && a.text === b.text && a.expiresAt === b.expiresAt);
const sameView = (a: VisiblePresence, b: VisiblePresence) =>
  a.status === b.status && a.lastSeenAt === b.lastSeenAt && a.devices === b.devices && a.dndUntil === b.dndUntil && sameCustom(a.custom, b.custom);

/** Applies one change to a state: status, last seen, shown fields, and versions when any view changed. */
export function transition(before: PresenceState, t: Transition, nowMs: number): PresenceState {
  const fields = t.fields ?? { custom: before.custom, dndUntil: before.dndUntil };
  const status = realStatus(t.mode, t.conns, fields.dndUntil);
  let { lastSeenAt, publicLastSeenAt } = before;
  if (before.status !== "offline" && status === "offline") {
    lastSeenAt = t.endedAt ?? nowMs;
    if (t.mode !== "invisible") publicLastSeenAt = lastSeenAt;
  } else if (t.mode === "invisible" && before.mode !== "invisible" && status !== "offline") {
    publicLastSeenAt = nowMs; // going invisible while online: outsiders see them leave now
  }
  const after: PresenceState = { ...before, ...fields, mode: t.mode, status, lastSeenAt, publicLastSeenAt, devices: devicesOf(t.conns) };
  const privacy = t.regroup === "privacy";
  const privChanged = privacy || !sameView(view("", before, true, nowMs), view("", after, true, nowMs));
  const pubChanged = privacy || !sameView(view("", before, false, nowMs), view("", after, false, nowMs));
  const regroup = t.regroup === "allowlist" && t.mode === "invisible";
  if (privChanged || pubChanged || regroup) {
    after.version = nextVersion(before, pubChanged);
    if (pubChanged || t.mode !== "invisible") after.publicVersion = after.version;
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
  /** Version of the user's invisible allowlist, to check cached copies against (internal, never sent). */
  allowlistVersion: number;
}

/**
 * What each class of viewer receives after a change. Insiders are the user and their allowlist;
 * outsiders everyone else in the workspace (admins included). A class whose view did not change
 * gets nothing.
 */
export interface Audience {
  /** The same update for every viewer (the user is visible). */
  everyone?: VisiblePresence;
  /** To the user and their allowlist only. */
  insiders?: VisiblePresence;
  /** To everyone but the user and their allowlist. */
  outsiders?: VisiblePresence;
  /** To viewers just taken off the allowlist: the outsiders' view, replacing what they hold. */
  removed?: VisiblePresence;
}

export interface AudienceContext {
  now: number;
  /** The user keeps last seen private: every view carries a band instead of the time. */
  coarse: boolean;
  /** Viewers taken off the allowlist by this change. */
  removed?: readonly string[];
}

/** The one audience rule: who must be told what after a change. */
export function audience(c: PresenceChange, ctx: AudienceContext): Audience {
  const { before, after, userId } = c;
  const shown = (v: VisiblePresence) => (ctx.coarse ? coarseView(v, ctx.now) : v);
  const out: Audience = {};
  const invisible = after.mode === "invisible";
  if (invisible && ctx.removed?.length) out.removed = { ...shown(view(userId, after, false, ctx.now)), replace: true };
  const priv = after.version !== before.version;
  const pub = after.publicVersion !== before.publicVersion;
  if (!priv && !pub) return out;
  if (!invisible && after.publicVersion === after.version) out.everyone = shown(view(userId, after, true, ctx.now));
  else {
    if (pub) out.outsiders = shown(view(userId, after, false, ctx.now));
    if (priv) out.insiders = shown(view(userId, after, true, ctx.now));
  }
  return out;
}

/**
 * Who of a conversation's other participants may see that a user is typing: everyone, unless the
 * user is invisible (then only the people on their allowlist, as for their presence).
 * Do-not-disturb hides nothing.
 */
export function typingAudience(mode: PresenceMode, allowlist: ReadonlySet<string>, participants: readonly string[], userId: string): string[] {
  const others = participants.filter((p) => p !== userId);
  return mode === "invisible" ? others.filter((p) => allowlist.has(p)) : others;
}

/** True when a view of the change carries a last seen time (whether the user keeps it private matters). */
export function carriesLastSeen(a: Audience): boolean {
  return [a.everyone, a.insiders, a.outsiders, a.removed].some((v) => v?.lastSeenAt);
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
