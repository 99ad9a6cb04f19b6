import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { DEVICE_KINDS, PRESENCE_MODES, PRESENCE_STATUSES, type DeviceKinds } from "@/shared/presence";
import type { CustomStatus, PresenceChange, PresenceMode, PresenceState, PresenceStatus, UserFields } from "./engine";
import * as lua from "./redis-scripts";
import { metrics } from "../metrics";
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

export interface RedisPresenceStoreOptions extends PresenceStoreOptions {
  /** A client the caller owns (not closed by close()), or a URL (client owned and closed here). */
  redis: Redis | string;
  /** Key prefix, e.g. "roster:presence:". */
  prefix: string;
  /** TTL of an instance's connection index, refreshed by each heartbeat. Default 1 hour. */
  retentionMs?: number;
}

/**
 * Options for the store's own client: while Redis is down, commands fail at once instead of
 * queueing (presence requests answer "temporarily unavailable" in well under a second), and a
 * command on a hung connection gives up after a second.
 */
export const failFastRedisOptions = { enableOfflineQueue: false, commandTimeout: 1_000, maxRetriesPerRequest: 0 } as const;

type Arg = string | number;

class Script {
  private readonly sha: string;
  constructor(
    readonly name: string,
    private readonly lua: string,
  ) {
    this.sha = createHash("sha1").update(lua).digest("hex");
  }
  async run(redis: Redis, args: Arg[]): Promise<unknown> {
    try {
      return await redis.call("EVALSHA", this.sha, 0, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith("NOSCRIPT")) throw err;
      return redis.call("EVAL", this.lua, 0, ...args);
    }
  }
}

const scripts = {
  add: new Script("add", lua.ADD),
  setIdle: new Script("setIdle", lua.SET_IDLE),
  setIdleMany: new Script("setIdleMany", lua.SET_IDLE_MANY),
  remove: new Script("remove", lua.REMOVE),
  setUser: new Script("setUser", lua.SET_USER),
  allowlist: new Script("allowlist", lua.ALLOWLIST),
  read: new Script("read", lua.READ),
  heartbeat: new Script("heartbeat", lua.HEARTBEAT),
  dead: new Script("dead", lua.DEAD),
  reap: new Script("reap", lua.REAP),
  retire: new Script("retire", lua.RETIRE),
};

function strings(reply: unknown): string[] {
  if (!Array.isArray(reply)) throw new Error("presence store: unexpected Redis reply");
  return reply.map((x: unknown) => (x === null ? "" : String(x)));
}

const num = (s: string) => (s === "" ? null : Number(s));
const asMode = (s: string): PresenceMode => ((PRESENCE_MODES as readonly string[]).includes(s) ? (s as PresenceMode) : "auto");
const asStatus = (s: string): PresenceStatus => ((PRESENCE_STATUSES as readonly string[]).includes(s) ? (s as PresenceStatus) : "offline");
const asDevices = (s: string | undefined): DeviceKinds | null => ((DEVICE_KINDS as readonly string[]).includes(s ?? "") ? (s as DeviceKinds) : null);
/** At most this many flips per script call (a call stays short; the rest go in the next). */
const IDLE_BATCH = 200;
/** Reads of some users asked in one tick share script calls of at most this many distinct users. */
const READ_BATCH = 500;
/** A connection's flag in P conns: activity and device kind (see redis-scripts.ts). */
const connFlag = (c: ConnectionRecord) => (c.mobile ? (c.idle ? "n" : "m") : c.idle ? "1" : "0");

/** The custom status as stored in P ufx: "<expiry ms>\t<JSON>" ('' = none). */
function encodeCustom(c: CustomStatus | null): string {
  return c ? `${c.expiresAt ? Date.parse(c.expiresAt) : ""}\t${JSON.stringify([c.emoji, c.text, c.expiresAt])}` : "";
}

/** Shown fields as stored in P ufx: "<dndUntil>\t<custom expiry>\t<custom JSON>" ('' = none). */
export function encodeFields(f: Partial<UserFields>): string {
  if (!f.custom && f.dndUntil == null) return "";
  return `${f.dndUntil ?? ""}\t${f.custom ? encodeCustom(f.custom) : "\t"}`;
}

const NO_FIELDS: UserFields = Object.freeze({ custom: null, dndUntil: null });

function decodeFields(raw: string): UserFields {
  if (!raw) return NO_FIELDS;
  const [du = "", , body = ""] = raw.split("\t");
  let custom: CustomStatus | null = null;
  if (body) {
    const [emoji, text, expiresAt] = JSON.parse(body) as [string | null, string, string | null];
    custom = { emoji, text, expiresAt };
  }
  return { custom, dndUntil: num(du) };
}

// Built field by field (no object spread): a workspace read builds one per member.
function state(f: string[], i: number, devices: string | undefined, fields: string | undefined): PresenceState {
  const { custom, dndUntil } = decodeFields(fields ?? "");
  return {
    custom,
    dndUntil,
    mode: asMode(f[i]!),
    version: Number(f[i + 1]),
    publicVersion: Number(f[i + 2]),
    status: asStatus(f[i + 3]!),
    lastSeenAt: num(f[i + 4]!),
    publicLastSeenAt: num(f[i + 5]!),
    devices: asDevices(devices),
  };
}

function changes(reply: unknown): PresenceChange[] {
  const f = strings(reply);
  const out: PresenceChange[] = [];
  for (let i = 0; i + lua.CHANGE_FIELDS <= f.length; i += lua.CHANGE_FIELDS) {
    out.push({ workspaceId: f[i]!, userId: f[i + 1]!, before: state(f, i + 2, f[i + 15], f[i + 17]), after: state(f, i + 8, f[i + 16], f[i + 18]), allowlistVersion: Number(f[i + 14]) });
  }
  return out;
}

/** "version|publicVersion|status|lastSeen|publicLastSeen" as stored in P st:<ws>. */
function storedState(raw: string, mode: PresenceMode, devices: string, fields: string): PresenceState {
  const [v, pv, status, ls, pls] = raw.split("|");
  const { custom, dndUntil } = decodeFields(fields);
  return {
    custom,
    dndUntil,
    mode,
    version: Number(v),
    publicVersion: Number(pv),
    status: asStatus(status ?? ""),
    lastSeenAt: num(ls ?? ""),
    publicLastSeenAt: num(pls ?? ""),
    devices: asDevices(devices),
  };
}

const seedArgs = (s: UserSeed): Arg[] => [s.mode, s.lastSeenAt ?? "", s.publicLastSeenAt ?? "", encodeFields(s)];

export class RedisPresenceStore implements PresenceStore {
  private readonly redis: Redis;
  private readonly ownsClient: boolean;
  private readonly p: string;
  private readonly livenessMs: number;
  private readonly retentionMs: number;
  private readonly clock: (() => number) | undefined;
  /** setIdle calls of this tick, sent together (flushIdle). */
  private readonly idle: { args: Arg[]; resolve: (c: PresenceChange | null) => void; reject: (err: unknown) => void }[] = [];
  /** Reads of some users asked in this tick, per workspace, sent together (flushReads). */
  private readonly reads = new Map<string, { ids: readonly string[]; resolve: (r: WorkspaceRead) => void; reject: (err: unknown) => void }[]>();

  constructor(opts: RedisPresenceStoreOptions) {
    this.ownsClient = typeof opts.redis === "string";
    this.redis = typeof opts.redis === "string" ? new Redis(opts.redis, failFastRedisOptions) : opts.redis;
    this.p = opts.prefix;
    this.livenessMs = opts.livenessMs;
    this.retentionMs = opts.retentionMs ?? 3_600_000;
    this.clock = opts.now;
  }

  async addConnection(c: ConnectionRecord, seed: UserSeed, replaces?: string): Promise<PresenceChange> {
    assertIds(c.connId, c.userId, c.workspaceId, c.instanceId, ...(replaces ? [replaces] : []));
    const args = [c.instanceId, this.retentionMs, c.workspaceId, c.userId, c.connId, connFlag(c), ...seedArgs(seed), replaces ?? "", this.livenessMs];
    return changes(await this.run(scripts.add, args))[0]!;
  }

  /**
   * The flips that arrive in one tick (from many sockets) go to Redis as one script, applied in
   * order: a burst of activity costs Redis one script call per tick, not one per flip.
   */
  setIdle(c: ConnectionRecord): Promise<PresenceChange | null> {
    return new Promise((resolve, reject) => {
      this.idle.push({ args: [c.workspaceId, c.userId, c.connId, c.instanceId, connFlag(c)], resolve, reject });
      if (this.idle.length === 1) setImmediate(() => this.flushIdle());
    });
  }

  private flushIdle(): void {
    const batch = this.idle.splice(0, IDLE_BATCH);
    if (this.idle.length) setImmediate(() => this.flushIdle());
    if (batch.length === 1) {
      const [one] = batch;
      this.run(scripts.setIdle, one!.args).then((reply) => one!.resolve(reply === null ? null : changes(reply)[0]!), one!.reject);
      return;
    }
    this.run(scripts.setIdleMany, batch.flatMap((b) => b.args)).then(
      (reply) => {
        const f = strings(reply);
        let i = 0;
        for (const b of batch) {
          if (f[i++] === "0") b.resolve(null);
          else {
            b.resolve(changes(f.slice(i, i + lua.CHANGE_FIELDS))[0]!);
            i += lua.CHANGE_FIELDS;
          }
        }
      },
      (err: unknown) => batch.forEach((b) => b.reject(err)),
    );
  }

  async removeConnection(c: ConnectionRef, endedAt: number): Promise<PresenceChange> {
    return changes(await this.run(scripts.remove, [c.workspaceId, c.userId, c.connId, c.instanceId, endedAt]))[0]!;
  }

  async setUser(userId: string, change: UserChange, workspaceIds: readonly string[], seed: UserSeed): Promise<PresenceChange[]> {
    assertIds(userId, ...workspaceIds);
    const what: Arg[] =
      "mode" in change ? ["mode", change.mode, change.dndUntil ?? ""] : "custom" in change ? ["custom", encodeCustom(change.custom), ""] : ["privacy", "", ""];
    return changes(await this.run(scripts.setUser, [userId, ...what, ...seedArgs(seed), ...workspaceIds]));
  }

  async allowlistChanged(userId: string, workspaceIds: readonly string[], seed: UserSeed): Promise<PresenceChange[]> {
    assertIds(userId, ...workspaceIds);
    return changes(await this.run(scripts.allowlist, [userId, "", ...seedArgs(seed), ...workspaceIds]));
  }

  async modeOf(userId: string): Promise<PresenceMode | undefined> {
    assertIds(userId);
    const m = await this.redis.hget(`${this.p}modes`, userId);
    return m ? asMode(m) : undefined;
  }

  /**
   * Reads of some users (`only`) asked in one tick go to Redis together, at most READ_BATCH
   * distinct users per script: a storm of pages that open (each reading the rows it shows and
   * itself, mostly the same first rows) costs a few script calls, not one each. Each caller gets
   * the read of its batch (it holds the users asked, and maybe others).
   */
  readWorkspace(workspaceId: string, userIds: readonly string[], only = false): Promise<WorkspaceRead> {
    if (!only || userIds.length >= READ_BATCH) return this.readNow(workspaceId, userIds, only);
    return new Promise((resolve, reject) => {
      if (!this.reads.size) setImmediate(() => this.flushReads());
      let queue = this.reads.get(workspaceId);
      if (!queue) this.reads.set(workspaceId, (queue = []));
      queue.push({ ids: userIds, resolve, reject });
    });
  }

  private flushReads(): void {
    const all = [...this.reads];
    this.reads.clear();
    for (const [workspaceId, queue] of all) {
      let ids = new Set<string>();
      let callers: typeof queue = [];
      const send = () => {
        const [batch, who] = [[...ids], callers];
        this.readNow(workspaceId, batch, true).then((r) => who.forEach((c) => c.resolve(r)), (err: unknown) => who.forEach((c) => c.reject(err)));
      };
      for (const c of queue) {
        const more = c.ids.filter((id) => !ids.has(id));
        if (ids.size + more.length > READ_BATCH) {
          send();
          [ids, callers] = [new Set(), []];
        }
        for (const id of c.ids) ids.add(id);
        callers.push(c);
      }
      send();
    }
  }

  private async readNow(workspaceId: string, userIds: readonly string[], only: boolean): Promise<WorkspaceRead> {
    const f = strings(await this.run(scripts.read, [workspaceId, only ? "1" : "", ...userIds]));
    const count = Number(f[1]);
    const users: WorkspaceRead["users"] = new Map();
    let i = 2;
    for (let n = 0; n < count; n++, i += 6) {
      users.set(f[i]!, { state: storedState(f[i + 1]!, asMode(f[i + 2]!), f[i + 4]!, f[i + 5]!), allowlistVersion: Number(f[i + 3]) });
    }
    const modes = new Map<string, PresenceMode>();
    const fields = new Map<string, UserFields>();
    userIds.forEach((id, k) => {
      const m = f[i + 2 * k];
      if (m) modes.set(id, asMode(m));
      const x = f[i + 2 * k + 1];
      if (m || x) fields.set(id, decodeFields(x ?? ""));
    });
    return { epoch: Number(f[0]), users, modes, fields };
  }

  async heartbeat(instanceId: string): Promise<boolean> {
    assertIds(instanceId);
    return (await this.run(scripts.heartbeat, [instanceId, this.retentionMs, this.livenessMs])) === 1;
  }

  async deadInstances(): Promise<string[]> {
    return strings(await this.run(scripts.dead, []));
  }

  async reapInstance(instanceId: string): Promise<PresenceChange[]> {
    return changes(await this.run(scripts.reap, [instanceId]));
  }

  async retireInstance(instanceId: string, graceMs: number): Promise<void> {
    await this.run(scripts.retire, [instanceId, graceMs]);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Runs a script, timed by name (roster_presence_store_duration_seconds), failures included. */
  private async run(script: Script, args: Arg[]): Promise<unknown> {
    const end = metrics.storeDuration.startTimer({ operation: script.name });
    try {
      const reply = await script.run(this.redis, [this.p, this.clock ? this.clock() : "", ...args]);
      end({ outcome: "ok" });
      return reply;
    } catch (err) {
      end({ outcome: "error" });
      throw err;
    }
  }
}
