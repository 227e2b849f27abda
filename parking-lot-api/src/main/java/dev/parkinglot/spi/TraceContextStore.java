package dev.parkinglot.spi;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.StoreFullException;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Where parked contexts live. Implement this, and a {@link TraceContextStoreProvider} to make the
 * store discoverable, then run {@code parking-lot-store-tck} against it.
 *
 * <p>Contract, for every implementation:
 *
 * <ul>
 *   <li>Keys are {@link StoreKey}s, checked when they were made: a store never checks them again.
 *       The entry's key is {@link StoreKey#value()}, the lot's prefix plus the correlation key, at
 *       most {@link dev.parkinglot.ParkingLotLimits#MAX_STORE_KEY_LENGTH} chars; any such key, with
 *       quotes, backslashes, unicode or SQL, round-trips unchanged, and two keys of one value are
 *       one entry. A store that keeps entries by the two parts reads {@link StoreKey#prefix()} and
 *       {@link StoreKey#correlationKey()}. Lookups ({@link #load}, {@link #take}, {@link #claim},
 *       {@link #exists}, {@link #delete}) may come with a longer key, made by {@link
 *       StoreKey.Prefix#readKey(String)} for an entry another writer parked (at most {@value
 *       dev.parkinglot.ParkingLotLimits#MAX_KEY_PREFIX_LENGTH} plus {@value
 *       dev.parkinglot.ParkingLotLimits#MAX_READ_CORRELATION_KEY_LENGTH} chars): a store whose
 *       backend cannot hold such a key answers that there is no entry, never an error.
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
   * @param key the key
   * @param context the context to store
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws StoreFullException if a bounded store is full
   */
  void save(StoreKey key, StoredTraceContext context);

  /**
   * Reads the live entry under {@code key} (a tombstone is an entry too) without removing it.
   *
   * @param key the key
   * @return the entry, or empty when there is none or it has expired
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws CorruptEntryException if the stored entry cannot be read
   */
  Optional<StoredTraceContext> load(StoreKey key);

  /**
   * Atomically reads and removes the live entry under {@code key}: of concurrent takes of one key,
   * exactly one gets it.
   *
   * @param key the key
   * @return the entry, or empty when there is none, it has expired, or another take got it
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws CorruptEntryException if the stored entry cannot be read (it is removed all the same
   *     where the backend allows, so that it cannot fail every later take)
   */
  Optional<StoredTraceContext> take(StoreKey key);

  /**
   * Claims the entry under {@code key} for a callback and leaves a tombstone for duplicate
   * detection, as one step:
   *
   * <ul>
   *   <li>a live entry that is not a tombstone is replaced by {@linkplain
   *       Consumption#tombstoneOf(StoredTraceContext) its tombstone}, consumed at {@link
   *       Consumption#consumedAtMillis()} and living until {@link
   *       Consumption#tombstoneExpiresAtMillis()}: {@link ClaimResult#claimed};
   *   <li>a live tombstone is left as it is: {@link ClaimResult#duplicate};
   *   <li>no live entry: {@link ClaimResult#notFound}, and nothing is written.
   * </ul>
   *
   * <p>A store whose claim is atomic (of any number of concurrent claims of one live entry, exactly
   * one is {@code CLAIMED}) says so through {@link #claimIsAtomic()}. Every built-in store does. This
   * default is a take followed by a save, correct for one caller at a time but not atomic: two racing
   * claims may both be {@code CLAIMED}.
   *
   * @param key the key
   * @param consumption when the context is consumed and how long its tombstone lives, worked out
   *     by the caller
   * @return what the claim found
   * @throws NullPointerException if an argument is null; nothing is changed then
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws CorruptEntryException if the stored entry cannot be read
   */
  default ClaimResult claim(StoreKey key, Consumption consumption) {
    // Checked before the take, so that a null cannot lose the entry between take and save.
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(consumption, "consumption must not be null");
    Optional<StoredTraceContext> taken = take(key);
    if (taken.isEmpty()) {
      return ClaimResult.notFound();
    }
    StoredTraceContext entry = taken.get();
    if (entry.isConsumed()) {
      save(key, entry);
      return ClaimResult.duplicate(entry);
    }
    save(key, consumption.tombstoneOf(entry));
    return ClaimResult.claimed(entry);
  }

  /**
   * Removes the entry under {@code key}, if any. Removing a missing key is not an error.
   *
   * @param key the key
   * @throws StoreUnavailableException if the backend cannot be reached
   */
  void delete(StoreKey key);

  /**
   * Whether a live entry exists under {@code key} (a tombstone is an entry too).
   *
   * @param key the key
   * @return true when a live entry exists under the key
   * @throws StoreUnavailableException if the backend cannot be reached
   */
  boolean exists(StoreKey key);

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
