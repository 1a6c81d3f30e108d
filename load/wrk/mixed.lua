-- The realistic mix against KoproGo (same shares as load/locustfile.py): 70 % reads, 30 % writes.
-- Syndics read and write in their own organisation; owners (a fifth of the traffic) read their own account.
-- Arguments: the data file written by load/bench.py (DATA = {orgs = …}) and a tag unique to the run.
dofile("load/wrk/common.lua")
local tag, n = "x", 0
local today = os.date("%Y-%m-%d")

function init(args)
  dofile(args[1])
  tag = args[2] or "x"
  math.randomseed(os.time() * 100 + (tid or 0))
end

local function pick(list) return list[math.random(#list)] end

local function get(path, token, extra)
  local headers = {["Authorization"] = "Bearer " .. token}
  if extra then headers["HX-Request"] = "true" end
  return wrk.format("GET", path, headers)
end

local function post(path, token, body)
  return wrk.format("POST", path, {["Authorization"] = "Bearer " .. token,
                                   ["Content-Type"] = "application/json"}, body)
end

local function syndic_read(org, token, r)
  local b = pick(org.buildings)
  if r < 1 then return get("/api/v1/buildings", token)
  elseif r < 2 then return get("/api/v1/buildings/" .. b.id, token)
  elseif r < 3 then return get("/api/v1/buildings/" .. b.id .. "/units", token)
  elseif r < 4 then return get("/api/v1/owners", token)
  elseif r < 5 then return get("/api/v1/buildings/" .. b.id .. "/expenses", token)
  elseif r < 6 then return get("/api/v1/owners/" .. pick(b.owners) .. "/statement?building=" .. b.id, token)
  end
  return get("/buildings", token, true)
end

local function syndic_write(org, token, r)
  local b = pick(org.buildings)
  n = n + 1
  local unique = tag .. (tid or 0) .. "-" .. n
  if r < 1 then
    return post("/api/v1/owners", token, string.format(
      '{"first_name":"Charge","last_name":"Test %s","email":"load-%s@example.be"}', unique, unique))
  elseif r < 2 then
    return post("/api/v1/units", token, string.format(
      '{"building_id":"%s","unit_number":"L%s","unit_type":"storage","quota":1,"floor":0}', b.id, unique))
  elseif r < 3 then
    return post("/api/v1/expenses", token, string.format(
      '{"building_id":"%s","category":"maintenance","description":"Entretien %s",' ..
      '"amount_excl_vat":"%d.%02d","vat_rate":"%s","invoice_date":"%s"}',
      b.id, unique, math.random(50, 900), math.random(0, 99), b.vat, today))
  end
  return post("/api/v1/buildings/" .. b.id .. "/payments", token, string.format(
    '{"owner_id":"%s","amount":"%d.00","paid_on":"%s","reference":"Virement %s"}',
    pick(b.owners), math.random(20, 400), today, unique))
end

local function owner_read(org, r)
  local o = pick(org.owner_users)
  if r < 1 then return get("/api/v1/buildings", o.token)
  elseif r < 2 then return get("/api/v1/buildings/" .. o.building_id, o.token)
  end
  return get("/api/v1/owners/" .. o.owner_id .. "/statement?building=" .. o.building_id, o.token)
end

function request()
  local org = pick(DATA.orgs)
  local r = math.random()
  if r < 0.30 then return syndic_write(org, pick(org.syndics), math.random() * 4) end
  if r < 0.50 then return owner_read(org, math.random() * 3) end
  return syndic_read(org, pick(org.syndics), math.random() * 7)
end
