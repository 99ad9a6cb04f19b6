import type { ConnState } from "./engine";
import {
  assertIds,
  type AffectedUser,
  type ConnectionRecord,
  type ConnectionRef,
  type PresenceStore,
  type PresenceStoreOptions,
} from "./store";

interface Instance {
  lastBeat: number;
  /** Connections served by this instance, as [workspaceId, userId, connId]. */
  conns: Map<string, [string, string, string]>;
}

/** In-process store for a single server instance (no REDIS_URL). */
export class MemoryPresenceStore implements PresenceStore {
  private readonly livenessMs: number;
  private readonly now: () => number;
  private readonly instances = new Map<string, Instance>();
  /** workspaceId -> userId -> connId -> state */
  private readonly workspaces = new Map<string, Map<string, Map<string, ConnState>>>();

  constructor(opts: PresenceStoreOptions) {
    this.livenessMs = opts.livenessMs;
    this.now = opts.now ?? Date.now;
  }

  async addConnection(c: ConnectionRecord): Promise<void> {
    assertIds(c.connId, c.userId, c.workspaceId, c.instanceId);
    this.beat(c.instanceId).conns.set(`${c.workspaceId}\t${c.userId}\t${c.connId}`, [c.workspaceId, c.userId, c.connId]);
    let users = this.workspaces.get(c.workspaceId);
    if (!users) this.workspaces.set(c.workspaceId, (users = new Map()));
    let conns = users.get(c.userId);
    if (!conns) users.set(c.userId, (conns = new Map()));
    conns.set(c.connId, { connId: c.connId, instanceId: c.instanceId, idle: c.idle });
  }

  async setIdle(c: ConnectionRecord): Promise<boolean> {
    const conn = this.workspaces.get(c.workspaceId)?.get(c.userId)?.get(c.connId);
    if (!conn || conn.instanceId !== c.instanceId) return false;
    conn.idle = c.idle;
    return true;
  }

  async removeConnection(c: ConnectionRef): Promise<void> {
    this.instances.get(c.instanceId)?.conns.delete(`${c.workspaceId}\t${c.userId}\t${c.connId}`);
    this.deleteConn(c.workspaceId, c.userId, c.connId, c.instanceId);
  }

  async connectionsOf(workspaceId: string, userIds?: readonly string[]): Promise<Map<string, ConnState[]>> {
    const users = this.workspaces.get(workspaceId);
    const out = new Map<string, ConnState[]>();
    if (!users) return out;
    for (const userId of userIds ?? [...users.keys()]) {
      const live = [...(users.get(userId)?.values() ?? [])]
        .filter((c) => this.isLive(c.instanceId))
        .map((c) => ({ ...c }))
        .sort((a, b) => (a.connId < b.connId ? -1 : a.connId > b.connId ? 1 : 0));
      if (live.length > 0) out.set(userId, live);
    }
    return out;
  }

  async heartbeat(instanceId: string): Promise<boolean> {
    assertIds(instanceId);
    const known = this.instances.has(instanceId);
    this.beat(instanceId);
    return known;
  }

  async deadInstances(): Promise<string[]> {
    return [...this.instances.keys()].filter((id) => !this.isLive(id));
  }

  async reapInstance(instanceId: string): Promise<AffectedUser[]> {
    if (!this.instances.has(instanceId) || this.isLive(instanceId)) return [];
    return this.removeInstance(instanceId);
  }

  async removeInstance(instanceId: string): Promise<AffectedUser[]> {
    const inst = this.instances.get(instanceId);
    this.instances.delete(instanceId);
    const affected = new Map<string, AffectedUser>();
    for (const [workspaceId, userId, connId] of inst?.conns.values() ?? []) {
      if (this.deleteConn(workspaceId, userId, connId, instanceId)) {
        affected.set(`${workspaceId}\t${userId}`, { workspaceId, userId });
      }
    }
    return [...affected.values()];
  }

  async close(): Promise<void> {
    this.instances.clear();
    this.workspaces.clear();
  }

  private beat(instanceId: string): Instance {
    let inst = this.instances.get(instanceId);
    if (!inst) this.instances.set(instanceId, (inst = { lastBeat: 0, conns: new Map() }));
    inst.lastBeat = this.now();
    return inst;
  }

  private isLive(instanceId: string): boolean {
    const inst = this.instances.get(instanceId);
    return inst !== undefined && inst.lastBeat >= this.now() - this.livenessMs;
  }

  /** Deletes the connection if it belongs to `instanceId`; true if it did. */
  private deleteConn(workspaceId: string, userId: string, connId: string, instanceId: string): boolean {
    const users = this.workspaces.get(workspaceId);
    const conns = users?.get(userId);
    if (!users || !conns || conns.get(connId)?.instanceId !== instanceId) return false;
    conns.delete(connId);
    if (conns.size === 0) users.delete(userId);
    if (users.size === 0) this.workspaces.delete(workspaceId);
    return true;
  }
}
