-- wrk script: each request is a random line of the file named by MIX_FILE
-- ("path<TAB>Authorization header or -"); MIX_DELAY_MS paces each connection.
-- At the end it prints one line: MIX <2xx/3xx> <4xx> <5xx> <other>.

local lines = {}
local delay_ms = tonumber(os.getenv("MIX_DELAY_MS") or "0")
local threads = {}

local function load(path)
  for line in io.lines(path) do
    local target, auth = line:match("^([^\t]+)\t(.*)$")
    local headers = { ["Host"] = "localhost", ["X-Forwarded-Proto"] = "https" }
    if auth ~= "-" then headers["Authorization"] = auth end
    lines[#lines + 1] = wrk.format("GET", target, headers)
  end
end

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  load(os.getenv("MIX_FILE"))
  math.randomseed(os.time() + id * 7919)
  ok, client_errors, server_errors, other = 0, 0, 0, 0
end

function request()
  return lines[math.random(#lines)]
end

function delay()
  return delay_ms
end

function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1
  elseif status >= 400 then client_errors = client_errors + 1
  elseif status >= 200 and status < 400 then ok = ok + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local totals = { 0, 0, 0, 0 }
  for _, thread in ipairs(threads) do
    totals[1] = totals[1] + thread:get("ok")
    totals[2] = totals[2] + thread:get("client_errors")
    totals[3] = totals[3] + thread:get("server_errors")
    totals[4] = totals[4] + thread:get("other")
  end
  io.write(string.format("MIX %d %d %d %d\n", totals[1], totals[2], totals[3], totals[4]))
end
