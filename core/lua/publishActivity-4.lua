--[[
  Publishes an activity's state (window, limit, price, status) into Redis and sets its free stock
  so that the invariant of the reservation scripts holds:

      stock + ZCARD(holds) + SCARD(confirmed) = limit

  Called when an activity is created or changed, and by core at start-up. Holds and confirmed
  entries already taken are kept; if the new limit is below what is taken, stock becomes 0.

  Input:
    KEYS[1] meta       hash of the activity's settings
    KEYS[2] stock      integer, units free to reserve
    KEYS[3] holds      zset token -> expiry (epoch ms)
    KEYS[4] confirmed  set of confirmed userIds

    ARGV[1] status     DRAFT | ACTIVE | PAUSED | ENDED
    ARGV[2] startsAt   epoch ms
    ARGV[3] endsAt     epoch ms
    ARGV[4] limit      total units of the activity
    ARGV[5] price      unit price
    ARGV[6] productId
    ARGV[7] campaignId
    ARGV[8] hasRules   "1" when the activity has eligibility rules, else "0"

  Output:
    the free stock after publishing
]]
local metaKey = KEYS[1]
local stockKey = KEYS[2]
local holdsKey = KEYS[3]
local confirmedKey = KEYS[4]
local rcall = redis.call

local limit = tonumber(ARGV[4])
rcall('HSET', metaKey,
  'status', ARGV[1], 'startsAt', ARGV[2], 'endsAt', ARGV[3], 'limit', ARGV[4],
  'price', ARGV[5], 'productId', ARGV[6], 'campaignId', ARGV[7], 'hasRules', ARGV[8])

local taken = rcall('ZCARD', holdsKey) + rcall('SCARD', confirmedKey)
local free = limit - taken
if free < 0 then free = 0 end
rcall('SET', stockKey, free)
return free
