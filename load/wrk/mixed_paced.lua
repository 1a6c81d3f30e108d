-- The realistic mix at a fixed pace (Debian's wrk has no open-loop mode): each connection waits `pause` ms
-- on average before its next request, so that C connections send about C * 1000 / (pause + latency) requests a
-- second.
-- Arguments: as mixed.lua, then the pause in ms.
dofile("load/wrk/mixed.lua")
local mixed_init = init
local pause = 0

function init(args)
  mixed_init(args)
  pause = tonumber(args[3]) or 0
end

-- Spread at random between half and one and a half times the pause (same mean): fixed pauses keep the
-- connections in step and turn a steady rate into bursts of 20 requests at once.
function delay()
  return pause * (0.5 + math.random())
end
