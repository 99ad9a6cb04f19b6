/*
 * Lua scripts of the Redis presence store: each change is one script, so it is atomic and costs
 * one round trip. `settle` mirrors engine.transition line by line; the store contract tests hold
 * both stores to the same results.
 *
 * Key layout (P = prefix; ids contain no ':', '|' or whitespace):
 *   P epoch               string  version of users without state; set anew when Redis lost its data
 *   P instances           zset    instanceId -> liveness deadline, ms (last beat + its livenessMs; later while retiring)
 *   P beats               hash    instanceId -> last beat, ms (last seen of users it served);
 *                                 absent for an instance registered by a connection, not yet by a beat
 *   P inst:<instanceId>   set     "<ws>\t<user>\t<conn>"; PEXPIRE retention on each beat
 *   P conns:<ws>:<user>   hash    connId -> "<flag><instanceId>"; flag: 0 active, 1 idle (desktop),
 *                                 m active, n idle (mobile browser)
 *   P st:<ws>             hash    userId -> "version|publicVersion|status|lastSeen|publicLastSeen"
 *   P dev:<ws>            hash    userId -> devices of the user's connections (desktop, mobile, both);
 *                                 part of the state, kept apart so the formats above stay as they were
 *   P modes               hash    userId -> mode (the database keeps the durable copy)
 *   P ufx                 hash    userId -> "<dndUntil>\t<custom expiry>\t<custom status JSON>": what the
 *                                 user chose to show (ms; '' = none); '' when both are none
 *   P alv                 hash    userId -> allowlist version, ms
 *   P uws:<user>          set     workspaces where the user has state
 * Versions are counters (engine.nextVersion): they order one user's changes and tell no time.
 * Users without state get the epoch, set from the clock when Redis has none (after data loss,
 * so new versions beat every version a client holds).
 * Every script takes ARGV[1] = prefix and ARGV[2] = now in ms ("" = the Redis server's TIME,
 * so instances with skewed clocks agree). Standalone Redis only (keys are derived in scripts).
 */

const LIB = `
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
if not NOW then
  local t = redis.call('TIME')
  NOW = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function fmt(n) if n == nil then return '' end return string.format('%.0f', n) end
local function num(s) if s == nil or s == false or s == '' then return nil end return tonumber(s) end
local function epoch()
  local e = redis.call('GET', P .. 'epoch')
  if not e then e = fmt(NOW * 1000); redis.call('SET', P .. 'epoch', e) end
  return tonumber(e)
end
-- engine.nextVersion: one more, or the next block when outsiders catch up on hidden changes.
local BLOCK = 65536
local function next_version(b, to_outsiders)
  local n = b.v + 1
  if to_outsiders and b.pv < b.v then n = math.ceil(n / BLOCK) * BLOCK end
  return n
end
local function conns_key(ws, user) return P .. 'conns:' .. ws .. ':' .. user end
-- The stored mode; a seed (from the database) is stored only when there is none.
local function mode_of(user, seed)
  local m = redis.call('HGET', P .. 'modes', user)
  if m then return m end
  if seed and seed ~= '' then redis.call('HSET', P .. 'modes', user, seed); return seed end
  return 'auto'
end
-- The user's shown fields (P ufx); a seed (from the database) is stored only when there is none.
local function fields_of(user, seed)
  local x = redis.call('HGET', P .. 'ufx', user)
  if x then return x end
  if seed and seed ~= '' then redis.call('HSET', P .. 'ufx', user, seed); return seed end
  return ''
end
local function split_fields(x)
  if x == '' then return '', '', '' end
  local du, ex, body = string.match(x, '^([^\t]*)\t([^\t]*)\t(.*)$')
  return du or '', ex or '', body or ''
end
local function join_fields(du, ex, body)
  if du == '' and body == '' then return '' end
  return du .. '\t' .. ex .. '\t' .. body
end
local function load_state(ws, user, x, seed_ls, seed_pls)
  local raw = redis.call('HGET', P .. 'st:' .. ws, user)
  if raw then
    local v, pv, st, ls, pls = string.match(raw, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
    local dev = redis.call('HGET', P .. 'dev:' .. ws, user) or ''
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
  return du .. '\t' .. body
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
local function settle(ws, user, mode_before, b, held, mode_after, x_after, ended_at, regroup)
  local du_after = split_fields(x_after)
  local status, dev = real_status(mode_after, conns_key(ws, user), du_after)
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
    redis.call('HSET', P .. 'st:' .. ws, user, fmt(a.v) .. '|' .. fmt(a.pv) .. '|' .. a.status .. '|' .. fmt(a.ls) .. '|' .. fmt(a.pls))
    redis.call('SADD', P .. 'uws:' .. user, ws)
    if a.dev == '' then redis.call('HDEL', P .. 'dev:' .. ws, user)
    elseif a.dev ~= b.dev or not held then redis.call('HSET', P .. 'dev:' .. ws, user, a.dev) end
  end
  local alv = redis.call('HGET', P .. 'alv', user) or '0'
  return { ws, user, mode_before, fmt(b.v), fmt(b.pv), b.status, fmt(b.ls), fmt(b.pls),
           mode_after, fmt(a.v), fmt(a.pv), a.status, fmt(a.ls), fmt(a.pls), alv, b.dev, a.dev, b.x, a.x }
end
local function append(out, rec) for _, x in ipairs(rec) do out[#out + 1] = x end end
-- Workspaces to apply a user-wide change in: the given ones and every one the store holds.
local function workspaces(user, from)
  local list, seen = {}, {}
  for i = from, #ARGV do if not seen[ARGV[i]] then seen[ARGV[i]] = true; list[#list + 1] = ARGV[i] end end
  for _, ws in ipairs(redis.call('SMEMBERS', P .. 'uws:' .. user)) do
    if not seen[ws] then seen[ws] = true; list[#list + 1] = ws end
  end
  return list
end
`;

/** Fields per change record returned by a script. */
export const CHANGE_FIELDS = 19;

// ARGV: 3 instanceId, 4 retentionMs, 5 ws, 6 user, 7 conn, 8 connection flag, 9 seed mode, 10 seed ls, 11 seed pls,
// 12 seed fields, 13 replaces, 14 livenessMs
export const ADD = `${LIB}
local inst, ws, user, conn = ARGV[3], ARGV[5], ARGV[6], ARGV[7]
local mode = mode_of(user, ARGV[9])
local x = fields_of(user, ARGV[12])
local b, held = load_state(ws, user, x, ARGV[10], ARGV[11])
local ck = conns_key(ws, user)
if ARGV[13] ~= '' and ARGV[13] ~= conn then
  local old = redis.call('HGET', ck, ARGV[13])
  if old then
    redis.call('HDEL', ck, ARGV[13])
    redis.call('SREM', P .. 'inst:' .. string.sub(old, 2), ws .. '\\t' .. user .. '\\t' .. ARGV[13])
  end
end
if not redis.call('ZSCORE', P .. 'instances', inst) then
  -- Registered by a connection (first sight, or after a reap or data loss): the next heartbeat
  -- reports "unknown", so the instance adds all its connections again.
  redis.call('ZADD', P .. 'instances', NOW + tonumber(ARGV[14]), inst)
end
redis.call('SADD', P .. 'inst:' .. inst, ws .. '\\t' .. user .. '\\t' .. conn)
redis.call('PEXPIRE', P .. 'inst:' .. inst, ARGV[4])
redis.call('HSET', ck, conn, ARGV[8] .. inst)
return settle(ws, user, mode, b, held, mode, x, nil, nil)`;

// ARGV: 3 ws, 4 user, 5 conn, 6 instanceId, 7 connection flag. Nil if the connection is unknown here.
export const SET_IDLE = `${LIB}
local ws, user, conn, inst = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local ck = conns_key(ws, user)
local v = redis.call('HGET', ck, conn)
if (not v) or string.sub(v, 2) ~= inst then return false end
local mode = mode_of(user, nil)
local x = fields_of(user, nil)
local b, held = load_state(ws, user, x, '', '')
redis.call('HSET', ck, conn, ARGV[7] .. inst)
return settle(ws, user, mode, b, held, mode, x, nil, nil)`;

// SET_IDLE for many connections in one call (the flips of one tick), in order. ARGV from 3: groups
// of ws, user, conn, instanceId, connection flag. Per connection: '0' (unknown here), or '1' and
// its change record.
export const SET_IDLE_MANY = `${LIB}
local out = {}
for i = 3, #ARGV, 5 do
  local ws, user, conn, inst = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local ck = conns_key(ws, user)
  local v = redis.call('HGET', ck, conn)
  if (not v) or string.sub(v, 2) ~= inst then
    out[#out + 1] = '0'
  else
    local mode = mode_of(user, nil)
    local x = fields_of(user, nil)
    local b, held = load_state(ws, user, x, '', '')
    redis.call('HSET', ck, conn, ARGV[i + 4] .. inst)
    out[#out + 1] = '1'
    for _, f in ipairs(settle(ws, user, mode, b, held, mode, x, nil, nil)) do out[#out + 1] = f end
  end
end
return out`;

// ARGV: 3 ws, 4 user, 5 conn, 6 instanceId, 7 endedAt
export const REMOVE = `${LIB}
local ws, user, conn, inst = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local ck = conns_key(ws, user)
local mode = mode_of(user, nil)
local x = fields_of(user, nil)
local b, held = load_state(ws, user, x, '', '')
local v = redis.call('HGET', ck, conn)
if v and string.sub(v, 2) == inst then redis.call('HDEL', ck, conn)
elseif not held then
  -- The store lost this user (Redis restarted) or never got the connection (it was down): the
  -- user was there through this connection until endedAt, so their going offline is recorded.
  b.status = 'away'
end
redis.call('SREM', P .. 'inst:' .. inst, ws .. '\\t' .. user .. '\\t' .. conn)
return settle(ws, user, mode, b, held, mode, x, tonumber(ARGV[7]), nil)`;

// ARGV: 3 user, 4 "mode", "custom" or "privacy", 5 the mode, or the custom status as "<expiry>\t<JSON>" ('' = none),
// 6 dndUntil with a mode ('' = none), 7 seed mode, 8 seed ls, 9 seed pls, 10 seed fields, 11.. workspaceIds
export const SET_USER = `${LIB}
local user = ARGV[3]
local before = mode_of(user, ARGV[7])
local x = fields_of(user, ARGV[10])
local du, ex, body = split_fields(x)
local mode = before
local regroup = nil
if ARGV[4] == 'mode' then
  mode = ARGV[5]
  du = ARGV[6]
elseif ARGV[4] == 'privacy' then
  regroup = 'privacy'
else
  ex, body = '', ''
  if ARGV[5] ~= '' then ex, body = string.match(ARGV[5], '^([^\\t]*)\\t(.*)$') end
end
local x_after = join_fields(du, ex, body)
local out = {}
for _, ws in ipairs(workspaces(user, 11)) do
  local b, held = load_state(ws, user, x, ARGV[8], ARGV[9])
  append(out, settle(ws, user, before, b, held, mode, x_after, nil, regroup))
end
redis.call('HSET', P .. 'modes', user, mode)
-- '' is kept (not deleted): "none", so a stale seed from the database never brings a cleared status back.
redis.call('HSET', P .. 'ufx', user, x_after)
return out`;

// ARGV: 3 user, 4 unused, 5 seed mode, 6 seed ls, 7 seed pls, 8 seed fields, 9.. workspaceIds
export const ALLOWLIST = `${LIB}
local user = ARGV[3]
local mode = mode_of(user, ARGV[5])
local x = fields_of(user, ARGV[8])
local alv = tonumber(redis.call('HGET', P .. 'alv', user) or '0')
if NOW > alv then alv = NOW else alv = alv + 1 end
redis.call('HSET', P .. 'alv', user, fmt(alv))
local out = {}
for _, ws in ipairs(workspaces(user, 9)) do
  local b, held = load_state(ws, user, x, ARGV[6], ARGV[7])
  append(out, settle(ws, user, mode, b, held, mode, x, nil, 'allowlist'))
end
return out`;

// ARGV: 3 ws, 4 "1": state of the requested users only (else every user held in ws), 5.. userIds whose
// modes to return. Returns epoch, count, (user, state, mode, alv, devices, fields) x count, (mode, fields) per
// requested user.
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
local ws = ARGV[3]
local asked = {}
for i = 5, #ARGV do asked[#asked + 1] = ARGV[i] end
local out = { fmt(epoch()) }
local held, states, dev = {}, {}, {}
if ARGV[4] == '1' then
  local st, dv = hmget(P .. 'st:' .. ws, asked), hmget(P .. 'dev:' .. ws, asked)
  for k, user in ipairs(asked) do
    if st[k] then
      held[#held + 1] = user
      states[#states + 1] = st[k]
      if dv[k] then dev[user] = dv[k] end
    end
  end
else
  local st = redis.call('HGETALL', P .. 'st:' .. ws)
  local d = redis.call('HGETALL', P .. 'dev:' .. ws)
  for i = 1, #d, 2 do dev[d[i]] = d[i + 1] end
  for i = 1, #st, 2 do
    held[#held + 1] = st[i]
    states[#states + 1] = st[i + 1]
  end
end
local modes, alv, ufx = hmget(P .. 'modes', held), hmget(P .. 'alv', held), hmget(P .. 'ufx', held)
out[2] = tostring(#held)
for k, user in ipairs(held) do
  out[#out + 1] = user
  out[#out + 1] = states[k]
  out[#out + 1] = modes[k] or 'auto'
  out[#out + 1] = alv[k] or '0'
  out[#out + 1] = dev[user] or ''
  out[#out + 1] = ufx[k] or ''
end
local amodes, aufx = hmget(P .. 'modes', asked), hmget(P .. 'ufx', asked)
for k = 1, #asked do
  out[#out + 1] = amodes[k] or ''
  out[#out + 1] = aufx[k] or ''
end
return out`;

// ARGV: 3 instanceId, 4 retentionMs, 5 livenessMs. Returns 1 if the instance was registered by a heartbeat before.
export const HEARTBEAT = `${LIB}
local inst = ARGV[3]
-- Four commands whatever the socket count: the deadline only moves forward (a retiring
-- instance keeps its later one); a new beats field means nobody knew this instance's beats.
redis.call('ZADD', P .. 'instances', 'GT', NOW + tonumber(ARGV[5]), inst)
local fresh = redis.call('HSET', P .. 'beats', inst, fmt(NOW))
redis.call('PEXPIRE', P .. 'inst:' .. inst, ARGV[4])
if fresh == 0 then return 1 end
return 0`;

export const DEAD = `${LIB}
return redis.call('ZRANGEBYSCORE', P .. 'instances', '-inf', '(' .. fmt(NOW))`;

// ARGV: 3 instanceId. Only the caller that removes the instance proceeds.
export const REAP = `${LIB}
local inst = ARGV[3]
local s = redis.call('ZSCORE', P .. 'instances', inst)
if (not s) or tonumber(s) >= NOW then return {} end
redis.call('ZREM', P .. 'instances', inst)
local last = tonumber(redis.call('HGET', P .. 'beats', inst) or NOW)
redis.call('HDEL', P .. 'beats', inst)
local users, order = {}, {}
for _, m in ipairs(redis.call('SMEMBERS', P .. 'inst:' .. inst)) do
  local ws, user, conn = string.match(m, '^([^\\t]+)\\t([^\\t]+)\\t([^\\t]+)$')
  if ws then
    local k = ws .. '\\t' .. user
    if not users[k] then users[k] = { ws = ws, user = user, conns = {} }; order[#order + 1] = k end
    table.insert(users[k].conns, conn)
  end
end
redis.call('DEL', P .. 'inst:' .. inst)
local out = {}
for _, k in ipairs(order) do
  local u = users[k]
  local mode = mode_of(u.user, nil)
  local x = fields_of(u.user, nil)
  local b, held = load_state(u.ws, u.user, x, '', '')
  local ck = conns_key(u.ws, u.user)
  for _, c in ipairs(u.conns) do
    local v = redis.call('HGET', ck, c)
    if v and string.sub(v, 2) == inst then redis.call('HDEL', ck, c) end
  end
  append(out, settle(u.ws, u.user, mode, b, held, mode, x, last, nil))
end
return out`;

// ARGV: 3 instanceId, 4 graceMs
export const RETIRE = `${LIB}
redis.call('ZADD', P .. 'instances', NOW + tonumber(ARGV[4]), ARGV[3])
redis.call('HSET', P .. 'beats', ARGV[3], fmt(NOW))
return 1`;
