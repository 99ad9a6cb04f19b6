import type { CustomStatus, PresenceChange, PresenceMode, PresenceState, UserFields } from "./engine";

export type { ConnState, PresenceChange, PresenceState, UserFields } from "./engine";

/** One socket of one user in one workspace, served by one server instance. */
export interface ConnectionRecord {
  connId: string;
  userId: string;
  workspaceId: string;
  instanceId: string;
  idle: boolean;
  /** A mobile browser (from the user agent). */
  mobile?: boolean;
}

export type ConnectionRef = Pick<ConnectionRecord, "connId" | "userId" | "workspaceId" | "instanceId">;

/** A user's presence fields from the database, used when the store has none (first sight, or lost). */
export interface UserSeed extends Partial<UserFields> {
  mode: PresenceMode;
  lastSeenAt: number | null;
  publicLastSeenAt: number | null;
}

/**
 * A change of what the user chose, applied in every workspace in one step. A mode change sets
 * `dndUntil` too (absent: none), so any mode change ends a timed do-not-disturb.
 */
export type UserChange =
  | { mode: PresenceMode; dndUntil?: number | null }
  | { custom: CustomStatus | null }
  /** How last seen is shown changed (exact or rough): every viewer hears again. */
  | { privacy: true };

/** A workspace as the store holds it, read in one round trip. */
export interface WorkspaceRead {
  /** Version of a user the store holds no state for (grows when the store lost that user's data). */
  epochOf(userId: string): number;
  users: Map<string, { state: PresenceState; allowlistVersion: number }>;
  /** Modes and shown fields of the requested users the store knows, including users without state here. */
  modes: Map<string, PresenceMode>;
  fields: Map<string, UserFields>;
}

/**
 * Where presence lives. Every change is one atomic operation (one Redis script) that reads the
 * user's connections and mode, applies the change with engine.transition, bumps the versions
 * when a view changed, and returns the change. The mode lives here too (seeded from the
 * database on a miss; the database stays its durable copy).
 *
 * Liveness is per server instance, not per socket: an instance heartbeats once per interval;
 * an instance silent for `livenessMs` is reaped by another, its users' connections removed and
 * their last seen set to its last heartbeat.
 */
export interface PresenceStore {
  /** Adds (or re-adds) a connection; `replaces` removes that earlier connection of the same user in the same step. */
  addConnection(c: ConnectionRecord, seed: UserSeed, replaces?: string): Promise<PresenceChange>;
  /** Sets `idle`; null if the connection is unknown or belongs to another instance. */
  setIdle(c: ConnectionRecord): Promise<PresenceChange | null>;
  /** Removes the connection; `endedAt` is when it closed (last seen if it was the user's last). */
  removeConnection(c: ConnectionRef, endedAt: number): Promise<PresenceChange>;
  /** Sets the mode or the custom status; one change per workspace in `workspaceIds` or where the store holds the user. */
  setUser(userId: string, change: UserChange, workspaceIds: readonly string[], seed: UserSeed): Promise<PresenceChange[]>;
  /** The allowlist changed: an invisible user's private version moves everywhere, so new insiders get their view. */
  allowlistChanged(userId: string, workspaceIds: readonly string[], seed: UserSeed): Promise<PresenceChange[]>;
  /** The user's mode as the store holds it; undefined if it holds none. One read. */
  modeOf(userId: string): Promise<PresenceMode | undefined>;
  /**
   * Every user the store holds in a workspace (with `only`: of `userIds` only, at a cost in
   * proportion to them), and the modes and fields of `userIds`. One round trip.
   */
  readWorkspace(workspaceId: string, userIds: readonly string[], only?: boolean): Promise<WorkspaceRead>;
  /**
   * Refreshes this instance's liveness: one write per instance, whatever its socket count.
   * False if the instance was not registered (first beat, reaped, or the store lost its data):
   * the caller then adds its connections again.
   */
  heartbeat(instanceId: string): Promise<boolean>;
  /** Instances whose liveness lapsed. */
  deadInstances(): Promise<string[]>;
  /** Atomically removes a dead instance's connections; [] if it is alive again or already reaped. */
  reapInstance(instanceId: string): Promise<PresenceChange[]>;
  /**
   * Graceful shutdown: the instance's connections keep counting for `graceMs` (clients reconnect
   * and replace them), then it lapses and is reaped like a dead one, last seen = now.
   */
  retireInstance(instanceId: string, graceMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface PresenceStoreOptions {
  /** An instance is dead when its last heartbeat is older than this (e.g. 12000). */
  livenessMs: number;
  /** Clock in ms since the epoch; for tests. */
  now?: () => number;
}

/** Ids become parts of keys and fields, so they must be non-empty and free of ':', '|' and whitespace. */
export function assertIds(...ids: string[]): void {
  for (const id of ids) {
    if (!/^[^\s:|]+$/.test(id)) throw new Error(`presence store: invalid id ${JSON.stringify(id)}`);
  }
}
