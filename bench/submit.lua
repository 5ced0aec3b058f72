-- wrk script: the final submit of prepared drafts, one respondent after another per connection.
-- Run with as many threads as connections (-t N -c N). Thread i reads <prefix><i>.txt, lines
--   <session key> <csrf cookie> <csrf form token> <submission token> <kind>
-- kind 1: sent once; R: sent again right after the answer (a retry after a lost reply);
-- D: the same draft sits at the same place in the neighbouring thread's file (a doubled send).
-- Arguments: <channel code> <origin> <file prefix>

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local path, origin
local drafts = {}
local index, resend = 1, false
-- Read by done() through thread:get, hence global.
acked, sends, errors, ran_out, first_error = 0, 0, 0, 0, ""

function init(args)
  path = "/s/" .. args[1] .. "/check/"
  origin = args[2]
  for line in io.lines(args[3] .. id .. ".txt") do
    local session, csrf, form, token, kind = line:match("^(%S+) (%S+) (%S+) (%S+) (%S+)$")
    table.insert(drafts, { session = session, csrf = csrf, form = form, token = token, kind = kind })
  end
end

function request()
  local draft = drafts[index]
  if draft == nil then
    ran_out = 1
    wrk.thread:stop()
    draft = drafts[#drafts]
  end
  sends = sends + 1
  return wrk.format("POST", path, {
    ["X-Forwarded-Proto"] = "https",
    ["Origin"] = origin,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. draft.csrf .. "; sessionid=" .. draft.session,
  }, "csrfmiddlewaretoken=" .. draft.form .. "&token=" .. draft.token)
end

function response(status, headers, body)
  if status ~= 302 or not (headers["Location"] or ""):match("/thanks/$") then
    errors = errors + 1
    if first_error == "" then
      first_error = status .. "_" .. (headers["Location"] or "") .. "_" .. index
    end
  end
  if drafts[index] and drafts[index].kind == "R" and not resend then
    resend = true
    return
  end
  resend = false
  acked = index
  index = index + 1
end

function done(summary, latency, reqs)
  local a, s, e, out, first = {}, 0, 0, 0, ""
  for _, t in ipairs(threads) do
    io.write(string.format("BENCH thread=%d acked=%d\n", t:get("id"), t:get("acked")))
    s = s + t:get("sends")
    e = e + t:get("errors")
    out = out + t:get("ran_out")
    if first == "" then first = t:get("first_error") end
  end
  io.write(string.format("BENCH sends=%d errors=%d ran_out=%d first_error=%s\n", s, e, out, first))
  for _, p in ipairs({ 50, 95, 99 }) do
    io.write(string.format("BENCH p%d=%d\n", p, latency:percentile(p)))
  end
  io.write(string.format("BENCH max=%d mean=%.0f\n", latency.max, latency.mean))
end
