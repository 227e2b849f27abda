-- Parking Lot: claim the entry under KEYS[1] for a callback, as one atomic step. KEYS[1] is the key
-- the original (npm autotel) reads; KEYS[2] and KEYS[3] are its tombstone's keys (the entry's bytes,
-- the consumption record), in the same hash slot.
--
-- No JSON is read here: the store checks expiry and the consumed marker after the reply. A live
-- entry is moved whole by RENAME, which copies nothing (GETEX sets its expiry and returns a small
-- one in one call), so the key the original reads is empty
-- afterwards and the cost does not grow with the value.
--
-- ARGV[1] the consumption record     ARGV[2] PX of the tombstone (ms, at least 1)
-- ARGV[3] the largest value returned in the reply; a larger one is read by the store after it
--
-- Reply: nil when neither KEYS[1] nor KEYS[2] holds a value; {0, value} or {0} when the entry was
-- moved; {1, record, value} or {1, record} when only the tombstone holds one (left as it is; the
-- record is empty when there is none).

local size = redis.call('STRLEN', KEYS[1])
if size > 0 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
  if size <= tonumber(ARGV[3]) then
    return {0, redis.call('GETEX', KEYS[2], 'PX', ARGV[2])}
  end
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return {0}
end
size = redis.call('STRLEN', KEYS[2])
if size == 0 then
  return nil
end
local record = redis.call('GET', KEYS[3]) or ''
if size <= tonumber(ARGV[3]) then
  return {1, record, redis.call('GET', KEYS[2])}
end
return {1, record}
