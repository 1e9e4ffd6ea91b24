--[[
  Reserves one unit of an FCFS activity for a shopper, atomically: is the activity open, has the
  shopper entered already, is the shopper eligible, is there stock left? If so, takes a unit and
  records a hold that lapses at now + ttl unless the payment is confirmed first, and never after
  the activity ends (so the expiry the shopper is told is the real one).

  Taking a hold writes the hold and nothing else, so recording it costs the reserve path nothing:
  the token carries the time it was taken (common/redis/keys.ts), the script that ends the hold
  (confirm, cancel, the sweeper's expire) appends its end with its whole life, and core records
  the holds still live from `holds` as they appear (core/activity-state/hold-recorder.ts). For
  the same reason this script releases nothing: a lapsed hold in the way (the shopper's own, or
  stock at 0 while one has lapsed) is answered LAPSED, and the caller releases the lapsed holds
  with expireHolds-7.lua, which appends their ends, and asks again.

  Input:
    KEYS[1] meta          hash: status, startsAt, endsAt, hasRules, …
    KEYS[2] stock         integer, units free to reserve
    KEYS[3] participants  set of userIds holding or confirmed
    KEYS[4] holds         zset token -> expiry (epoch ms)
    KEYS[5] holdOwners    hash token -> userId
    KEYS[6] userHolds     hash userId -> token
    KEYS[7] verdict       the shopper's cached eligibility verdict (common/codecs/verdict.ts):
                          "1" eligible, "0:…" not, anything else or none: ask core

    ARGV[1] userId
    ARGV[2] token         new reservation token (unguessable, made by the caller at `now`)
    ARGV[3] now           epoch ms
    ARGV[4] ttl           hold lifetime in ms

  Output:
    {1, expiresAt}        RESERVED
    {-1}                  UNKNOWN_ACTIVITY
    {-2}                  NOT_OPEN (not started, draft or paused)
    {-3}                  CLOSED (ended)
    {-4}                  ALREADY_ENTERED (live hold or confirmed)
    {-5}                  SOLD_OUT
    {-6, verdict}         NOT_ELIGIBLE, with the cached value whole
    {-7, seen}            NEEDS_VERDICT: the activity has rules and no verdict is cached; `seen` is
                          the key's value ("" for none, or a re-check mark) for cacheVerdict-1.lua
    {-8}                  LAPSED: a lapsed hold is in the way (see above); nothing was written
]]
local rcall = redis.call
local metaKey, stockKey, participantsKey, holdsKey, holdOwnersKey, userHoldsKey, verdictKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local userId = ARGV[1]
local token = ARGV[2]
local now = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])

local meta = rcall('HMGET', metaKey, 'status', 'startsAt', 'endsAt', 'hasRules')
local status = meta[1]
if not status then return {-1} end
if status == 'ENDED' or now >= tonumber(meta[3]) then return {-3} end
if status ~= 'ACTIVE' or now < tonumber(meta[2]) then return {-2} end

if rcall('SISMEMBER', participantsKey, userId) == 1 then
  local held = rcall('HGET', userHoldsKey, userId)
  local expiresAt = held and tonumber(rcall('ZSCORE', holdsKey, held))
  if not expiresAt or expiresAt > now then return {-4} end
  -- the shopper's earlier hold lapsed and the sweeper has not reached it yet
  return {-8}
end

if meta[4] == '1' then
  local verdict = rcall('GET', verdictKey)
  if verdict ~= '1' then
    if verdict and string.sub(verdict, 1, 1) == '0' then return {-6, verdict} end
    return {-7, verdict or ''}
  end
end

if tonumber(rcall('GET', stockKey) or '0') <= 0 then
  if #rcall('ZRANGEBYSCORE', holdsKey, '-inf', now, 'LIMIT', 0, 1) == 0 then return {-5} end
  return {-8}
end

local expiresAt = math.min(now + ttl, tonumber(meta[3]))
rcall('DECR', stockKey)
rcall('SADD', participantsKey, userId)
rcall('ZADD', holdsKey, expiresAt, token)
rcall('HSET', holdOwnersKey, token, userId)
rcall('HSET', userHoldsKey, userId, token)
return {1, expiresAt}
