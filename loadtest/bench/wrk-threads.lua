--[[
  Shared by the benchmark's wrk scripts, which load it with
    dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-threads.lua")
  It numbers wrk's threads and prints the one result line the harness reads (loadtest/bench/wrk.ts).

  Input: each thread gets the global `threadIndex` (0 … threads-1) before its init() runs, and
  takes its requests' values from linesOfThisThread() with nextOf(), which counts in `wrapped` the
  times the thread ran through its share and started over.

  Output: one line `AXON_WRK {json}` from done(): requests, duration, errors (status = non-2xx/3xx),
  latency percentiles in microseconds, and the threads' wraps added up.
]]
local threads = {}
local nextThread = 0
local position = 0
wrapped = 0

function setup(thread)
  thread:set("threadIndex", nextThread)
  nextThread = nextThread + 1
  table.insert(threads, thread)
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

--- Lines `threadIndex`, `threadIndex + count`, … of `file`, so no two threads share a line.
function linesOfThisThread(file, count, prefix)
  local lines = {}
  local line = 0
  for value in io.lines(file) do
    if line % count == threadIndex then lines[#lines + 1] = (prefix or "") .. value end
    line = line + 1
  end
  return lines
end

--- The next value of a thread's list, starting over (and counting a wrap) after its last.
function nextOf(list)
  position = position + 1
  if position > #list then
    position = 1
    wrapped = wrapped + 1
  end
  return list[position]
end
