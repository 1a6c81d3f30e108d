-- The realistic mix at a fixed pace (Debian's wrk has no open-loop mode): each connection waits `pause` ms
-- before its next request, so that C connections send about C * 1000 / (pause + latency) requests a second.
-- Arguments: as mixed.lua, then the pause in ms.
dofile("load/wrk/mixed.lua")
local mixed_init = init
local pause = 0

function init(args)
  mixed_init(args)
  pause = tonumber(args[3]) or 0
end

function delay()
  return pause
end
