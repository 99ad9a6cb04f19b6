import { initialState, transition, type ConnState, type PresenceChange, type PresenceMode, type PresenceState, type UserFields } from "./engine";
import {
  assertIds,
  type ConnectionRecord,
  type ConnectionRef,
  type PresenceStore,
  type PresenceStoreOptions,
  type UserChange,
  type UserSeed,
  type WorkspaceRead,
} from "./store";

/** What the user chose: the mode and the shown fields (custom status, do-not-disturb end). */
interface UserChoice extends UserFields {
  mode: PresenceMode;
}

interface Instance {
  /** Liveness deadline: last beat + livenessMs, or later while a retired instance's connections still count. */
  deadline: number;
  lastBeat: number;
  /** Connections served by this instance: key "<ws>\t<user>\t<conn>". */
  conns: Set<string>;
  /** Registered by a connection, not yet by a heartbeat (see redis-scripts.ts ADD). */
  resync: boolean;
}

/** For changes of users who must already be known: no mode is stored from it. */
const NO_SEED = null;
const key = (...parts: string[]) => parts.join("\t");

/** In-process store for a single server instance (no REDIS_URL). Same contract as the Redis store. */
export class MemoryPresenceStore implements PresenceStore {
  private readonly livenessMs: number;
  private readonly now: () => number;
  private readonly epoch: number;
  private readonly instances = new Map<string, Instance>();
  /** "<ws>\t<user>" -> connId -> state */
  private readonly conns = new Map<string, Map<string, ConnState>>();
  /** "<ws>\t<user>" -> state */
  private readonly states = new Map<string, PresenceState>();
  private readonly users = new Map<string, UserChoice>();
  private readonly allowlistVersions = new Map<string, number>();
  /** userId -> workspaces where the store holds a state */
  private readonly workspacesOf = new Map<string, Set<string>>();

  constructor(opts: PresenceStoreOptions) {
    this.livenessMs = opts.livenessMs;
    this.now = opts.now ?? Date.now;
    this.epoch = this.now() * 1000;
  }

  async addConnection(c: ConnectionRecord, seed: UserSeed, replaces?: string): Promise<PresenceChange> {
    assertIds(c.connId, c.userId, c.workspaceId, c.instanceId, ...(replaces ? [replaces] : []));
    return this.apply(c.workspaceId, c.userId, seed, {}, (conns) => {
      if (replaces && replaces !== c.connId) this.dropConn(conns, c.workspaceId, c.userId, replaces);
      if (!this.instances.has(c.instanceId)) this.beat(c.instanceId).resync = true;
      this.instances.get(c.instanceId)!.conns.add(key(c.workspaceId, c.userId, c.connId));
      conns.set(c.connId, { connId: c.connId, instanceId: c.instanceId, idle: c.idle, mobile: c.mobile === true });
    });
  }

  async setIdle(c: ConnectionRecord): Promise<PresenceChange | null> {
    const conn = this.conns.get(key(c.workspaceId, c.userId))?.get(c.connId);
    if (!conn || conn.instanceId !== c.instanceId) return null;
    return this.apply(c.workspaceId, c.userId, NO_SEED, {}, () => void (conn.idle = c.idle));
  }

  async removeConnection(c: ConnectionRef, endedAt: number): Promise<PresenceChange> {
    const owned = this.conns.get(key(c.workspaceId, c.userId))?.get(c.connId)?.instanceId === c.instanceId;
    // A connection of a user the store holds nothing of (see redis-scripts.ts REMOVE): they were there until endedAt.
    const lost = !owned && !this.states.has(key(c.workspaceId, c.userId));
    return this.apply(c.workspaceId, c.userId, NO_SEED, { endedAt, lost }, (conns) => {
      if (owned) this.dropConn(conns, c.workspaceId, c.userId, c.connId);
    });
  }

  async setUser(userId: string, change: UserChange, workspaceIds: readonly string[], seed: UserSeed): Promise<PresenceChange[]> {
    assertIds(userId, ...workspaceIds);
    const cur = this.choice(userId, seed);
    const next: UserChoice =
      "mode" in change ? { ...cur, mode: change.mode, dndUntil: change.dndUntil ?? null } : "custom" in change ? { ...cur, custom: change.custom } : cur;
    const regroup = "privacy" in change ? ("privacy" as const) : undefined;
    const changes = this.everywhere(userId, workspaceIds).map((ws) => this.apply(ws, userId, seed, { choice: next, regroup }, () => {}));
    this.users.set(userId, next);
    return changes;
  }

  async allowlistChanged(userId: string, workspaceIds: readonly string[], seed: UserSeed): Promise<PresenceChange[]> {
    assertIds(userId, ...workspaceIds);
    this.allowlistVersions.set(userId, Math.max(this.now(), (this.allowlistVersions.get(userId) ?? 0) + 1));
    return this.everywhere(userId, workspaceIds).map((ws) => this.apply(ws, userId, seed, { regroup: "allowlist" }, () => {}));
  }

  async modeOf(userId: string): Promise<PresenceMode | undefined> {
    return this.users.get(userId)?.mode;
  }

  async readWorkspace(workspaceId: string, userIds: readonly string[], only = false): Promise<WorkspaceRead> {
    const users: WorkspaceRead["users"] = new Map();
    const held = (userId: string, state: PresenceState) => users.set(userId, { state: { ...state }, allowlistVersion: this.allowlistVersions.get(userId) ?? 0 });
    if (only) {
      for (const id of userIds) {
        const state = this.states.get(key(workspaceId, id));
        if (state) held(id, state);
      }
    } else {
      for (const [k, state] of this.states) {
        const [ws, userId] = k.split("\t") as [string, string];
        if (ws === workspaceId) held(userId, state);
      }
    }
    const modes = new Map<string, PresenceMode>();
    const fields = new Map<string, UserFields>();
    for (const id of userIds) {
      const u = this.users.get(id);
      if (u) {
        modes.set(id, u.mode);
        fields.set(id, { custom: u.custom, dndUntil: u.dndUntil });
      }
    }
    const epoch = this.epoch;
    return { epochOf: () => epoch, users, modes, fields };
  }

  async heartbeat(instanceId: string): Promise<boolean> {
    assertIds(instanceId);
    const known = this.instances.has(instanceId) && !this.instances.get(instanceId)!.resync;
    this.beat(instanceId).resync = false;
    return known;
  }

  async deadInstances(): Promise<string[]> {
    return [...this.instances.keys()].filter((id) => !this.isLive(id));
  }

  async reapInstance(instanceId: string): Promise<PresenceChange[]> {
    const inst = this.instances.get(instanceId);
    if (!inst || this.isLive(instanceId)) return [];
    this.instances.delete(instanceId);
    const byUser = new Map<string, string[]>();
    for (const k of inst.conns) {
      const [ws, user, conn] = k.split("\t") as [string, string, string];
      const list = byUser.get(key(ws, user)) ?? [];
      list.push(conn);
      byUser.set(key(ws, user), list);
    }
    return [...byUser].map(([k, connIds]) => {
      const [ws, user] = k.split("\t") as [string, string];
      return this.apply(ws, user, NO_SEED, { endedAt: inst.lastBeat }, (conns) => {
        for (const id of connIds) if (conns.get(id)?.instanceId === instanceId) conns.delete(id);
      });
    });
  }

  async retireInstance(instanceId: string, graceMs: number): Promise<void> {
    this.beat(instanceId).deadline = this.now() + graceMs;
  }

  async close(): Promise<void> {
    this.instances.clear();
    this.conns.clear();
    this.states.clear();
  }

  /**
   * The one place a change happens: read mode and state, mutate the connections, apply the
   * rules, store the result. A user the store holds no state for and whose view did not change
   * leaves no state behind (their database values keep serving snapshots).
   */
  private apply(
    ws: string,
    userId: string,
    seed: UserSeed | null,
    opts: { choice?: UserChoice; endedAt?: number; regroup?: "allowlist" | "privacy"; lost?: boolean },
    mutate: (conns: Map<string, ConnState>) => void,
  ): PresenceChange {
    const k = key(ws, userId);
    const user = this.choice(userId, seed);
    const held = this.states.get(k);
    const initial = initialState(this.epoch, { lastSeenAt: null, publicLastSeenAt: null, ...seed, ...user });
    const before: PresenceState = held ? { ...held, ...user } : opts.lost ? { ...initial, status: "away" } : initial;
    let conns = this.conns.get(k);
    if (!conns) this.conns.set(k, (conns = new Map()));
    mutate(conns);
    if (conns.size === 0) this.conns.delete(k);
    const next = opts.choice ?? user;
    const fields = { custom: next.custom, dndUntil: next.dndUntil };
    const after = transition(before, { mode: next.mode, fields, conns: [...conns.values()], endedAt: opts.endedAt, regroup: opts.regroup }, this.now());
    if (held || after.version !== before.version) {
      this.states.set(k, after);
      const set = this.workspacesOf.get(userId) ?? new Set();
      this.workspacesOf.set(userId, set.add(ws));
    }
    return { workspaceId: ws, userId, before, after, allowlistVersion: this.allowlistVersions.get(userId) ?? 0 };
  }

  /** The user's stored choice; a seed (from the database) is stored only when there is none. */
  private choice(userId: string, seed: UserSeed | null): UserChoice {
    let u = this.users.get(userId);
    if (!u && seed) this.users.set(userId, (u = { mode: seed.mode, custom: seed.custom ?? null, dndUntil: seed.dndUntil ?? null }));
    return u ?? { mode: "auto", custom: null, dndUntil: null };
  }

  private everywhere(userId: string, workspaceIds: readonly string[]): string[] {
    return [...new Set([...workspaceIds, ...(this.workspacesOf.get(userId) ?? [])])];
  }

  private dropConn(conns: Map<string, ConnState>, ws: string, userId: string, connId: string) {
    const conn = conns.get(connId);
    if (!conn) return;
    conns.delete(connId);
    this.instances.get(conn.instanceId)?.conns.delete(key(ws, userId, connId));
  }

  private beat(instanceId: string): Instance {
    let inst = this.instances.get(instanceId);
    if (!inst) this.instances.set(instanceId, (inst = { deadline: 0, lastBeat: 0, conns: new Set(), resync: false }));
    inst.lastBeat = this.now();
    inst.deadline = Math.max(inst.deadline, inst.lastBeat + this.livenessMs);
    return inst;
  }

  private isLive(instanceId: string): boolean {
    const inst = this.instances.get(instanceId);
    return inst !== undefined && inst.deadline >= this.now();
  }
}
