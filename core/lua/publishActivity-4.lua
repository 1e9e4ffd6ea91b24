--[[
  Publishes an activity's state (window, limit, price, status) into Redis and sets its free stock
  so that the invariant of the reservation scripts holds:

      stock + ZCARD(holds) + SCARD(confirmed) = limit

  Called when an activity is created or changed, and when core restores Redis from MySQL. Holds
  and confirmed entries already taken are kept. A limit below what is taken is refused and nothing
  is written: clamping the stock at 0 instead would let every hold that lapses later give a unit
  back above the new limit. Taken counts every hold, lapsed ones the sweeper has not released yet
  too (they give their unit back when it does), and the larger of Redis's and MySQL's confirmed
  count (MySQL is ahead only while Redis is missing entrants it lost).

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
    ARGV[9] entries    confirmed entries MySQL holds for the activity

  Output:
    {1, stock}               published; the free stock
    {-1, confirmed, holds}   LIMIT_BELOW_TAKEN: the limit is below confirmed + holds; nothing written
]]
local metaKey = KEYS[1]
local stockKey = KEYS[2]
local holdsKey = KEYS[3]
local confirmedKey = KEYS[4]
local rcall = redis.call

local limit = tonumber(ARGV[4])
local holds = rcall('ZCARD', holdsKey)
local confirmed = math.max(rcall('SCARD', confirmedKey), tonumber(ARGV[9]))
if limit < holds + confirmed then return {-1, confirmed, holds} end

rcall('HSET', metaKey,
  'status', ARGV[1], 'startsAt', ARGV[2], 'endsAt', ARGV[3], 'limit', ARGV[4],
  'price', ARGV[5], 'productId', ARGV[6], 'campaignId', ARGV[7], 'hasRules', ARGV[8])
local free = limit - holds - confirmed
rcall('SET', stockKey, free)
return {1, free}
