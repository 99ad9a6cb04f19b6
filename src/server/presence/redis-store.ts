import { createHash } from "node:crypto";
import calculateSlot from "cluster-key-slot";
import { Cluster, Redis } from "ioredis";
import type { PresenceChange, PresenceMode, UserFields } from "./engine";
import { asMode, changes, connFlag, decodeFields, encodeCustom, seedArgs, storedState, strings, type Arg } from "./redis-codec";
import * as lua from "./redis-scripts";
import { bucketOf, PresenceKeys } from "./redis-keys";
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
  /** A client the caller owns (not closed by close()): one Redis or a Redis Cluster; or a URL (client owned and closed here). */
  redis: Redis | Cluster | string;
  /** Key prefix, e.g. "roster:presence:"; without braces (the keys' hash tags follow it). */
  prefix: string;
}

/**
 * Options for the store's own client: while Redis is down, commands fail at once instead of
 * queueing (presence requests answer "temporarily unavailable" in well under a second), and a
 * command on a hung connection gives up after a second.
 */
export const failFastRedisOptions = { enableOfflineQueue: false, commandTimeout: 1_000, maxRetriesPerRequest: 0 } as const;


class Script {
  private readonly sha: string;
  constructor(
    readonly name: string,
    private readonly lua: string,
  ) {
    this.sha = createHash("sha1").update(lua).digest("hex");
  }
  async run(redis: Redis | Cluster, keys: string[], args: Arg[]): Promise<unknown> {
    try {
      return await redis.call("EVALSHA", this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith("NOSCRIPT")) throw err;
      return redis.call("EVAL", this.lua, keys.length, ...keys, ...args);
    }
  }
}

const scripts = {
  add: new Script("add", lua.ADD),
  setIdle: new Script("setIdle", lua.SET_IDLE),
  remove: new Script("remove", lua.REMOVE),
  setUser: new Script("setUser", lua.SET_USER),
  allowlist: new Script("allowlist", lua.ALLOWLIST),
  read: new Script("read", lua.READ),
  register: new Script("register", lua.REGISTER),
  heartbeat: new Script("heartbeat", lua.HEARTBEAT),
  dead: new Script("dead", lua.DEAD),
  claim: new Script("claim", lua.CLAIM),
  reap: new Script("reap", lua.REAP),
  release: new Script("release", lua.RELEASE),
  retire: new Script("retire", lua.RETIRE),
};

/** At most this many flips per script call (a call stays short; the rest go in the next). */
const IDLE_BATCH = 200;
/** Reads of some users asked in one tick share script calls of at most this many distinct users. */
const READ_BATCH = 500;


/** One key per master among `keys` (by the cluster's current slot map; all of them before it is known). */
function onePerMaster(cluster: Cluster, keys: string[]): string[] {
  const seen = new Map<string, string>();
  for (const key of keys) {
    const master = cluster.slots[calculateSlot(key)]?.[0] ?? key;
    if (!seen.has(master)) seen.set(master, key);
  }
  return [...seen.values()];
}

/** One bucket's part of a batched call: its keys and values, and who waits for its answers. */
interface Group<T> {
  keys: string[];
  args: Arg[];
  items: T[];
}

/** Tries of a user-wide change that a connect to a new workspace raced (the script answers "again"). */
const USER_TRIES = 10;

export class RedisPresenceStore implements PresenceStore {
  private readonly redis: Redis | Cluster;
  private readonly ownsClient: boolean;
  private readonly keys: PresenceKeys;
  private readonly livenessMs: number;
  private readonly clock: (() => number) | undefined;
  /** setIdle calls of this tick, sent together (flushIdle). */
  private readonly idle: { c: ConnectionRecord; resolve: (c: PresenceChange | null) => void; reject: (err: unknown) => void }[] = [];
  /** Per instance, the buckets where it added connections through this object (their marks are checked by its heartbeat). */
  private readonly marked = new Map<string, Set<number>>();
  /** Reads of some users asked in this tick, per workspace, sent together (flushReads). */
  private readonly reads = new Map<string, { ids: readonly string[]; resolve: (r: WorkspaceRead) => void; reject: (err: unknown) => void }[]>();

  constructor(opts: RedisPresenceStoreOptions) {
    this.ownsClient = typeof opts.redis === "string";
    this.redis = typeof opts.redis === "string" ? new Redis(opts.redis, failFastRedisOptions) : opts.redis;
    this.keys = new PresenceKeys(opts.prefix);
    this.livenessMs = opts.livenessMs;
    this.clock = opts.now;
  }

  private get cluster(): boolean {
    return this.redis instanceof Cluster;
  }

  /**
   * The instance registers in {g} (liveness and the buckets it has connections in) before the
   * connection is added in the user's bucket: a crash between the two leaves a bucket listed with
   * nothing of the instance in it. While the instance is being reaped, connects wait for the end.
   */
  async addConnection(c: ConnectionRecord, seed: UserSeed, replaces?: string): Promise<PresenceChange> {
    assertIds(c.connId, c.userId, c.workspaceId, c.instanceId, ...(replaces ? [replaces] : []));
    const k = bucketOf(c.userId);
    const g = this.keys;
    const ok = await this.run(scripts.register, [g.instances, g.reaping, g.instanceBuckets(c.instanceId)], [c.instanceId, this.livenessMs, k]);
    if (ok !== 1) throw new Error("presence store: this instance is being reaped; try again shortly");
    const args = [c.instanceId, c.workspaceId, c.userId, c.connId, connFlag(c), ...seedArgs(seed), replaces ?? ""];
    const change = changes(await this.run(scripts.add, [...g.bucket(k), ...g.item(c.userId, c.workspaceId)], args))[0]!;
    let marked = this.marked.get(c.instanceId);
    if (!marked) this.marked.set(c.instanceId, (marked = new Set()));
    marked.add(k);
    return change;
  }

  /**
   * The flips that arrive in one tick (from many sockets) go to Redis together, applied in order:
   * on one Redis one script call per tick, on a cluster one per bucket.
   */
  setIdle(c: ConnectionRecord): Promise<PresenceChange | null> {
    return new Promise((resolve, reject) => {
      this.idle.push({ c, resolve, reject });
      if (this.idle.length === 1) setImmediate(() => this.flushIdle());
    });
  }

  private flushIdle(): void {
    const batch = this.idle.splice(0, IDLE_BATCH);
    if (this.idle.length) setImmediate(() => this.flushIdle());
    const groups = this.groups(batch, (b) => b.c.userId, (b) => this.keys.item(b.c.userId, b.c.workspaceId), (b) => [b.c.workspaceId, b.c.userId, b.c.connId, b.c.instanceId, connFlag(b.c)]);
    this.grouped(scripts.setIdle, [], groups).then(
      (f) => {
        let i = 0;
        for (const b of groups.flatMap((g) => g.items)) {
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
    const k = bucketOf(c.userId);
    return changes(await this.run(scripts.remove, [...this.keys.bucket(k), ...this.keys.item(c.userId, c.workspaceId)], [c.workspaceId, c.userId, c.connId, c.instanceId, endedAt]))[0]!;
  }

  async setUser(userId: string, change: UserChange, workspaceIds: readonly string[], seed: UserSeed): Promise<PresenceChange[]> {
    assertIds(userId, ...workspaceIds);
    const what: Arg[] =
      "mode" in change ? ["mode", change.mode, change.dndUntil ?? ""] : "custom" in change ? ["custom", encodeCustom(change.custom), ""] : ["privacy", "", ""];
    return this.userWide(scripts.setUser, userId, workspaceIds, [userId, ...what, ...seedArgs(seed)]);
  }

  async allowlistChanged(userId: string, workspaceIds: readonly string[], seed: UserSeed): Promise<PresenceChange[]> {
    assertIds(userId, ...workspaceIds);
    return this.userWide(scripts.allowlist, userId, workspaceIds, [userId, ...seedArgs(seed)]);
  }

  /**
   * A change in every workspace where the user has state, plus the given ones: the workspaces are
   * read first and their keys declared; the script answers "again" if a connect added one since.
   */
  private async userWide(script: Script, userId: string, given: readonly string[], args: Arg[]): Promise<PresenceChange[]> {
    const k = bucketOf(userId);
    for (let t = 0; t < USER_TRIES; t++) {
      const list = [...new Set([...given, ...(await this.redis.smembers(this.keys.uws(userId)))])];
      const keys = [...this.keys.bucket(k), this.keys.uws(userId), ...list.flatMap((ws) => this.keys.item(userId, ws))];
      const reply = await this.run(script, keys, [...args, ...list]);
      if (!(Array.isArray(reply) && reply.length === 1 && reply[0] === "again")) return changes(reply);
    }
    throw new Error("presence store: the user's workspaces kept changing; try again");
  }

  async modeOf(userId: string): Promise<PresenceMode | undefined> {
    assertIds(userId);
    const m = await this.redis.hget(this.keys.modes(userId), userId);
    return m ? asMode(m) : undefined;
  }

  /**
   * Reads of some users (`only`) asked in one tick go to Redis together, at most READ_BATCH
   * distinct users per batch: a storm of pages that open (each reading the rows it shows and
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

  /** One group per bucket of the asked users (every bucket for a whole read). */
  private async readNow(workspaceId: string, userIds: readonly string[], only: boolean): Promise<WorkspaceRead> {
    const per = new Map<number, string[]>();
    if (!only) for (let k = 0; k < lua.BUCKETS; k++) per.set(k, []);
    for (const id of userIds) {
      const k = bucketOf(id);
      const list = per.get(k);
      if (list) list.push(id);
      else per.set(k, [id]);
    }
    const groups: Group<string>[] = [...per].map(([k, ids]) => ({ keys: this.keys.read(k, workspaceId), args: [ids.length, ...ids], items: ids }));
    const f = groups.length ? await this.grouped(scripts.read, [only ? "1" : ""], groups) : [];
    const users: WorkspaceRead["users"] = new Map();
    const modes = new Map<string, PresenceMode>();
    const fields = new Map<string, UserFields>();
    const epochs = new Map<number, number>();
    let i = 0;
    // A requested user's stored mode and fields (none stored: not in the maps).
    const known = (id: string, m: string, x: string) => {
      if (m) modes.set(id, asMode(m));
      if (m || x) fields.set(id, decodeFields(x));
    };
    for (const [k, ids] of per) {
      epochs.set(k, Number(f[i]));
      const count = Number(f[i + 1]);
      i += 2;
      // A whole read also holds users not asked for: their mode and fields are not reported.
      const asked = only ? null : new Set(ids);
      for (let n = 0; n < count; n++, i += 6) {
        const [id, m, x] = [f[i]!, f[i + 2]!, f[i + 5]!];
        users.set(id, { state: storedState(f[i + 1]!, asMode(m), f[i + 4]!, x), allowlistVersion: Number(f[i + 3]) });
        if (!asked || asked.has(id)) known(id, m, x);
      }
      const rest = Number(f[i]);
      i += 1;
      for (let n = 0; n < rest; n++, i += 3) known(f[i]!, f[i + 1]!, f[i + 2]!);
    }
    const newest = Math.max(0, ...epochs.values());
    return { epochOf: (id) => epochs.get(bucketOf(id)) ?? newest, users, modes, fields };
  }

  async heartbeat(instanceId: string): Promise<boolean> {
    assertIds(instanceId);
    const g = this.keys;
    const beat = await this.run(scripts.heartbeat, [g.instances, g.beats, g.reaping], [instanceId, this.livenessMs]);
    if (beat === 3) {
      // A reap of this instance whose reaper died: finish it (its connections here are then
      // written again by the caller, as after any reap), so connects are accepted again.
      await this.reapInstance(instanceId);
      return false;
    }
    const known = beat === 1;
    const marked = this.marked.get(instanceId);
    if (!known || !marked?.size || !this.cluster) return known;
    // On a cluster one master can restart empty while {g} lives on: the instance's mark must
    // still be in the buckets where it added connections. A master loses all its buckets at
    // once, so one read per master: a marked bucket it holds.
    const marks = await Promise.all(onePerMaster(this.redis as Cluster, [...marked].map((k) => g.ix(k))).map((key) => this.redis.zscore(key, `${instanceId}\t`)));
    return marks.every((m) => m !== null);
  }

  async deadInstances(): Promise<string[]> {
    return strings(await this.run(scripts.dead, [this.keys.instances], []));
  }

  /**
   * Claims the dead instance in {g} (one caller gets it), removes its connections bucket by
   * bucket (a connection only if it still names the instance), then ends the claim. A reaper that
   * dies midway leaves the claim to lapse; the next one does the rest.
   */
  async reapInstance(instanceId: string): Promise<PresenceChange[]> {
    assertIds(instanceId);
    const g = this.keys;
    const claim = strings(await this.run(scripts.claim, [g.instances, g.beats, g.reaping, g.instanceBuckets(instanceId)], [instanceId, Math.max(10_000, this.livenessMs)]));
    if (claim[0] !== "1") return [];
    const last = claim[1]!;
    const buckets = claim.slice(2).map(Number);
    const entries = await Promise.all(buckets.map((k) => this.redis.zrangebylex(g.ix(k), `[${instanceId}\t`, `(${instanceId}\n`)));
    const groups: Group<string>[] = [];
    buckets.forEach((k, n) => {
      const items = entries[n]!.map((e) => e.split("\t")).filter((p) => p.length === 4);
      if (items.length) groups.push({ keys: [...g.bucket(k), ...items.flatMap(([, ws, user]) => g.item(user!, ws!))], args: [items.length, ...items.flatMap(([, ws, user, conn]) => [ws!, user!, conn!])], items: [] });
    });
    const f = groups.length ? await this.grouped(scripts.reap, [instanceId, last], groups) : [];
    await Promise.all(buckets.map((k) => this.redis.zrem(g.ix(k), `${instanceId}\t`)));
    await this.run(scripts.release, [g.reaping, g.instanceBuckets(instanceId), g.instances], [instanceId]);
    return changes(f);
  }

  async retireInstance(instanceId: string, graceMs: number): Promise<void> {
    await this.run(scripts.retire, [this.keys.instances, this.keys.beats], [instanceId, graceMs]);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Items grouped by their user's bucket, in order within each bucket. */
  private groups<T>(items: T[], user: (t: T) => string, itemKeys: (t: T) => string[], itemArgs: (t: T) => Arg[]): Group<T>[] {
    const per = new Map<number, T[]>();
    for (const t of items) {
      const k = bucketOf(user(t));
      const list = per.get(k);
      if (list) list.push(t);
      else per.set(k, [t]);
    }
    return [...per].map(([k, list]) => ({ keys: [...this.keys.bucket(k), ...list.flatMap(itemKeys)], args: [list.length, ...list.flatMap(itemArgs)], items: list }));
  }

  /**
   * A batched script: on one Redis all groups in one call, on a cluster one call per group
   * (ioredis sends each to its bucket's node). The answers, in group order, as one list.
   */
  private async grouped<T>(script: Script, head: Arg[], groups: Group<T>[]): Promise<string[]> {
    if (!this.cluster) return strings(await this.run(script, groups.flatMap((g) => g.keys), [...head, ...groups.flatMap((g) => g.args)]));
    return (await Promise.all(groups.map((g) => this.run(script, g.keys, [...head, ...g.args])))).flatMap(strings);
  }

  /** Runs a script, timed by name (roster_presence_store_duration_seconds), failures included. */
  private async run(script: Script, keys: string[], args: Arg[]): Promise<unknown> {
    const end = metrics.storeDuration.startTimer({ operation: script.name });
    try {
      const reply = await script.run(this.redis, keys, [this.clock ? this.clock() : "", ...args]);
      end({ outcome: "ok" });
      return reply;
    } catch (err) {
      end({ outcome: "error" });
      throw err;
    }
  }
}
