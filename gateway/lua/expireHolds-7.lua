--[[
  The hold sweeper's step for one activity: returns the stock of lapsed holds (at most ARGV[2]
  per call), appending RESERVATION_EXPIRED for each to the command stream (includes/releaseHold.lua),
  and forgets tombstones older than the retention window.

  Input:
    KEYS[1] stock
    KEYS[2] participants
    KEYS[3] holds         zset token -> expiry (epoch ms)
    KEYS[4] holdOwners    hash token -> userId
    KEYS[5] userHolds     hash userId -> token
    KEYS[6] released      zset of released-hold tombstones
    KEYS[7] outbox        stream life events are appended to (the command topic on the Redis bus)

    ARGV[1] now           epoch ms
    ARGV[2] max           most holds released in one call
    ARGV[3] retention     ms a tombstone is kept
    ARGV[4] activityId    decimal text

  Output:
    number of holds released
]]
--- @include "includes/releaseLapsedHolds"
local hk = { stock = KEYS[1], participants = KEYS[2], holds = KEYS[3], holdOwners = KEYS[4],
  userHolds = KEYS[5], released = KEYS[6], outbox = KEYS[7], activityId = ARGV[4] }
local now = tonumber(ARGV[1])
local released = releaseLapsedHolds(hk, now, tonumber(ARGV[2]))
redis.call('ZREMRANGEBYSCORE', hk.released, '-inf', now - tonumber(ARGV[3]))
return released
