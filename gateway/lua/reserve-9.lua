--[[
  Reserves one unit of an FCFS activity for a shopper, atomically: is the activity open, has the
  shopper entered already, is the shopper eligible, is there stock left? If so, takes a unit and
  records a hold that lapses at now + ttl unless the payment is confirmed first, and never after
  the activity ends (so the expiry the shopper is told is the real one). The hold is recorded by
  appending RESERVATION_HELD to the command stream (common/codecs/reservation-life.ts) in this
  script; so is the end of a lapsed hold it releases on the way.

  Input:
    KEYS[1] meta          hash: status, startsAt, endsAt, hasRules, …
    KEYS[2] stock         integer, units free to reserve
    KEYS[3] participants  set of userIds holding or confirmed
    KEYS[4] holds         zset token -> expiry (epoch ms)
    KEYS[5] holdOwners    hash token -> userId
    KEYS[6] userHolds     hash userId -> token
    KEYS[7] released      zset of released-hold tombstones
    KEYS[8] verdict       the shopper's cached eligibility verdict (common/codecs/verdict.ts):
                          "1" eligible, "0:…" not, anything else or none: ask core
    KEYS[9] outbox        stream life events are appended to (the command topic on the Redis bus)

    ARGV[1] userId
    ARGV[2] token         new reservation token (unguessable, made by the caller)
    ARGV[3] now           epoch ms
    ARGV[4] ttl           hold lifetime in ms
    ARGV[5] activityId    decimal text

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
]]
--- @include "includes/releaseLapsedHolds"
--- @include "includes/appendLifeEvent"
local rcall = redis.call
local metaKey = KEYS[1]
local hk = { stock = KEYS[2], participants = KEYS[3], holds = KEYS[4], holdOwners = KEYS[5],
  userHolds = KEYS[6], released = KEYS[7], outbox = KEYS[9], activityId = ARGV[5] }
local verdictKey = KEYS[8]
local userId = ARGV[1]
local token = ARGV[2]
local now = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])

local meta = rcall('HMGET', metaKey, 'status', 'startsAt', 'endsAt', 'hasRules')
local status = meta[1]
if not status then return {-1} end
if status == 'ENDED' or now >= tonumber(meta[3]) then return {-3} end
if status ~= 'ACTIVE' or now < tonumber(meta[2]) then return {-2} end

if rcall('SISMEMBER', hk.participants, userId) == 1 then
  local held = rcall('HGET', hk.userHolds, userId)
  local expiresAt = held and tonumber(rcall('ZSCORE', hk.holds, held))
  if not expiresAt or expiresAt > now then return {-4} end
  -- the shopper's earlier hold lapsed and the sweeper has not reached it yet
  releaseHold(hk, held, userId, now, 'E')
end

if meta[4] == '1' then
  local verdict = rcall('GET', verdictKey)
  if verdict ~= '1' then
    if verdict and string.sub(verdict, 1, 1) == '0' then return {-6, verdict} end
    return {-7, verdict or ''}
  end
end

if tonumber(rcall('GET', hk.stock) or '0') <= 0 then
  if releaseLapsedHolds(hk, now, 100) == 0 then return {-5} end
end

local expiresAt = math.min(now + ttl, tonumber(meta[3]))
appendLifeEvent(hk, 'RESERVATION_HELD', token, userId, ARGV[3], string.format('%d', expiresAt))
rcall('DECR', hk.stock)
rcall('SADD', hk.participants, userId)
rcall('ZADD', hk.holds, expiresAt, token)
rcall('HSET', hk.holdOwners, token, userId)
rcall('HSET', hk.userHolds, userId, token)
return {1, expiresAt}
