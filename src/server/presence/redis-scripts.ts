/*
 * Lua scripts of the Redis presence store: each change is one script, so it is atomic and costs
 * one round trip. `settle` mirrors engine.transition line by line; the store contract tests hold
 * both stores to the same results.
 *
 * Cluster-ready: every key a script touches comes in KEYS (none is built inside Lua), and the
 * keys of one call share a hash tag, so the same scripts run on one Redis and on a Redis Cluster
 * (docs/REDIS-CLUSTER.md). Users are spread over BUCKETS buckets by a hash of their id; a user's
 * keys carry the tag of their bucket, so a busy workspace's users spread over every master.
 *
 * Key layout (P = prefix; T = the user's bucket tag "{b<k>}"; ids contain no ':', '|' or whitespace):
 *   P T epoch                string  version of the bucket's users without state; set anew when lost
 *   P T ix                   zset    "<instanceId>\t<ws>\t<user>\t<conn>", score 0: the bucket's
 *                                    connections by instance (a lexicographic range per instance),
 *                                    and "<instanceId>\t": the instance has had connections here
 *   P T conns:<ws>:<user>    hash    connId -> "<flag><instanceId>"; flag: 0 active, 1 idle (desktop),
 *                                    m active, n idle (mobile browser)
 *   P T st:<ws>              hash    userId -> "version|publicVersion|status|lastSeen|publicLastSeen"
 *   P T dev:<ws>             hash    userId -> devices of the user's connections (desktop, mobile, both)
 *   P T modes                hash    userId -> mode (the database keeps the durable copy)
 *   P T ufx                  hash    userId -> "<dndUntil>\t<custom expiry>\t<custom status JSON>": what the
 *                                    user chose to show (ms; '' = none); '' when both are none
 *   P T alv                  hash    userId -> allowlist version, ms
 *   P T uws:<user>           set     workspaces where the user has state
 *   P {g}instances           zset    instanceId -> liveness deadline, ms
 *   P {g}beats               hash    instanceId -> last beat, ms; absent for an instance registered by a
 *                                    connection, not yet by a beat
 *   P {g}reaping             hash    instanceId -> "<claim deadline>|<last beat>": a reap in progress
 *   P {g}ib:<instanceId>     set     buckets where the instance has connections
 * Versions are counters (engine.nextVersion): they order one user's changes and tell no time.
 * Users without state get their bucket's epoch, set from the clock when the bucket has none (after
 * data loss, so new versions beat every version a client holds). The epoch lives next to the
 * states it versions: a master that restarts empty loses both together.
 * ARGV[1] = now in ms ("" = the Redis server's TIME, so instances with skewed clocks agree).
 *
 * Bucket scripts take groups: per group the bucket's five keys (modes, ufx, alv, epoch, ix) and per
 * item four (uws, st, dev, conns); ARGV gives per group its item count, then each item's values.
 * On one Redis a batch of many buckets is one call; on a cluster, one call per bucket.
 */

/** Users are spread over this many buckets (hash tags). Changing it moves every key: presence is rebuilt. */
export const BUCKETS = 64;
/** Keys per bucket in a group, and per item. */
export const BUCKET_KEYS = 5;
export const ITEM_KEYS = 4;

/** Every script's clock (ARGV[1], else the server's TIME) and number format. */
const CLOCK = `
local NOW = tonumber(ARGV[1])
if not NOW then
  local t = redis.call('TIME')
  NOW = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function fmt(n) if n == nil then return '' end return string.format('%.0f', n) end
`;

/** The scripts of the users' buckets. */
const LIB = `${CLOCK}local function num(s) if s == nil or s == false or s == '' then return nil end return tonumber(s) end
-- The bucket in use (its keys from KEYS[k]) and one item's keys (from KEYS[k]).
local B = nil
local function bucket(k) B = { modes = KEYS[k], ufx = KEYS[k + 1], alv = KEYS[k + 2], epoch = KEYS[k + 3], ix = KEYS[k + 4] } end
local function item(k, ws, user) return { ws = ws, user = user, uws = KEYS[k], st = KEYS[k + 1], dev = KEYS[k + 2], conns = KEYS[k + 3] } end
local function ix_member(inst, it, conn) return inst .. '\\t' .. it.ws .. '\\t' .. it.user .. '\\t' .. conn end
local function epoch()
  local e = redis.call('GET', B.epoch)
  if not e then e = fmt(NOW * 1000); redis.call('SET', B.epoch, e) end
  return tonumber(e)
end
-- engine.nextVersion: one more, or the next block when outsiders catch up on hidden changes.
local BLOCK = 65536
local function next_version(b, to_outsiders)
  local n = b.v + 1
  if to_outsiders and b.pv < b.v then n = math.ceil(n / BLOCK) * BLOCK end
  return n
end
-- The stored mode; a seed (from the database) is stored only when there is none.
local function mode_of(user, seed)
  local m = redis.call('HGET', B.modes, user)
  if m then return m end
  if seed and seed ~= '' then redis.call('HSET', B.modes, user, seed); return seed end
  return 'auto'
end
-- The user's shown fields (P ufx); a seed (from the database) is stored only when there is none.
local function fields_of(user, seed)
  local x = redis.call('HGET', B.ufx, user)
  if x then return x end
  if seed and seed ~= '' then redis.call('HSET', B.ufx, user, seed); return seed end
  return ''
end
local function split_fields(x)
  if x == '' then return '', '', '' end
  local du, ex, body = string.match(x, '^([^\\t]*)\\t([^\\t]*)\\t(.*)$')
  return du or '', ex or '', body or ''
end
local function join_fields(du, ex, body)
  if du == '' and body == '' then return '' end
  return du .. '\\t' .. ex .. '\\t' .. body
end
local function load_state(it, x, seed_ls, seed_pls)
  local raw = redis.call('HGET', it.st, it.user)
  if raw then
    local v, pv, st, ls, pls = string.match(raw, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
    local dev = redis.call('HGET', it.dev, it.user) or ''
    return { v = tonumber(v), pv = tonumber(pv), status = st, ls = num(ls), pls = num(pls), dev = dev, x = x }, true
  end
  local e = epoch()
  return { v = e, pv = e, status = 'offline', ls = num(seed_ls), pls = num(seed_pls), dev = '', x = x }, false
end
-- engine.realStatus and engine.devicesOf over the connection flags, in one read.
local function real_status(mode, ck, du)
  local vals = redis.call('HVALS', ck)
  if #vals == 0 then return 'offline', '' end
  local active, mobile = false, 0
  for _, v in ipairs(vals) do
    local f = string.sub(v, 1, 1)
    if f == '0' or f == 'm' then active = true end
    if f == 'm' or f == 'n' then mobile = mobile + 1 end
  end
  local dev = 'both'
  if mobile == 0 then dev = 'desktop' elseif mobile == #vals then dev = 'mobile' end
  if mode == 'dnd' or mode == 'away' then return mode, dev end
  if mode == 'invisible' and du ~= '' then return 'dnd', dev end
  if active then return 'active', dev end
  return 'away', dev
end
-- engine.view's custom status (unless expired) and do-not-disturb end (while dnd).
local function fields_view(s)
  local du, ex, body = split_fields(s.x)
  local e = num(ex)
  if e and e <= NOW then body = '' end
  if s.status ~= 'dnd' then du = '' end
  return du .. '\\t' .. body
end
local function priv_view(s)
  if s.status == 'offline' then return 'offline|' .. fmt(s.ls) .. '|' .. fields_view(s) end
  return s.status .. '|' .. s.dev .. '|' .. fields_view(s)
end
local function pub_view(mode, s)
  if mode == 'invisible' then return 'offline|' .. fmt(s.pls) end
  return priv_view(s)
end
-- engine.transition: status, last seen, versions; stores the result, returns the change.
-- regroup: nil, 'allowlist' (an invisible user's private version moves) or 'privacy' (both move).
local function settle(it, mode_before, b, held, mode_after, x_after, ended_at, regroup)
  local du_after = split_fields(x_after)
  local status, dev = real_status(mode_after, it.conns, du_after)
  local a = { v = b.v, pv = b.pv, status = status, ls = b.ls, pls = b.pls, dev = dev, x = x_after }
  if b.status ~= 'offline' and status == 'offline' then
    a.ls = ended_at or NOW
    if mode_after ~= 'invisible' then a.pls = a.ls end
  elseif mode_after == 'invisible' and mode_before ~= 'invisible' and status ~= 'offline' then
    a.pls = NOW
  end
  local priv = regroup == 'privacy' or priv_view(b) ~= priv_view(a)
  local pub = regroup == 'privacy' or pub_view(mode_before, b) ~= pub_view(mode_after, a)
  if priv or pub or (regroup == 'allowlist' and mode_after == 'invisible') then
    a.v = next_version(b, pub)
    if pub or mode_after ~= 'invisible' then a.pv = a.v end
  end
  if held or a.v ~= b.v then
    redis.call('HSET', it.st, it.user, fmt(a.v) .. '|' .. fmt(a.pv) .. '|' .. a.status .. '|' .. fmt(a.ls) .. '|' .. fmt(a.pls))
    redis.call('SADD', it.uws, it.ws)
    if a.dev == '' then redis.call('HDEL', it.dev, it.user)
    elseif a.dev ~= b.dev or not held then redis.call('HSET', it.dev, it.user, a.dev) end
  end
  local alv = redis.call('HGET', B.alv, it.user) or '0'
  return { it.ws, it.user, mode_before, fmt(b.v), fmt(b.pv), b.status, fmt(b.ls), fmt(b.pls),
           mode_after, fmt(a.v), fmt(a.pv), a.status, fmt(a.ls), fmt(a.pls), alv, b.dev, a.dev, b.x, a.x }
end
local function append(out, rec) for _, x in ipairs(rec) do out[#out + 1] = x end end
-- A user-wide change is applied in the workspaces the caller declared (ARGV from 'from', items
-- from KEYS[7]); the caller read uws first. If uws now holds one it did not declare (a connect
-- raced it), nothing is written and the caller asks again.
local function declared(from)
  local list, seen = {}, {}
  for i = from, #ARGV do list[#list + 1] = ARGV[i]; seen[ARGV[i]] = true end
  for _, ws in ipairs(redis.call('SMEMBERS', KEYS[6])) do
    if not seen[ws] then return nil end
  end
  return list
end
`;

/** Fields per change record returned by a script. */
export const CHANGE_FIELDS = 19;

// KEYS: bucket (1-5), item (6-9). ARGV: 2 instanceId, 3 ws, 4 user, 5 conn, 6 connection flag,
// 7 seed mode, 8 seed ls, 9 seed pls, 10 seed fields, 11 replaces. The instance registers in {g} first (REGISTER).
export const ADD = `${LIB}
bucket(1)
local it = item(6, ARGV[3], ARGV[4])
local inst, conn = ARGV[2], ARGV[5]
local mode = mode_of(it.user, ARGV[7])
local x = fields_of(it.user, ARGV[10])
local b, held = load_state(it, x, ARGV[8], ARGV[9])
if ARGV[11] ~= '' and ARGV[11] ~= conn then
  local old = redis.call('HGET', it.conns, ARGV[11])
  if old then
    redis.call('HDEL', it.conns, ARGV[11])
    redis.call('ZREM', B.ix, ix_member(string.sub(old, 2), it, ARGV[11]))
  end
end
redis.call('ZADD', B.ix, 0, ix_member(inst, it, conn))
-- The instance's mark in the bucket: a heartbeat on a cluster finds it gone when this bucket's
-- master restarted empty (a loss the other masters do not see).
redis.call('ZADD', B.ix, 0, inst .. '\\t')
redis.call('HSET', it.conns, conn, ARGV[6] .. inst)
return settle(it, mode, b, held, mode, x, nil, nil)`;

// Flips (setIdle), in order. KEYS: groups of a bucket and its items. ARGV from 2: per group the
// item count, then per item ws, user, conn, instanceId, connection flag. Per connection: '0'
// (unknown here), or '1' and its change record.
export const SET_IDLE = `${LIB}
local out = {}
local k, a = 1, 2
while a <= #ARGV do
  bucket(k)
  k = k + ${BUCKET_KEYS}
  local n = tonumber(ARGV[a]); a = a + 1
  for _ = 1, n do
    local it = item(k, ARGV[a], ARGV[a + 1])
    local conn, inst, flag = ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
    k, a = k + ${ITEM_KEYS}, a + 5
    local v = redis.call('HGET', it.conns, conn)
    if (not v) or string.sub(v, 2) ~= inst then
      out[#out + 1] = '0'
    else
      local mode = mode_of(it.user, nil)
      local x = fields_of(it.user, nil)
      local b, held = load_state(it, x, '', '')
      redis.call('HSET', it.conns, conn, flag .. inst)
      out[#out + 1] = '1'
      append(out, settle(it, mode, b, held, mode, x, nil, nil))
    end
  end
end
return out`;

// KEYS: bucket (1-5), item (6-9). ARGV: 2 ws, 3 user, 4 conn, 5 instanceId, 6 endedAt
export const REMOVE = `${LIB}
bucket(1)
local it = item(6, ARGV[2], ARGV[3])
local conn, inst = ARGV[4], ARGV[5]
local mode = mode_of(it.user, nil)
local x = fields_of(it.user, nil)
local b, held = load_state(it, x, '', '')
local v = redis.call('HGET', it.conns, conn)
if v and string.sub(v, 2) == inst then redis.call('HDEL', it.conns, conn)
elseif not held then
  -- The store lost this user (Redis restarted) or never got the connection (it was down): the
  -- user was there through this connection until endedAt, so their going offline is recorded.
  b.status = 'away'
end
redis.call('ZREM', B.ix, ix_member(inst, it, conn))
return settle(it, mode, b, held, mode, x, tonumber(ARGV[6]), nil)`;

// KEYS: bucket (1-5), 6 uws:<user>, items from 7 (one per workspace, in ARGV's order).
// ARGV: 2 user, 3 "mode", "custom" or "privacy", 4 the mode, or the custom status as "<expiry>\t<JSON>"
// ('' = none), 5 dndUntil with a mode ('' = none), 6 seed mode, 7 seed ls, 8 seed pls, 9 seed fields,
// 10.. workspaceIds. Returns {'again'} when uws holds an undeclared workspace.
export const SET_USER = `${LIB}
bucket(1)
local user = ARGV[2]
local list = declared(10)
if not list then return { 'again' } end
local before = mode_of(user, ARGV[6])
local x = fields_of(user, ARGV[9])
local du, ex, body = split_fields(x)
local mode = before
local regroup = nil
if ARGV[3] == 'mode' then
  mode = ARGV[4]
  du = ARGV[5]
elseif ARGV[3] == 'privacy' then
  regroup = 'privacy'
else
  ex, body = '', ''
  if ARGV[4] ~= '' then ex, body = string.match(ARGV[4], '^([^\\t]*)\\t(.*)$') end
end
local x_after = join_fields(du, ex, body)
local out = {}
for i, ws in ipairs(list) do
  local it = item(7 + (i - 1) * ${ITEM_KEYS}, ws, user)
  local b, held = load_state(it, x, ARGV[7], ARGV[8])
  append(out, settle(it, before, b, held, mode, x_after, nil, regroup))
end
redis.call('HSET', B.modes, user, mode)
-- '' is kept (not deleted): "none", so a stale seed from the database never brings a cleared status back.
redis.call('HSET', B.ufx, user, x_after)
return out`;

// KEYS as SET_USER. ARGV: 2 user, 3 seed mode, 4 seed ls, 5 seed pls, 6 seed fields, 7.. workspaceIds
export const ALLOWLIST = `${LIB}
bucket(1)
local user = ARGV[2]
local list = declared(7)
if not list then return { 'again' } end
local mode = mode_of(user, ARGV[3])
local x = fields_of(user, ARGV[6])
local alv = tonumber(redis.call('HGET', B.alv, user) or '0')
if NOW > alv then alv = NOW else alv = alv + 1 end
redis.call('HSET', B.alv, user, fmt(alv))
local out = {}
for i, ws in ipairs(list) do
  local it = item(7 + (i - 1) * ${ITEM_KEYS}, ws, user)
  local b, held = load_state(it, x, ARGV[4], ARGV[5])
  append(out, settle(it, mode, b, held, mode, x, nil, 'allowlist'))
end
return out`;

// KEYS: groups of six per bucket: st:<ws>, dev:<ws>, modes, alv, ufx, epoch. ARGV: 2 "1": state of
// the requested users only (else every user the bucket holds in ws), then per group the count of
// requested users and their ids. Per group: epoch, count, (user, state, mode ('' = none stored),
// alv, devices, fields) x count, then the requested users the store holds no state of here but
// knows a mode or fields of: count, (user, mode, fields) x count. (Offline members with nothing
// stored cost no reply: a big workspace is mostly them.)
export const READ = `${LIB}
-- HMGET in chunks (unpack is bounded by Lua's stack): false for a missing field.
local function hmget(key, ids)
  local got = {}
  for i = 1, #ids, 4000 do
    local part = redis.call('HMGET', key, unpack(ids, i, math.min(i + 3999, #ids)))
    for j = 1, #part do got[#got + 1] = part[j] end
  end
  return got
end
local out = {}
local k, a = 1, 3
while a <= #ARGV do
  local st_key, dev_key = KEYS[k], KEYS[k + 1]
  B = { modes = KEYS[k + 2], alv = KEYS[k + 3], ufx = KEYS[k + 4], epoch = KEYS[k + 5] }
  k = k + 6
  local n = tonumber(ARGV[a])
  local asked = {}
  for i = a + 1, a + n do asked[#asked + 1] = ARGV[i] end
  a = a + n + 1
  out[#out + 1] = fmt(epoch())
  local held, states, dev = {}, {}, {}
  if ARGV[2] == '1' then
    if n > 0 then
      local st, dv = hmget(st_key, asked), hmget(dev_key, asked)
      for j, user in ipairs(asked) do
        if st[j] then
          held[#held + 1] = user
          states[#states + 1] = st[j]
          if dv[j] then dev[user] = dv[j] end
        end
      end
    end
  else
    local st = redis.call('HGETALL', st_key)
    local d = redis.call('HGETALL', dev_key)
    for i = 1, #d, 2 do dev[d[i]] = d[i + 1] end
    for i = 1, #st, 2 do
      held[#held + 1] = st[i]
      states[#states + 1] = st[i + 1]
    end
  end
  out[#out + 1] = tostring(#held)
  if #held > 0 then
    local modes, alv, ufx = hmget(B.modes, held), hmget(B.alv, held), hmget(B.ufx, held)
    for j, user in ipairs(held) do
      out[#out + 1] = user
      out[#out + 1] = states[j]
      out[#out + 1] = modes[j] or ''
      out[#out + 1] = alv[j] or '0'
      out[#out + 1] = dev[user] or ''
      out[#out + 1] = ufx[j] or ''
    end
  end
  local rest = {}
  if n > 0 then
    local is_held = {}
    for _, user in ipairs(held) do is_held[user] = true end
    for _, user in ipairs(asked) do
      if not is_held[user] then rest[#rest + 1] = user end
    end
  end
  local count_at = #out + 1
  out[count_at] = '0'
  if #rest > 0 then
    local amodes, aufx = hmget(B.modes, rest), hmget(B.ufx, rest)
    local c = 0
    for j = 1, #rest do
      if amodes[j] or aufx[j] then
        c = c + 1
        out[#out + 1] = rest[j]
        out[#out + 1] = amodes[j] or ''
        out[#out + 1] = aufx[j] or ''
      end
    end
    out[count_at] = tostring(c)
  end
end
return out`;

// A dead instance's connections in its buckets, after its claim (CLAIM). KEYS and ARGV from 4 as
// SET_IDLE's groups, items: ws, user, conn. ARGV: 2 instanceId, 3 last beat. A connection is removed
// only if it still names the instance (idempotent: a second reaper finds nothing left).
export const REAP = `${LIB}
local inst, last = ARGV[2], tonumber(ARGV[3])
local out = {}
local k, a = 1, 4
while a <= #ARGV do
  bucket(k)
  k = k + ${BUCKET_KEYS}
  local n = tonumber(ARGV[a]); a = a + 1
  local users, order = {}, {}
  for _ = 1, n do
    local it = item(k, ARGV[a], ARGV[a + 1])
    local conn = ARGV[a + 2]
    k, a = k + ${ITEM_KEYS}, a + 3
    local key = it.ws .. '\\t' .. it.user
    if not users[key] then users[key] = it; order[#order + 1] = key end
    local v = redis.call('HGET', it.conns, conn)
    if v and string.sub(v, 2) == inst then redis.call('HDEL', it.conns, conn) end
    redis.call('ZREM', B.ix, ix_member(inst, it, conn))
  end
  for _, key in ipairs(order) do
    local it = users[key]
    local mode = mode_of(it.user, nil)
    local x = fields_of(it.user, nil)
    local b, held = load_state(it, x, '', '')
    append(out, settle(it, mode, b, held, mode, x, last, nil))
  end
end
return out`;

/** The scripts of the instances' liveness ({g}). */
const GLOBAL = CLOCK;

// KEYS: 1 {g}instances, 2 {g}reaping, 3 {g}ib:<inst>. ARGV: 2 instanceId, 3 livenessMs, 4.. buckets.
// 0 while the instance is being reaped (its connections wait for the reap to end), else 1.
export const REGISTER = `${GLOBAL}
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 0 end
-- Registered by a connection (first sight, or after a reap or data loss): the next heartbeat
-- reports "unknown", so the instance adds all its connections again.
redis.call('ZADD', KEYS[1], 'NX', NOW + tonumber(ARGV[3]), ARGV[2])
for i = 4, #ARGV do redis.call('SADD', KEYS[3], ARGV[i]) end
return 1`;

// KEYS: 1 {g}instances, 2 {g}beats, 3 {g}reaping. ARGV: 2 instanceId, 3 livenessMs.
// 1 known (registered by a beat before), 0 unknown (the caller adds its connections again).
// While the instance is being reaped: 1 and nothing written (the first beat after the reap is
// "unknown"); 3 if that reap's claim lapsed (its reaper died): the instance finishes it itself.
export const HEARTBEAT = `${GLOBAL}
local inst = ARGV[2]
local claim = redis.call('HGET', KEYS[3], inst)
if claim then
  if tonumber(string.match(claim, '^([^|]*)')) < NOW then return 3 end
  return 1
end
-- The deadline only moves forward (a retiring instance keeps its later one); a new beats field
-- means nobody knew this instance's beats.
redis.call('ZADD', KEYS[1], 'GT', NOW + tonumber(ARGV[3]), inst)
local fresh = redis.call('HSET', KEYS[2], inst, fmt(NOW))
if fresh == 0 then return 1 end
return 0`;

// KEYS: 1 {g}instances. Lapsed instances, and reaps whose claim lapsed (a reaper died): a claimed
// instance stays in {g}instances with the claim's deadline, so one range read finds both (the
// reaper's idle poll is this one command).
export const DEAD = `${GLOBAL}
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. fmt(NOW))`;

// KEYS: 1 {g}instances, 2 {g}beats, 3 {g}reaping, 4 {g}ib:<inst>. ARGV: 2 instanceId, 3 claimMs.
// Only one caller gets a dead instance (or a reap whose claim lapsed): {'1', last beat, buckets...}; else {}.
export const CLAIM = `${GLOBAL}
local inst = ARGV[2]
local until_ms = fmt(NOW + tonumber(ARGV[3]))
local claim = redis.call('HGET', KEYS[3], inst)
if claim then
  local deadline, last = string.match(claim, '^([^|]*)|(.*)$')
  if tonumber(deadline) >= NOW then return {} end
  redis.call('HSET', KEYS[3], inst, until_ms .. '|' .. last)
  redis.call('ZADD', KEYS[1], until_ms, inst)
  local out = { '1', last }
  for _, b in ipairs(redis.call('SMEMBERS', KEYS[4])) do out[#out + 1] = b end
  return out
end
local s = redis.call('ZSCORE', KEYS[1], inst)
if (not s) or tonumber(s) >= NOW then return {} end
redis.call('ZADD', KEYS[1], until_ms, inst)
local last = redis.call('HGET', KEYS[2], inst) or fmt(NOW)
redis.call('HDEL', KEYS[2], inst)
redis.call('HSET', KEYS[3], inst, until_ms .. '|' .. last)
local out = { '1', last }
for _, b in ipairs(redis.call('SMEMBERS', KEYS[4])) do out[#out + 1] = b end
return out`;

// KEYS: 1 {g}reaping, 2 {g}ib:<inst>, 3 {g}instances. ARGV: 2 instanceId. The reap is over: the
// instance may register again.
export const RELEASE = `${GLOBAL}
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[2])
return 1`;

// KEYS: 1 {g}instances, 2 {g}beats. ARGV: 2 instanceId, 3 graceMs
export const RETIRE = `${GLOBAL}
redis.call('ZADD', KEYS[1], NOW + tonumber(ARGV[3]), ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], fmt(NOW))
return 1`;
