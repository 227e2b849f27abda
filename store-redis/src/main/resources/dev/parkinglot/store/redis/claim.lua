-- Parking Lot: claim the entry under KEYS[1] for a callback, as one atomic step. KEYS[1] is the key
-- the original (npm autotel) reads; KEYS[2] is its tombstone key, in the same hash slot.
--
-- No JSON is read here: the store checks expiry and the consumed marker after the reply. A live
-- entry is moved whole (APPEND of a short trailer, RENAME, PEXPIRE: no command copies the value
-- except APPEND when it has to grow the string), so the key the original reads is empty afterwards.
--
-- ARGV[1] the trailer: a NUL byte (no JSON text holds one), then the consumption
-- ARGV[2] PX of the tombstone (ms, at least 1)
-- ARGV[3] the largest value returned in the reply; a larger one is read by a GET after the script
--
-- Reply: nil when neither key holds a value; {0, value} or {0} when the entry was moved (value =
-- the entry's bytes followed by the trailer); {1, value} or {1} when only the tombstone key holds
-- a value, which is left as it is.

if redis.call('EXISTS', KEYS[1]) == 1 then
  local size = redis.call('APPEND', KEYS[1], ARGV[1])
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  if size <= tonumber(ARGV[3]) then
    return {0, redis.call('GET', KEYS[2])}
  end
  return {0}
end
local size = redis.call('STRLEN', KEYS[2])
if size == 0 then
  return nil
end
if size <= tonumber(ARGV[3]) then
  return {1, redis.call('GET', KEYS[2])}
end
return {1}
