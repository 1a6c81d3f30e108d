-- The bare ceiling: GET /hello (load/ceiling.py).
dofile("load/wrk/common.lua")
