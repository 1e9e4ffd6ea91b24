--[[
  Confirms the (mock) payment of a hold: appends the ENTRY_CONFIRMED command to the outbox stream,
  then consumes the hold and marks the shopper confirmed, IN THE SAME SCRIPT, so a confirmed
  payment can never be lost between Redis and the bus. The XADD comes first because it is the step
  that can fail (the outbox key of another type, say), and a failing script keeps the writes made
  before it. Confirming the same token again by the same shopper replays the first answer.
  A live hold is honoured while the activity is PAUSED; once it has ended, confirm answers CLOSED.
  The command is also the hold's confirmed life event (core records the reservation CONFIRMED with
  the entry, taken at the time in its token and due to expire at holdExpiresAt); a lapsed hold found here is released with RESERVATION_EXPIRED (includes/releaseHold).

  Wire formats: the command is common/codecs/entry-command.ts, the orders value
  common/codecs/confirmation.ts. Ids and the amount go into both as text: cjson would round a
  number to 14 significant digits.

  Input:
    KEYS[1]  meta          hash: status, endsAt, price, productId, …
    KEYS[2]  stock
    KEYS[3]  participants
    KEYS[4]  holds         zset token -> expiry (epoch ms)
    KEYS[5]  holdOwners    hash token -> userId
    KEYS[6]  userHolds     hash userId -> token
    KEYS[7]  released      zset of released-hold tombstones
    KEYS[8]  confirmed     set of confirmed userIds
    KEYS[9]  orders        hash token -> JSON of the confirmation
    KEYS[10] outbox        stream the command is appended to (the command topic on the Redis bus)

    ARGV[1] token
    ARGV[2] userId         decimal text
    ARGV[3] now            epoch ms
    ARGV[4] commandId
    ARGV[5] orderId
    ARGV[6] confirmedAt    ISO-8601 of now
    ARGV[7] activityId     decimal text
    ARGV[8] amount         the amount paid as decimal text (common/codecs/decimal.ts), or "" when not
                           stated; it must equal the price's text as published

  Output:
    {1, confirmationJson}  CONFIRMED
    {2, confirmationJson}  CONFIRMED earlier (replay)
    {-1}                   UNKNOWN_ACTIVITY (no state in Redis)
    {-3}                   CLOSED (the activity has ended: status ENDED or now >= endsAt)
    {-10}                  UNKNOWN_TOKEN
    {-11}                  EXPIRED
    {-12}                  WRONG_USER
    {-13, price}           AMOUNT_MISMATCH
    {-15}                  CANCELLED
]]
--- @include "includes/checkLiveHold"
local rcall = redis.call
local metaKey = KEYS[1]
local hk = { stock = KEYS[2], participants = KEYS[3], holds = KEYS[4], holdOwners = KEYS[5],
  userHolds = KEYS[6], released = KEYS[7], outbox = KEYS[10], activityId = ARGV[7] }
local confirmedKey = KEYS[8]
local ordersKey = KEYS[9]
local outboxKey = KEYS[10]
local token = ARGV[1]
local userId = ARGV[2]
local now = tonumber(ARGV[3])
local activityId = ARGV[7]

local earlier = rcall('HGET', ordersKey, token)
if earlier then
  if cjson.decode(earlier).userId ~= userId then return {-12} end
  return {2, earlier}
end

local meta = rcall('HMGET', metaKey, 'status', 'endsAt', 'price', 'productId')
if not meta[1] then return {-1} end
if meta[1] == 'ENDED' or now >= tonumber(meta[2]) then return {-3} end

local problem, expiresAt = checkLiveHold(hk, token, userId, now)
if problem then return {problem} end

local price = meta[3]
if ARGV[8] ~= '' and ARGV[8] ~= price then return {-13, price} end

local command = cjson.encode({
  commandId = ARGV[4], type = 'ENTRY_CONFIRMED', activityId = activityId, userId = userId,
  reservationToken = token, holdExpiresAt = string.format('%d', expiresAt), orderId = ARGV[5],
  productId = meta[4], amount = price, confirmedAt = ARGV[6] })
-- field names follow the Redis Streams bus encoding (common/bus/redis-streams.ts): key, value
rcall('XADD', outboxKey, '*', 'key', activityId, 'value', command)

rcall('ZREM', hk.holds, token)
rcall('HDEL', hk.holdOwners, token)
rcall('HDEL', hk.userHolds, userId)
rcall('SADD', confirmedKey, userId)
local confirmation = cjson.encode({ userId = userId, activityId = activityId, orderId = ARGV[5],
  amount = price, confirmedAt = ARGV[6] })
rcall('HSET', ordersKey, token, confirmation)
return {1, confirmation}
