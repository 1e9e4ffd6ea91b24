--[[
  wrk script: every request posts the next body of a file to /collect, as a storefront's tracker
  posts its batches of events.

  Usage: wrk -s rotate-bodies.lua <url> -- <file> <threads>
    file     one /collect body per line ({"events": [ … ]})
    threads  wrk's -t, so thread i takes lines i, i + threads, …

  Output: one line `AXON_WRK {json}` (see wrk-threads.lua). Bodies repeat once a thread has sent
  all of its share ("wrapped"): /collect does not deduplicate (the sink does), so a repeated body
  costs the gateway what a new one does.
]]
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-threads.lua")

function init(args)
  bodies = linesOfThisThread(args[1], tonumber(args[2]))
  headers = { ["Content-Type"] = "text/plain;charset=UTF-8" }
end

function request()
  return wrk.format("POST", nil, headers, nextOf(bodies))
end
