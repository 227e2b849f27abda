package dev.parkinglot.spi;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoreFullException;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where parked contexts live. Implement this, and a {@link TraceContextStoreProvider} to make the
 * store discoverable, then run {@code parking-lot-store-tck} against it.
 *
 * <p>Contract, for every implementation:
 *
 * <ul>
 *   <li>Keys are store keys: the lot's prefix plus the correlation key, at most {@link
 *       dev.parkinglot.ParkingLotLimits#MAX_STORE_KEY_LENGTH} chars. Any such key, with quotes,
 *       backslashes, unicode or SQL, round-trips unchanged.
 *   <li>{@link #save} replaces any entry under the key. The entry lives until {@link
 *       StoredTraceContext#expiresAt()}, per entry.
 *   <li>An expired entry is never returned by {@link #load} or {@link #take} and never reported by
 *       {@link #exists}, whatever the backend's own expiry does: expiry is checked against the
 *       store's clock on read.
 *   <li>{@link #take} is atomic: of any number of concurrent takes of one key, exactly one gets the
 *       entry; a take never returns an entry that another take also returned.
 *   <li>Every field of the context round-trips: ids, the whole flags byte, tracestate, baggage, park
 *       time to the millisecond, ttl to the millisecond, and metadata.
 *   <li>Errors are this library's exceptions, with the backend's exception as the cause: {@link
 *       StoreUnavailableException} when the backend cannot be reached, {@link CorruptEntryException}
 *       for an entry that cannot be read, {@link StoreFullException} for a bounded store at its
 *       limit. A corrupt entry is never returned as some other context.
 *   <li>Implementations are thread-safe.
 * </ul>
 */
public interface TraceContextStore extends AutoCloseable {

  /**
   * Stores {@code context} under {@code key}, replacing any entry there.
   *
   * @param key the store key, prefix included
   * @param context the context to store
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws StoreFullException if a bounded store is full
   */
  void save(String key, StoredTraceContext context);

  /**
   * {@link #save(String, StoredTraceContext)} under the store key {@code keyPrefix +
   * correlationKey}, given in its two parts, as a lot holds it. The default joins them; a store may
   * override this to keep the key without building the joined string (a lot calls it on every
   * park). Either way the entry is the one {@code save(keyPrefix + correlationKey, context)} would
   * store, found by every lookup of the joined key.
   *
   * @param keyPrefix the lot's key prefix
   * @param correlationKey the correlation key
   * @param context the context to store
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the joined key breaks {@link
   *     ParkingLotLimits#checkStoreKey(String)}
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws StoreFullException if a bounded store is full
   */
  default void save(String keyPrefix, String correlationKey, StoredTraceContext context) {
    ParkingLotLimits.checkStoreKey(keyPrefix, correlationKey);
    save(keyPrefix.concat(correlationKey), context);
  }

  /**
   * Reads the live entry under {@code key} without removing it.
   *
   * @param key the store key, prefix included
   * @return the entry, or empty when there is none or it has expired
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws CorruptEntryException if the stored entry cannot be read
   */
  Optional<StoredTraceContext> load(String key);

  /**
   * Atomically reads and removes the live entry under {@code key}: of concurrent takes of one key,
   * exactly one gets it.
   *
   * @param key the store key, prefix included
   * @return the entry, or empty when there is none, it has expired, or another take got it
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws CorruptEntryException if the stored entry cannot be read (it is removed all the same
   *     where the backend allows, so that it cannot fail every later take)
   */
  Optional<StoredTraceContext> take(String key);

  /**
   * {@link #load(String)} of the store key {@code keyPrefix + correlationKey}, given in its two
   * parts, as a lot holds it. The default joins them; a store may override this to look the entry up
   * without building the joined string (a lot calls it on every peek and callback lookup). Either
   * way the result is that of {@code load(keyPrefix + correlationKey)}.
   *
   * @param keyPrefix the lot's key prefix
   * @param correlationKey the correlation key
   * @return as {@link #load(String)}
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the joined key breaks {@link
   *     ParkingLotLimits#checkStoreKey(String)}
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws CorruptEntryException if the stored entry cannot be read
   */
  default Optional<StoredTraceContext> load(String keyPrefix, String correlationKey) {
    ParkingLotLimits.checkStoreKey(keyPrefix, correlationKey);
    return load(keyPrefix.concat(correlationKey));
  }

  /**
   * {@link #take(String)} of the store key {@code keyPrefix + correlationKey}, given in its two
   * parts, as a lot holds it. The default joins them; a store may override this to look the entry up
   * without building the joined string (a lot calls it on every retrieve and callback claim). Either
   * way the result, atomicity included, is that of {@code take(keyPrefix + correlationKey)}.
   *
   * @param keyPrefix the lot's key prefix
   * @param correlationKey the correlation key
   * @return as {@link #take(String)}
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the joined key breaks {@link
   *     ParkingLotLimits#checkStoreKey(String)}
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws CorruptEntryException if the stored entry cannot be read
   */
  default Optional<StoredTraceContext> take(String keyPrefix, String correlationKey) {
    ParkingLotLimits.checkStoreKey(keyPrefix, correlationKey);
    return take(keyPrefix.concat(correlationKey));
  }

  /**
   * Removes the entry under {@code key}, if any. Removing a missing key is not an error.
   *
   * @param key the store key, prefix included
   * @throws StoreUnavailableException if the backend cannot be reached
   */
  void delete(String key);

  /**
   * Whether a live entry exists under {@code key}.
   *
   * @param key the store key, prefix included
   * @return true when a live entry exists under the key
   * @throws StoreUnavailableException if the backend cannot be reached
   */
  boolean exists(String key);

  /**
   * Claims the entry under {@code key} for a callback and leaves a tombstone for duplicate
   * detection, as one step:
   *
   * <ul>
   *   <li>a live entry that is not a tombstone is replaced by {@link
   *       StoredTraceContext#asConsumed(Instant, Duration) its tombstone} consumed at {@code now} and
   *       living for {@code tombstoneTtl}: {@link ClaimResult#claimed};
   *   <li>a live tombstone is left as it is: {@link ClaimResult#duplicate};
   *   <li>no live entry: {@link ClaimResult#notFound}, and nothing is written.
   * </ul>
   *
   * <p>A store whose claim is atomic (of any number of concurrent claims of one live entry, exactly
   * one is {@code CLAIMED}) says so through {@link #claimIsAtomic()}. Every built-in store does. This
   * default is a take followed by a save, correct for one caller at a time but not atomic: two racing
   * claims may both be {@code CLAIMED}.
   *
   * @param key the store key, prefix included
   * @param now the time of the claim: the tombstone's consumption time, and the time against which
   *     expiry is checked
   * @param tombstoneTtl how long the tombstone lives after {@code now}
   * @return what the claim found
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code key} breaks {@link ParkingLotLimits#checkStoreKey(String)}
   *     or {@code tombstoneTtl} breaks {@link ParkingLotLimits#checkTtl(Duration)}; nothing is changed
   *     then
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws CorruptEntryException if the stored entry cannot be read
   */
  default ClaimResult claim(String key, Instant now, Duration tombstoneTtl) {
    // Checked before the take, so that bad arguments cannot lose the entry between take and save.
    Objects.requireNonNull(now, "now must not be null");
    ParkingLotLimits.checkTtl(tombstoneTtl);
    Optional<StoredTraceContext> taken = take(key);
    if (taken.isEmpty()) {
      return ClaimResult.notFound();
    }
    StoredTraceContext entry = taken.get();
    if (entry.isConsumed()) {
      save(key, entry);
      return ClaimResult.duplicate(entry);
    }
    save(key, entry.asConsumed(now, tombstoneTtl));
    return ClaimResult.claimed(entry);
  }

  /**
   * {@link #claim(String, Instant, Duration)} of the store key {@code keyPrefix + correlationKey},
   * given in its two parts, as a lot holds it. The default joins them; a store may override this to
   * find the entry without building the joined string (a lot calls it on every consuming retrieve
   * and callback claim while duplicate detection is on). Either way the result, atomicity included,
   * is that of {@code claim(keyPrefix + correlationKey, now, tombstoneTtl)}.
   *
   * @param keyPrefix the lot's key prefix
   * @param correlationKey the correlation key
   * @param now the time of the claim
   * @param tombstoneTtl how long the tombstone lives after {@code now}
   * @return as {@link #claim(String, Instant, Duration)}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the joined key breaks {@link
   *     ParkingLotLimits#checkStoreKey(String)} or {@code tombstoneTtl} breaks {@link
   *     ParkingLotLimits#checkTtl(Duration)}; nothing is changed then
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws CorruptEntryException if the stored entry cannot be read
   */
  default ClaimResult claim(String keyPrefix, String correlationKey, Instant now, Duration tombstoneTtl) {
    ParkingLotLimits.checkStoreKey(keyPrefix, correlationKey);
    return claim(keyPrefix.concat(correlationKey), now, tombstoneTtl);
  }

  /**
   * Whether {@link #claim} is atomic. False for the default implementation; a store that overrides
   * {@code claim} with one atomic backend operation returns true, and the TCK then checks it under
   * contention.
   *
   * @return true when {@code claim} is one atomic operation
   */
  default boolean claimIsAtomic() {
    return false;
  }

  /**
   * A short, stable name of the backend for metrics and logs, such as {@code memory} or {@code
   * redis}; never a URL or anything secret. The default is derived from the class name.
   *
   * @return the backend's name
   */
  default String name() {
    String simple = getClass().getSimpleName();
    String base = simple.endsWith("TraceContextStore") ? simple.substring(0, simple.length() - 17) : simple;
    return base.isEmpty() ? "custom" : base.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Releases what the store created (connections, pools, threads); resources the caller passed in
   * stay open. Idempotent. The default does nothing.
   */
  @Override
  default void close() {}
}
