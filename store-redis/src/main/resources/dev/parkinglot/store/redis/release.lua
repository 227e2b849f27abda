-- Parking Lot: undo a claim (of an entry that turned out expired by the store's clock, or
-- unreadable): delete the tombstone keys KEYS[1] and KEYS[2] if the consumption record KEYS[2]
-- still is this claim's, ARGV[1].
if redis.call('GET', KEYS[2]) == ARGV[1] then
  return redis.call('DEL', KEYS[1], KEYS[2])
end
return 0
