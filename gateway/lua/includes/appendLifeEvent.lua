--[[
  Appends a reservation life event (common/codecs/reservation-life.ts) to the command stream,
  keyed by the activity like the ENTRY_CONFIRMED command (one partition per activity on Kafka).
  Called before the script's other writes: XADD is the step that can fail (a key of another type),
  and a failing script keeps the writes made before it.

  hk: {outbox, activityId} at least; event: the fields besides activityId, ids and times as text
]]
local function appendLifeEvent(hk, event)
  event.activityId = hk.activityId
  -- field names follow the Redis Streams bus encoding (common/bus/redis-streams.ts): key, value
  redis.call('XADD', hk.outbox, '*', 'key', hk.activityId, 'value', cjson.encode(event))
end
