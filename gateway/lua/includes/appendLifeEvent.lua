--[[
  Appends a reservation life event (common/codecs/reservation-life.ts) to the command stream,
  keyed by the activity like the ENTRY_CONFIRMED command (one partition per activity on Kafka).
  Called before the script's other writes: XADD is the step that can fail (a key of another type),
  and a failing script keeps the writes made before it.

  The JSON is one concatenation, not a table given to cjson.encode (cheaper for Redis: the table,
  the encoder and every intermediate string showed in loadtest/bench/reserve-instructions.ts). So
  nothing is escaped, which is safe because of what can reach here: ids and times are decimal text
  the gateway parsed or Redis formatted, and a token is one the gateway made (`reservationToken`:
  the activity id, a dot, base-36 digits and base64url) — reserve-7.lua stores it, and every
  script writes an event only for a token it found among the activity's live holds, never for one
  a shopper merely sent (gateway/lua/reservation-life.test.ts checks both).

  hk: {outbox, activityId} at least; kind: 'RESERVATION_CANCELLED' | 'RESERVATION_EXPIRED';
  token; userId (nil when the hold had no owner: the codec then refuses the event, which is
  dead-lettered, as it should be); at; expiresAt: the hold's expiry (a ZSCORE reply), nil if unknown
]]
local function appendLifeEvent(hk, kind, token, userId, at, expiresAt)
  userId = userId or ''
  local value
  if expiresAt then
    value = '{"type":"' .. kind .. '","activityId":"' .. hk.activityId .. '","token":"' .. token .. '","userId":"' ..
      userId .. '","at":"' .. at .. '","expiresAt":"' .. expiresAt .. '"}'
  else
    value = '{"type":"' .. kind .. '","activityId":"' .. hk.activityId .. '","token":"' .. token .. '","userId":"' ..
      userId .. '","at":"' .. at .. '"}'
  end
  -- field names follow the Redis Streams bus encoding (common/bus/redis-streams.ts): key, value
  redis.call('XADD', hk.outbox, '*', 'key', hk.activityId, 'value', value)
end
