-- Parking Lot: claim the entry under KEYS[1] and leave its tombstone, as one atomic step.
--
-- ARGV[1] now by the store's clock (epoch ms)   ARGV[2] consumedAt of the tombstone (epoch ms)
-- ARGV[3] consumedAt + tombstone ttl (epoch ms)  ARGV[4] largest ttl (ms)
-- ARGV[5] ttl of an entry without one (ms)       ARGV[6] largest PX (ms)
--
-- Reply: nil when there is no value; {0, value} CLAIMED (value as it was, the tombstone written);
-- {1, value} DUPLICATE (value is a live tombstone, left as it is); {2} expired by the store's
-- clock (nothing written); {3, value} unreadable (deleted, as GETDEL does for take).
--
-- The value is the shared JSON wire format. cjson only reads it; the tombstone is the same bytes
-- with the top-level ttlMs value replaced and "consumedAt" set, so member order, escaping and
-- unknown members of other writers are kept. Reading follows the Java reader: a missing, null or
-- zero ttlMs is the default ttl, a larger one than the largest is cut to it, a consumedAt of null
-- or -1 means a live entry.

local value = redis.call('GET', KEYS[1])
if not value then
  return nil
end
local now, consumed_at, consumed_until = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local max_ttl, default_ttl, max_px = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])

local function unreadable()
  redis.call('DEL', KEYS[1])
  return {3, value}
end

local ok, entry = pcall(cjson.decode, value)
if not ok or type(entry) ~= 'table' then
  return unreadable()
end
local parked_at, ttl, marker = entry.parkedAt, entry.ttlMs, entry.consumedAt
if type(parked_at) ~= 'number' or parked_at < 0 then
  return unreadable()
end
if ttl == nil or ttl == cjson.null or ttl == 0 then
  ttl = default_ttl
elseif type(ttl) ~= 'number' or ttl < 0 then
  return unreadable()
elseif ttl > max_ttl then
  ttl = max_ttl
end
if marker == cjson.null then
  marker = -1
elseif marker ~= nil and (type(marker) ~= 'number' or marker < -1) then
  return unreadable()
end

if now >= parked_at + ttl then
  return {2}
end
if marker ~= nil and marker >= 0 then
  return {1, value}
end

-- Where the scalar value of the top-level member `name` starts and ends, or nil. Strings are
-- skipped whole, so quotes, braces and brackets inside them do not count.
local function scan_for_member(json, name)
  local depth, i = 0, 1
  while true do
    i = string.find(json, '["{}%[%]]', i)
    if not i then
      return nil
    end
    local c = string.byte(json, i)
    if c == 34 then
      local j = i + 1
      while true do
        j = string.find(json, '["\\]', j)
        if string.byte(json, j) == 92 then
          j = j + 2
        else
          break
        end
      end
      if depth == 1 and string.sub(json, i + 1, j - 1) == name then
        local first, after = string.match(json, '^%s*:%s*()[^,}%s]+()', j + 1)
        if first then
          return first, after - 1
        end
      end
      i = j + 1
    elseif c == 123 or c == 91 then
      depth = depth + 1
      i = i + 1
    else
      depth = depth - 1
      i = i + 1
    end
  end
end

-- As scan_for_member, first by plain searches (Lua's pattern classes cost a call per char; plain
-- finds do not). The value is valid JSON (cjson has read it), where a quote inside a string is
-- always escaped: so `"name":` right after `{` or `,` has real quotes and a colon after them, which
-- makes it a member name. It is a top-level member when no object or array opens between the outer
-- brace and it. Anything else takes the scan: whitespace before the quote or around the colon, a
-- key that merely ends in `\"name` (the needle's first quote is then an escaped one), the member
-- nested first, a brace inside an earlier string.
local function find_member(json, name)
  local needle = '"' .. name .. '":'
  local at = string.find(json, needle, 1, true)
  if not at then
    return scan_for_member(json, name)
  end
  local before = string.byte(json, at - 1)
  if before ~= 123 and before ~= 44 then
    return scan_for_member(json, name)
  end
  local outer = string.find(json, '{', 1, true)
  local object = string.find(json, '{', outer + 1, true)
  local array = string.find(json, '[', outer + 1, true)
  if (object == nil or object > at) and (array == nil or array > at) then
    local first, last = string.find(json, '^[^,}%s]+', at + #needle)
    if first then
      return first, last
    end
  end
  return scan_for_member(json, name)
end

-- The JSON with the top-level member `name` added, set to the integer text `number`: before the
-- closing brace, found from the end (JSON ends with it and maybe whitespace).
local function add_member(json, name, number)
  local close = #json
  while string.byte(json, close) ~= 125 do
    close = close - 1
  end
  return string.sub(json, 1, close - 1) .. ',"' .. name .. '":' .. number .. string.sub(json, close)
end

-- The JSON with the top-level member `name` set to the integer text `number`. `present` says
-- whether the decoded object has the member: when it has not, there is nothing to look for, and
-- the member is added at the end.
local function with_member(json, name, number, present)
  if present then
    local first, last = find_member(json, name)
    if first then
      return string.sub(json, 1, first - 1) .. number .. string.sub(json, last + 1)
    end
  end
  return add_member(json, name, number)
end

local tombstone_ttl = math.max(1, math.min(max_ttl, consumed_until - parked_at))
local px = math.min(parked_at + tombstone_ttl - now, max_px)
if px <= 0 then
  -- The tombstone would already be dead by the store's clock: consumed, and nothing to keep.
  redis.call('DEL', KEYS[1])
  return {0, value}
end
local tombstone = with_member(with_member(value, 'ttlMs', string.format('%.0f', tombstone_ttl), entry.ttlMs ~= nil),
    'consumedAt', string.format('%.0f', consumed_at), marker ~= nil)
redis.call('SET', KEYS[1], tombstone, 'PX', string.format('%.0f', px))
return {0, value}
