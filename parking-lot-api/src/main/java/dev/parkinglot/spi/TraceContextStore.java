package dev.parkinglot.spi;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoreFullException;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
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
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws StoreFullException if a bounded store is full
   */
  void save(String key, StoredTraceContext context);

  /**
   * Reads the live entry under {@code key} without removing it.
   *
   * @return the entry, or empty when there is none or it has expired
   * @throws StoreUnavailableException if the backend cannot be reached
   * @throws CorruptEntryException if the stored entry cannot be read
   */
  Optional<StoredTraceContext> load(String key);

  /**
   * Atomically reads and removes the live entry under {@code key}: of concurrent takes of one key,
   * exactly one gets it.
   *
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
   * @throws StoreUnavailableException if the backend cannot be reached
   */
  void delete(String key);

  /**
   * Whether a live entry exists under {@code key}.
   *
   * @throws StoreUnavailableException if the backend cannot be reached
   */
  boolean exists(String key);

  /**
   * Releases what the store created (connections, pools, threads); resources the caller passed in
   * stay open. Idempotent. The default does nothing.
   */
  @Override
  default void close() {}
}
