-- Parking Lot: delete the tombstone key KEYS[1] if it still ends with the trailer ARGV[1], that is
-- if it still holds what this store's claim moved there (a claim of an entry that turned out
-- expired by the store's clock, or unreadable, is undone this way). Reads at most #ARGV[1] bytes.
local n = string.len(ARGV[1])
if redis.call('GETRANGE', KEYS[1], -n, -1) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
