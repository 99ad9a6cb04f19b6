import type { ConnState } from "./engine";

export type { ConnState } from "./engine";

/** One socket of one user in one workspace, served by one server instance. */
export interface ConnectionRecord {
  connId: string;
  userId: string;
  workspaceId: string;
  instanceId: string;
  idle: boolean;
}

export type ConnectionRef = Pick<ConnectionRecord, "connId" | "userId" | "workspaceId" | "instanceId">;

export interface AffectedUser {
  workspaceId: string;
  userId: string;
}

/**
 * Where live connections are kept. Liveness is per server instance, not per socket: an instance
 * heartbeats once per interval and its connections count only while its last heartbeat (or
 * addConnection) is at most `livenessMs` old.
 */
export interface PresenceStore {
  /** Records the connection; also counts as a heartbeat of its instance. */
  addConnection(c: ConnectionRecord): Promise<void>;
  /** Sets `idle`; false if the connection is unknown (or belongs to another instance). */
  setIdle(c: ConnectionRecord): Promise<boolean>;
  /** Removes the connection; unknown connections are ignored. */
  removeConnection(c: ConnectionRef): Promise<void>;
  /**
   * Live connections of some users (all users when omitted) in one workspace, in one round
   * trip, sorted by connId. Users without a live connection are absent from the map.
   * Connections of lapsed instances are excluded even before they are reaped.
   */
  connectionsOf(workspaceId: string, userIds?: readonly string[]): Promise<Map<string, ConnState[]>>;
  /**
   * Refreshes this instance's liveness: one write per instance, whatever its socket count.
   * Returns false if the instance was not registered (first beat, or it was reaped or removed
   * meanwhile): the caller should then add its local sockets again.
   */
  heartbeat(instanceId: string): Promise<boolean>;
  /** Instances whose last heartbeat is older than `livenessMs`. */
  deadInstances(): Promise<string[]>;
  /**
   * Atomically removes a dead instance and its connections and returns the affected users.
   * If the instance is alive again, or another caller already reaped it, returns [].
   */
  reapInstance(instanceId: string): Promise<AffectedUser[]>;
  /** Removes this instance and its connections whatever its liveness (graceful shutdown). */
  removeInstance(instanceId: string): Promise<AffectedUser[]>;
  close(): Promise<void>;
}

export interface PresenceStoreOptions {
  /** An instance is dead when its last heartbeat is older than this (e.g. 15000). */
  livenessMs: number;
  /** Clock in ms since the epoch; for tests. */
  now?: () => number;
}

/** Ids become parts of keys and fields, so they must be non-empty and free of ':' and whitespace. */
export function assertIds(...ids: string[]): void {
  for (const id of ids) {
    if (!/^[^\s:]+$/.test(id)) throw new Error(`presence store: invalid id ${JSON.stringify(id)}`);
  }
}
