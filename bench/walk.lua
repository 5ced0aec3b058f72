-- wrk script: respondents walk every screen of the answer form, GET and POST per step.
-- Run with as many threads as connections (-t N -c N): each thread then owns one connection
-- and its Lua state is one respondent at a time, with its own cookies.
-- Arguments: <channel code> <origin, e.g. https://127.0.0.1:8000>

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local THEMES = 14
local base, origin
local step = 0
local cookies = {}
local form_csrf, token, area
-- Read by done() through thread:get, hence global.
completed, errors, requests, first_error = 0, 0, 0, ""

local SUBMIT_STEP = 2 * THEMES + 5   -- POST check/
local LAST_STEP = SUBMIT_STEP + 1      -- GET thanks/

function init(args)
  base = "/s/" .. args[1] .. "/"
  origin = args[2]
end

local function cookie_header()
  local parts = {}
  for name, value in pairs(cookies) do
    if value ~= "" then table.insert(parts, name .. "=" .. value) end
  end
  return table.concat(parts, "; ")
end

local function path_and_form()
  -- step 0/1: start page; 2..2*THEMES+1: themes; then about-you, check, thanks.
  if step <= 1 then
    return base, "instrument=adult"
  elseif step <= 2 * THEMES + 1 then
    local n = math.floor(step / 2)
    local form = "go=next&score=" .. (1 + (n * 3) % 7)
    if n % 5 == 2 then
      form = form .. "&good_now=Fine+paths+along+the+river&better=More+light+in+the+evening"
    end
    return base .. "theme/" .. n .. "/", form
  elseif step <= 2 * THEMES + 3 then
    return base .. "about-you/", "go=next&age_band=20-44&gender=woman&neighbourhood=" .. (area or "")
  elseif step <= SUBMIT_STEP then
    return base .. "check/", "token=" .. (token or "")
  else
    return base .. "thanks/", nil
  end
end

function request()
  requests = requests + 1
  local path, form = path_and_form()
  local headers = { ["X-Forwarded-Proto"] = "https", ["Cookie"] = cookie_header() }
  if step % 2 == 1 and step ~= LAST_STEP then
    headers["Origin"] = origin
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", path, headers, form .. "&csrfmiddlewaretoken=" .. (form_csrf or ""))
  end
  return wrk.format("GET", path, headers)
end

local function fail(status)
  errors = errors + 1
  if first_error == "" then first_error = "step " .. step .. " got " .. status end
  step, cookies, form_csrf, token, area = 0, {}, nil, nil, nil
end

function response(status, headers, body)
  local set_cookie = headers["Set-Cookie"]
  if set_cookie then
    local name, value = set_cookie:match("^([%w_]+)=([^;]*)")
    if name then cookies[name] = value end
  end
  local is_get = step % 2 == 0 or step == LAST_STEP
  if is_get then
    if status ~= 200 then return fail(status) end
    form_csrf = body:match('name="csrfmiddlewaretoken" value="([^"]+)"') or form_csrf
    if step == 2 * THEMES + 2 then area = body:match('<option value="(%d+)"') end
    if step == SUBMIT_STEP - 1 then token = body:match('name="token" value="([^"]+)"') end
  else
    if status ~= 302 then return fail(status) end
    if step == SUBMIT_STEP and not (headers["Location"] or ""):match("/thanks/$") then
      return fail("302 to " .. (headers["Location"] or "?"))
    end
  end
  if step == LAST_STEP then
    completed = completed + 1
    step, cookies, form_csrf, token, area = 0, {}, nil, nil, nil
  else
    step = step + 1
  end
end

function done(summary, latency, reqs)
  local c, e, r, first = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    c = c + t:get("completed")
    e = e + t:get("errors")
    r = r + t:get("requests")
    if first == "" then first = t:get("first_error") end
  end
  io.write(string.format("BENCH completed=%d errors=%d requests=%d\n", c, e, r))
  io.write(string.format("BENCH first_error=%s\n", first:gsub("%s", "_")))
end
