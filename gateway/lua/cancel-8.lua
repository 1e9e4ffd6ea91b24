--[[
  Cancels a hold at the shopper's request (payment abandoned): the unit returns to stock at once,
  and RESERVATION_CANCELLED is appended to the command stream (includes/releaseHold.lua).

  Input:
    KEYS[1] stock
    KEYS[2] participants
    KEYS[3] holds         zset token -> expiry (epoch ms)
    KEYS[4] holdOwners    hash token -> userId
    KEYS[5] userHolds     hash userId -> token
    KEYS[6] released      zset of released-hold tombstones
    KEYS[7] orders        hash token -> JSON of the confirmation (common/codecs/confirmation.ts)
    KEYS[8] outbox        stream life events are appended to (the command topic on the Redis bus)

    ARGV[1] token
    ARGV[2] userId        decimal text, compared as text with the confirmation's
    ARGV[3] now           epoch ms
    ARGV[4] activityId    decimal text

  Output:
    {1}    CANCELLED
    {-10}  UNKNOWN_TOKEN
    {-11}  EXPIRED (it had lapsed; the unit is back in stock either way)
    {-12}  WRONG_USER
    {-14}  ALREADY_CONFIRMED (a paid entry cannot be cancelled here)
    {-15}  CANCELLED earlier
]]
--- @include "includes/checkLiveHold"
local rcall = redis.call
local hk = { stock = KEYS[1], participants = KEYS[2], holds = KEYS[3], holdOwners = KEYS[4],
  userHolds = KEYS[5], released = KEYS[6], outbox = KEYS[8], activityId = ARGV[4] }
local ordersKey = KEYS[7]
local token = ARGV[1]
local userId = ARGV[2]
local now = tonumber(ARGV[3])

local earlier = rcall('HGET', ordersKey, token)
if earlier then
  if cjson.decode(earlier).userId ~= userId then return {-12} end
  return {-14}
end
local problem = checkLiveHold(hk, token, userId, now)
if problem then return {problem} end
releaseHold(hk, token, userId, now, 'C')
return {1}
