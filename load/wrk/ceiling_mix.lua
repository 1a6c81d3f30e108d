-- The bare database ceiling: 70 % GET /db (one indexed row as JSON), 30 % POST /db (one INSERT … RETURNING).
dofile("load/wrk/common.lua")
local read, write

function init(args)
  read = wrk.format("GET", "/db", {})
  write = wrk.format("POST", "/db", {["Content-Type"] = "application/json"}, "{}")
end

function request()
  if math.random() < 0.30 then return write end
  return read
end
