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
 * <p>Contract, for every implementation. The clauses are numbered: each rule of {@code
 * parking-lot-store-tck} cites the clause it checks, and its catalogue ({@code store-tck/README.md})
 * marks the clauses no rule can check as untested.
 *
 * <ol>
 *   <li><b>S1 Keys.</b> Keys are {@link StoreKey}s, checked when they were made: a store never
 *       checks them again. The entry's key is {@link StoreKey#value()}, the lot's prefix plus the
 *       correlation key, at most {@link dev.parkinglot.ParkingLotLimits#MAX_STORE_KEY_LENGTH} chars;
 *       any such key, with quotes, backslashes, unicode or SQL, round-trips unchanged, and two keys
 *       of one value are one entry. Keys that differ in any character (case, accents, spaces, a
 *       character after the 255th) are different entries: a key is never cut, folded or trimmed. A
 *       store that keeps entries by the two parts reads {@link StoreKey#prefix()} and {@link
 *       StoreKey#correlationKey()}. Lookups ({@link #load}, {@link #take}, {@link #claim},
 *       {@link #exists}, {@link #delete}) may come with a longer key, made by {@link
 *       StoreKey.Prefix#readKey(String)} for an entry another writer parked (at most {@value
 *       dev.parkinglot.ParkingLotLimits#MAX_KEY_PREFIX_LENGTH} plus {@value
 *       dev.parkinglot.ParkingLotLimits#MAX_READ_CORRELATION_KEY_LENGTH} chars): a store whose
 *       backend cannot hold such a key answers that there is no entry, never an error.
 *   <li><b>S2 Save.</b> {@link #save} replaces any entry under the key, every field of it, in one
 *       step: concurrent saves of one key, new or not, all succeed and one whole entry wins.
 *   <li><b>S3 Expiry on read.</b> An entry lives for {@code [parkedAt, expiresAt)}, per entry. An
 *       expired entry is never returned by {@link #load} or {@link #take} and never reported by
 *       {@link #exists}, whatever the backend's own expiry does: expiry is checked against the
 *       store's clock on read. An entry saved already expired is never returned.
 *   <li><b>S4 Backend expiry.</b> Where the backend or the store removes expired entries by itself
 *       (a TTL, a purge, a sweeper), it removes them after they expire and never a live one.
 *   <li><b>S5 Operations.</b> {@link #load} leaves the entry in place; {@link #delete} removes it
 *       (a missing key is not an error); {@link #exists} is true exactly while a live entry is there.
 *   <li><b>S6 Take.</b> {@link #take} returns and removes the entry, atomically: of any number of
 *       concurrent takes of one key, exactly one gets the entry; a take never returns an entry that
 *       another take also returned, nor another key's entry.
 *   <li><b>S7 Fields.</b> Every field of the context round-trips: ids, the whole flags byte,
 *       tracestate, baggage, park time to the millisecond, ttl to the millisecond, the metadata's
 *       entries (not their order: {@link StoredTraceContext#equals} ignores it, and a backend such as
 *       a DynamoDB map may return them in another order) and the consumed marker of a tombstone.
 *   <li><b>S8 Claim.</b> {@link #claim} behaves as its Javadoc says: a live entry becomes its
 *       tombstone ({@code CLAIMED}), a live tombstone is a {@code DUPLICATE}, anything else is {@code
 *       NOT_FOUND} and writes nothing.
 *   <li><b>S9 Atomic claim.</b> A store whose {@link #claimIsAtomic()} is true has exactly one
 *       {@code CLAIMED} of any number of concurrent claims of one live entry.
 *   <li><b>S10 Null arguments.</b> A null key or context throws {@link NullPointerException} and
 *       changes nothing.
 *   <li><b>S11 Errors.</b> Errors are this library's exceptions, with the backend's exception as
 *       the cause: {@link StoreUnavailableException} when the backend cannot be reached, {@link
 *       CorruptEntryException} naming the key for an entry that cannot be read, {@link
 *       StoreFullException} for a bounded store at its limit (which evicts nothing). A corrupt entry
 *       is never returned as some other context; a take removes it where the backend allows.
 *   <li><b>S12 Threads.</b> Implementations are thread-safe.
 *   <li><b>S13 Close.</b> {@link #close()} is idempotent and releases what the store created,
 *       leaving what the caller passed in open.
 *   <li><b>S14 Instances.</b> Two instances over one backend namespace see the same entries; the
 *       instances of an in-process store are independent of each other.
 *   <li><b>S15 Name.</b> {@link #name()} is short and stable, never a URL or anything secret.
 * </ol>
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
