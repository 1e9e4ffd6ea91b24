--[[
  wrk script: every request comes from the next shopper of a pool, so each shopper reserves once.

  Usage: wrk -s rotate-shoppers.lua <url> -- <file> <header> <prefix> <threads>
    file     one credential per line (a JWT, or a shopper id for the baselines)
    header   request header that carries it ("Authorization", "X-Axon-User")
    prefix   put before each credential ("Bearer ", or "")
    threads  wrk's -t, so thread i takes lines i, i + threads, … and no two threads share a shopper

  Output: one line `AXON_WRK {json}` from done(): requests, duration, errors (status = non-2xx/3xx),
  latency percentiles in microseconds, and how many times a thread ran through its shoppers
  ("wrapped"; after that, requests repeat shoppers and answer ALREADY_ENTERED).
]]
local threads = {}
local nextThread = 0

function setup(thread)
  thread:set("threadIndex", nextThread)
  nextThread = nextThread + 1
  table.insert(threads, thread)
end

function init(args)
  local file, prefix, count = args[1], args[3] or "", tonumber(args[4])
  header = args[2]
  values = {}
  local line = 0
  for value in io.lines(file) do
    if line % count == threadIndex then values[#values + 1] = prefix .. value end
    line = line + 1
  end
  position = 0
  wrapped = 0
  wrk.method = "POST"
end

function request()
  position = position + 1
  if position > #values then
    position = 1
    wrapped = wrapped + 1
  end
  return wrk.format(nil, nil, { [header] = values[position] })
end

function done(summary, latency, requests)
  local wraps = 0
  for _, thread in ipairs(threads) do wraps = wraps + thread:get("wrapped") end
  local e = summary.errors
  io.write(string.format(
    'AXON_WRK {"requests":%d,"durationUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"max":%d},"wrapped":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, wraps))
end
