-- One page under wrk: every connection carries the signed-in session's cookie and the User-Agent
-- it signed in with (Flask-Login's strong protection ties the session to both), and every response
-- is checked to be the real page: status 200 and the page's marker (its <h1> as served, or the
-- download's content type). A redirect to sign-in or an error page counts as an error.
-- Arguments after `--`: cookie header, User-Agent, "text" or "type", marker.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   if args[1] ~= "" then wrk.headers["Cookie"] = args[1] end
   wrk.headers["User-Agent"] = args[2]
   kind = args[3]
   marker = args[4]
   wrong = 0
   first_wrong = ""
end

local function content_type(headers)
   for name, value in pairs(headers) do
      if string.lower(name) == "content-type" then return value end
   end
   return ""
end

function response(status, headers, body)
   local ok = status == 200
   if ok and kind == "text" then
      ok = string.find(body, marker, 1, true) ~= nil
   elseif ok then
      ok = string.find(content_type(headers), marker, 1, true) ~= nil
   end
   if not ok then
      wrong = wrong + 1
      if first_wrong == "" then
         first_wrong = tostring(status) .. " " .. (headers["Location"] or headers["location"] or "")
      end
   end
end

function done(summary, latency, requests)
   local bad, first = 0, ""
   for _, thread in ipairs(threads) do
      bad = bad + thread:get("wrong")
      if first == "" then first = thread:get("first_wrong") end
   end
   local e = summary.errors
   io.write(string.format(
      'WRK_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "wrong": %d, "first_wrong": "%s", '
      .. '"socket_errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
      summary.requests, summary.duration, summary.bytes, bad, string.gsub(first, '["\\]', ''),
      e.connect + e.read + e.write + e.timeout,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
