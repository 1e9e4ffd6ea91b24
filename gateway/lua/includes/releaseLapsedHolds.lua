--[[
  Releases up to `max` holds whose expiry is at or before `now`; returns how many.
]]
--- @include "includes/releaseHold"
local function releaseLapsedHolds(hk, now, max)
  local lapsed = redis.call('ZRANGEBYSCORE', hk.holds, '-inf', now, 'LIMIT', 0, max)
  for _, token in ipairs(lapsed) do
    releaseHold(hk, token, redis.call('HGET', hk.holdOwners, token), now, 'E')
  end
  return #lapsed
end
