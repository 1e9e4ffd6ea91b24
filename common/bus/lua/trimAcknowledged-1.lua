--[[
  Trims the part of a stream's history that every consumer group is done with, and nothing else.

  For each group, the oldest entry it still needs is its oldest pending (delivered, unacknowledged)
  entry, or, when nothing is pending, the entry after its last-delivered id (everything after that
  id is undelivered). Everything older than the minimum over all groups is acknowledged by every
  group and can go. It runs as one script so that no group can be created, nor an entry be
  delivered, between reading the groups and trimming.

  A stream without groups is not trimmed: nobody has read it yet (an outbox waiting for its
  forwarder), so none of it is acknowledged. A group that stopped consuming holds the history
  back for as long as it exists; delete abandoned groups with XGROUP DESTROY.

  Input:
    KEYS[1] stream

  Output:
    number of entries removed (XTRIM's answer; approximate trimming removes whole radix-tree nodes
    only, so recent acknowledged entries may stay until a later call)
]]
local stream = KEYS[1]
local rcall = redis.call

if rcall('EXISTS', stream) == 0 then return 0 end
local groups = rcall('XINFO', 'GROUPS', stream)
if #groups == 0 then return 0 end

local function idParts(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end

local function isOlder(a, b)
  local aMs, aSeq = idParts(a)
  local bMs, bSeq = idParts(b)
  return aMs < bMs or (aMs == bMs and aSeq < bSeq)
end

local keepFrom = nil
for _, group in ipairs(groups) do
  local info = {}
  for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
  -- keeping the last delivered entry itself (already acknowledged) costs one entry and spares
  -- computing its successor id
  local oldestNeeded = info['last-delivered-id']
  if info['pending'] > 0 then
    oldestNeeded = rcall('XPENDING', stream, info['name'])[2]
  end
  if keepFrom == nil or isOlder(oldestNeeded, keepFrom) then keepFrom = oldestNeeded end
end

return rcall('XTRIM', stream, 'MINID', '~', keepFrom)
