-- wrk script for bench/http: requests the paths listed in a file, one a line.
--   wrk ... -s paths.lua http://127.0.0.1:PORT -- FILE LIMIT THREADS
-- LIMIT 0: every path once, split between the threads (a cold run never repeats a path until
-- the list is used up); LIMIT n: the first n paths, over and over (a warm run).
-- done() prints one machine-readable line: RESULT requests seconds rps p50_ms p99_ms non2xx errors
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, limit = args[1], tonumber(args[2] or "0")
  nthreads = tonumber(args[3] or "1")
  paths = {}
  for line in io.lines(file) do
    if limit == 0 or #paths < limit then paths[#paths + 1] = line end
  end
  i = id
end

function request()
  local p = paths[(i % #paths) + 1]
  i = i + nthreads
  return wrk.format("GET", p)
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT %d %.2f %.1f %.2f %.2f %d %d\n", summary.requests, seconds,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
