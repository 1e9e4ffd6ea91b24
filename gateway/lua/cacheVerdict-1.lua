--[[
  Caches the eligibility verdict core gave, unless the key changed while core was asked: core
  replaces a shopper's verdicts with a fresh re-check mark after a profile change or a purchase
  (core/eligibility/recheck.ts), and a verdict judged before that change must not be written over
  the mark. Values: common/codecs/verdict.ts.

  Input:
    KEYS[1] verdict   the shopper's cached verdict for one activity

    ARGV[1] seen      what reserve-7.lua found before core was asked: "" for none, or a re-check mark
    ARGV[2] verdict   the value to cache: "1" or "0:<REASON>:<message>"
    ARGV[3] ttl       seconds

  Output:
    1   cached
    0   the key holds something else now; nothing written (reserving again says what to do)
]]
local rcall = redis.call
local verdictKey = KEYS[1]
if (rcall('GET', verdictKey) or '') ~= ARGV[1] then return 0 end
rcall('SET', verdictKey, ARGV[2], 'EX', ARGV[3])
return 1
