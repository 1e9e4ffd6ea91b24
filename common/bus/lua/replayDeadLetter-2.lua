--[[
  Moves one dead letter back onto its topic, once: appends the message to the topic's stream and
  deletes the letter from the dead-letter stream in one step, or does nothing when the letter is
  not there (replayed already, by this call's twin or an earlier one). The append comes first: if
  it fails, the letter stays.

  Input:
    KEYS[1] the dead-letter stream (<topic>_dlq)
    KEYS[2] the topic's stream
    ARGV[1] the dead letter's entry id
    ARGV[2…] the fields of the message to append (common/bus/redis-stream-entries.ts entryFields)

  Output:
    the appended entry's id, or false when the dead letter is not in the stream
]]
local deadLetters = KEYS[1]
local topic = KEYS[2]
local letterId = ARGV[1]
local rcall = redis.call

if #rcall('XRANGE', deadLetters, letterId, letterId) == 0 then return false end
local appended = rcall('XADD', topic, '*', unpack(ARGV, 2))
rcall('XDEL', deadLetters, letterId)
return appended
