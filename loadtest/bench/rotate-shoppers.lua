--[[
  wrk script: every request comes from the next shopper of a pool, so each shopper reserves once.

  Usage: wrk -s rotate-shoppers.lua <url> -- <file> <header> <prefix> <threads>
    file     one credential per line (a JWT, or a shopper id for the baselines)
    header   request header that carries it ("Authorization", "X-Axon-User")
    prefix   put before each credential ("Bearer ", or "")
    threads  wrk's -t, so thread i takes lines i, i + threads, … and no two threads share a shopper

  Output: one line `AXON_WRK {json}` (see wrk-threads.lua); "wrapped" counts how many times a
  thread ran through its shoppers (after that, requests repeat shoppers and answer ALREADY_ENTERED).
]]
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-threads.lua")

function init(args)
  header = args[2]
  values = linesOfThisThread(args[1], tonumber(args[4]), args[3])
  wrk.method = "POST"
end

function request()
  return wrk.format(nil, nil, { [header] = nextOf(values) })
end
