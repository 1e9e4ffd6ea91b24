--[[
  Checks that `token` is a live hold owned by `userId`. Returns nil and the hold's expiry (epoch
  ms) when it is, otherwise the failure code: -10 UNKNOWN_TOKEN, -11 EXPIRED, -12 WRONG_USER, -15 CANCELLED. A hold found past
  its expiry is released on the spot (its unit goes back to stock).

  hk: table of the activity's keys {stock, participants, holds, holdOwners, userHolds, released}
]]
--- @include "includes/releaseHold"
local function checkLiveHold(hk, token, userId, now)
  local owner = redis.call('HGET', hk.holdOwners, token)
  if not owner then
    if redis.call('ZSCORE', hk.released, 'E:' .. token) then return -11 end
    if redis.call('ZSCORE', hk.released, 'C:' .. token) then return -15 end
    return -10
  end
  if owner ~= userId then return -12 end
  local expiresAt = tonumber(redis.call('ZSCORE', hk.holds, token))
  if expiresAt <= now then
    releaseHold(hk, token, owner, now, 'E')
    return -11
  end
  return nil, expiresAt
end
