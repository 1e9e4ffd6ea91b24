--[[
  Gives a held unit back: removes the hold, frees the shopper to try again and returns the unit
  to stock. `why` is "E" (the hold lapsed) or "C" (the shopper cancelled); a tombstone
  "<why>:<token>" is kept so a late confirm can say which. Appends the hold's end to the command
  stream (common/codecs/reservation-life.ts: RESERVATION_EXPIRED or RESERVATION_CANCELLED), with
  the expiry it had: with the time in its token, the hold's whole life.

  hk: table of the activity's keys {stock, participants, holds, holdOwners, userHolds, released,
      outbox} and its id as decimal text {activityId}
]]
--- @include "includes/appendLifeEvent"
local function releaseHold(hk, token, userId, now, why)
  appendLifeEvent(hk, why == 'C' and 'RESERVATION_CANCELLED' or 'RESERVATION_EXPIRED', token, userId,
    string.format('%d', now), redis.call('ZSCORE', hk.holds, token))
  redis.call('ZREM', hk.holds, token)
  redis.call('HDEL', hk.holdOwners, token)
  if userId then
    redis.call('HDEL', hk.userHolds, userId)
    redis.call('SREM', hk.participants, userId)
  end
  redis.call('INCR', hk.stock)
  redis.call('ZADD', hk.released, now, why .. ':' .. token)
end
