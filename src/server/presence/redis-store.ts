import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import type { ConnState } from "./engine";
import {
  assertIds,
  type AffectedUser,
  type ConnectionRecord,
  type ConnectionRef,
  type PresenceStore,
  type PresenceStoreOptions,
} from "./store";

/*
 * Key layout (P = prefix). Ids contain no ':' or whitespace (assertIds).
 *   P instances               zset  instanceId -> last heartbeat, ms
 *   P inst:<instanceId>       set   "<workspaceId>\t<userId>\t<connId>"; PEXPIRE retentionMs on each beat
 *   P users:<workspaceId>     set   userIds that have at least one connection entry
 *   P conns:<ws>:<userId>     hash  connId -> "<0|1 idle><instanceId>"
 * Clock: every time comparison runs inside a Lua script, using the injected `now` when given,
 * else the Redis server's TIME, so instances with skewed clocks agree. Standalone Redis only
 * (scripts touch keys they derive; not Cluster-safe).
 */

export interface RedisPresenceStoreOptions extends PresenceStoreOptions {
  /** A client the caller owns (not closed by close()), or a URL (client owned and closed here). */
  redis: Redis | string;
  /** Key prefix, e.g. "roster:presence:". */
  prefix: string;
  /** TTL of an instance's connection index, refreshed by each heartbeat. Default 1 hour. */
  retentionMs?: number;
}

const NOW = `
local function nowms(arg)
  local n = tonumber(arg)
  if n then return n end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

// KEYS: instances, inst set, users set, conns hash. ARGV: now, retentionMs, instanceId, userId, connId, value, member
const ADD = `${NOW}
redis.call('ZADD', KEYS[1], nowms(ARGV[1]), ARGV[3])
redis.call('SADD', KEYS[2], ARGV[7])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('HSET', KEYS[4], ARGV[5], ARGV[6])
return 1`;

// KEYS: conns hash. ARGV: connId, instanceId, idle flag
const SET_IDLE = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if (not v) or string.sub(v, 2) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. ARGV[2])
return 1`;

// KEYS: conns hash, users set, inst set. ARGV: connId, userId, member, instanceId
const REMOVE = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and string.sub(v, 2) == ARGV[4] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
end
redis.call('SREM', KEYS[3], ARGV[3])
return 1`;

// KEYS: instances, inst set. ARGV: now, retentionMs, instanceId. Returns 1 if newly registered.
const HEARTBEAT = `${NOW}
local added = redis.call('ZADD', KEYS[1], nowms(ARGV[1]), ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return added`;

// KEYS: instances. ARGV: now, livenessMs
const DEAD = `${NOW}
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (nowms(ARGV[1]) - tonumber(ARGV[2])))`;

// KEYS: instances, inst set. ARGV: now, livenessMs ("" = remove whatever the liveness), instanceId, prefix
// Returns "<workspaceId>\t<userId>" for each affected user. Only the caller that ZREMs proceeds.
const REAP = `${NOW}
if ARGV[2] ~= '' then
  local s = redis.call('ZSCORE', KEYS[1], ARGV[3])
  if (not s) or tonumber(s) >= nowms(ARGV[1]) - tonumber(ARGV[2]) then return {} end
end
redis.call('ZREM', KEYS[1], ARGV[3])
local out, seen = {}, {}
for _, m in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local ws, user, conn = string.match(m, '^([^\\t]+)\\t([^\\t]+)\\t([^\\t]+)$')
  if ws then
    local h = ARGV[4] .. 'conns:' .. ws .. ':' .. user
    local v = redis.call('HGET', h, conn)
    if v and string.sub(v, 2) == ARGV[3] then
      redis.call('HDEL', h, conn)
      if redis.call('EXISTS', h) == 0 then redis.call('SREM', ARGV[4] .. 'users:' .. ws, user) end
      local pair = ws .. '\\t' .. user
      if not seen[pair] then seen[pair] = true; out[#out + 1] = pair end
    end
  end
end
redis.call('DEL', KEYS[2])
return out`;

// KEYS: instances, users set. ARGV: now, livenessMs, conns key base, "all"|"some", userIds...
// Returns flat [userId, connId, value, ...] for connections of live instances.
const READ = `${NOW}
local minScore = nowms(ARGV[1]) - tonumber(ARGV[2])
local users = {}
if ARGV[4] == 'all' then users = redis.call('SMEMBERS', KEYS[2])
else for i = 5, #ARGV do users[#users + 1] = ARGV[i] end end
local live, out = {}, {}
for _, u in ipairs(users) do
  local h = redis.call('HGETALL', ARGV[3] .. u)
  for i = 1, #h, 2 do
    local inst = string.sub(h[i + 1], 2)
    local ok = live[inst]
    if ok == nil then
      local s = redis.call('ZSCORE', KEYS[1], inst)
      ok = (s and tonumber(s) >= minScore) and true or false
      live[inst] = ok
    end
    if ok then out[#out + 1] = u; out[#out + 1] = h[i]; out[#out + 1] = h[i + 1] end
  end
end
return out`;

type Arg = string | number;

class Script {
  private readonly sha: string;
  constructor(private readonly lua: string) {
    this.sha = createHash("sha1").update(lua).digest("hex");
  }
  async run(redis: Redis, keys: string[], args: Arg[]): Promise<unknown> {
    try {
      return await redis.call("EVALSHA", this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith("NOSCRIPT")) throw err;
      return redis.call("EVAL", this.lua, keys.length, ...keys, ...args);
    }
  }
}

const scripts = {
  add: new Script(ADD),
  setIdle: new Script(SET_IDLE),
  remove: new Script(REMOVE),
  heartbeat: new Script(HEARTBEAT),
  dead: new Script(DEAD),
  reap: new Script(REAP),
  read: new Script(READ),
};

function keyspace(p: string) {
  return {
    instances: `${p}instances`,
    inst: (instanceId: string) => `${p}inst:${instanceId}`,
    users: (workspaceId: string) => `${p}users:${workspaceId}`,
    conns: (workspaceId: string, userId: string) => `${p}conns:${workspaceId}:${userId}`,
  };
}

function strings(reply: unknown): string[] {
  if (!Array.isArray(reply)) throw new Error("presence store: unexpected Redis reply");
  return reply.map((x: unknown) => String(x));
}

export class RedisPresenceStore implements PresenceStore {
  private readonly redis: Redis;
  private readonly ownsClient: boolean;
  private readonly p: string;
  private readonly livenessMs: number;
  private readonly retentionMs: number;
  private readonly clock: (() => number) | undefined;
  private readonly k: ReturnType<typeof keyspace>;

  constructor(opts: RedisPresenceStoreOptions) {
    this.ownsClient = typeof opts.redis === "string";
    this.redis = typeof opts.redis === "string" ? new Redis(opts.redis) : opts.redis;
    this.p = opts.prefix;
    this.k = keyspace(opts.prefix);
    this.livenessMs = opts.livenessMs;
    this.retentionMs = opts.retentionMs ?? 3_600_000;
    this.clock = opts.now;
  }

  async addConnection(c: ConnectionRecord): Promise<void> {
    assertIds(c.connId, c.userId, c.workspaceId, c.instanceId);
    await scripts.add.run(
      this.redis,
      [this.k.instances, this.k.inst(c.instanceId), this.k.users(c.workspaceId), this.k.conns(c.workspaceId, c.userId)],
      [this.now(), this.retentionMs, c.instanceId, c.userId, c.connId, (c.idle ? "1" : "0") + c.instanceId, this.member(c)],
    );
  }

  async setIdle(c: ConnectionRecord): Promise<boolean> {
    const r = await scripts.setIdle.run(
      this.redis,
      [this.k.conns(c.workspaceId, c.userId)],
      [c.connId, c.instanceId, c.idle ? "1" : "0"],
    );
    return r === 1;
  }

  async removeConnection(c: ConnectionRef): Promise<void> {
    await scripts.remove.run(
      this.redis,
      [this.k.conns(c.workspaceId, c.userId), this.k.users(c.workspaceId), this.k.inst(c.instanceId)],
      [c.connId, c.userId, this.member(c), c.instanceId],
    );
  }

  async connectionsOf(workspaceId: string, userIds?: readonly string[]): Promise<Map<string, ConnState[]>> {
    const out = new Map<string, ConnState[]>();
    if (userIds && userIds.length === 0) return out;
    const wanted = userIds ? [...new Set(userIds)] : [];
    const flat = strings(
      await scripts.read.run(
        this.redis,
        [this.k.instances, this.k.users(workspaceId)],
        [this.now(), this.livenessMs, this.k.conns(workspaceId, ""), userIds ? "some" : "all", ...wanted],
      ),
    );
    for (let i = 0; i + 2 < flat.length; i += 3) {
      const [userId, connId, value] = [flat[i], flat[i + 1], flat[i + 2]];
      const list = out.get(userId) ?? [];
      list.push({ connId, instanceId: value.slice(1), idle: value[0] === "1" });
      out.set(userId, list);
    }
    for (const list of out.values()) list.sort((a, b) => (a.connId < b.connId ? -1 : a.connId > b.connId ? 1 : 0));
    return out;
  }

  async heartbeat(instanceId: string): Promise<boolean> {
    assertIds(instanceId);
    const added = await scripts.heartbeat.run(
      this.redis,
      [this.k.instances, this.k.inst(instanceId)],
      [this.now(), this.retentionMs, instanceId],
    );
    return added === 0;
  }

  async deadInstances(): Promise<string[]> {
    return strings(await scripts.dead.run(this.redis, [this.k.instances], [this.now(), this.livenessMs]));
  }

  reapInstance(instanceId: string): Promise<AffectedUser[]> {
    return this.reap(instanceId, this.livenessMs);
  }

  removeInstance(instanceId: string): Promise<AffectedUser[]> {
    return this.reap(instanceId, "");
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit();
  }

  private async reap(instanceId: string, livenessMs: number | ""): Promise<AffectedUser[]> {
    const pairs = strings(
      await scripts.reap.run(
        this.redis,
        [this.k.instances, this.k.inst(instanceId)],
        [this.now(), livenessMs, instanceId, this.p],
      ),
    );
    return pairs.map((pair) => {
      const [workspaceId, userId] = pair.split("\t");
      return { workspaceId, userId };
    });
  }

  /** The injected clock as an argument, or "" so that the script reads Redis TIME. */
  private now(): Arg {
    return this.clock ? this.clock() : "";
  }

  private member(c: ConnectionRef): string {
    return `${c.workspaceId}\t${c.userId}\t${c.connId}`;
  }

}
