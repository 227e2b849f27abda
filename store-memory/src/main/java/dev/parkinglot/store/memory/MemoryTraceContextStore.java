package dev.parkinglot.store.memory;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoreFullException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/*
 * Design notes.
 *
 * Entries are the StoredTraceContext values themselves: they are immutable and compact (one
 * 56-byte object without extras), so the map holds nothing the caller can change and no copy of
 * strings the caller passed.
 *
 * Take is ConcurrentHashMap.remove(key): the map removes a mapping at most once, so of concurrent
 * takes exactly one sees the value. Expiry is checked on every read against the injected clock, so
 * an expired entry is never returned even if the sweeper has not run; the sweeper only reclaims
 * memory. Removing an expired entry on read uses remove(key, value), so it never removes a newer
 * entry saved under the same key in between.
 *
 * Claim reads the live entry and swaps in its tombstone with ConcurrentHashMap.replace(key, entry,
 * tombstone), which succeeds for one caller only: of racing claims exactly one replaces the entry;
 * the others fail the replace, read again and find the tombstone (a duplicate). An expired entry
 * found there is removed as on any read; a claim never adds a key.
 *
 * Tombstones the claim writes are a Tombstone holder (16 bytes: the claimed entry and the lot's
 * Consumption, which the lot made anyway) rather than StoredTraceContext.asConsumed (a new 56-byte
 * entry plus its extras): a claim is on every consuming retrieve and callback, a duplicate is
 * rare. The holder turns into the asConsumed form whenever it leaves the store (load, take, a
 * duplicate claim), with the same expiry, so callers see what every other store returns.
 *
 * Keys are the lot's StoreKeys, kept as they come: their equals and hashCode are those of the
 * joined key but never build it (the hash comes from the parts' own cached hashes), so neither a
 * park nor a lookup allocates a key of its own, and a stored key shares the lot's prefix String and
 * the caller's correlation key. Two keys of one value, however split, are one entry.
 *
 * The bound is a counter of mappings, raised when a put adds a key and lowered when a remove takes
 * one away. A put that takes the count over the limit is undone and refused; before refusing, expired
 * entries are purged once, so a store full of dead entries makes room for live ones. Tombstones
 * count like entries until they expire.
 */

/**
 * The embedded default store: entries in a {@link ConcurrentHashMap} of this JVM, bounded, with
 * per-entry expiry checked on read and a daemon thread that removes expired entries periodically.
 *
 * <p>Parked contexts do not survive a restart and are not shared between instances of a service:
 * use it for development, tests and single-instance services. Thread-safe.
 *
 * <pre>{@code
 * TraceContextStore store = MemoryTraceContextStore.builder()
 *     .maxEntries(100_000)
 *     .sweepInterval(Duration.ofMinutes(1))
 *     .build();
 * }</pre>
 */
public final class MemoryTraceContextStore implements TraceContextStore {
  /** Default maximum number of entries. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;
  /** Default interval between sweeps of expired entries. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

  private static final System.Logger LOGGER = System.getLogger(MemoryTraceContextStore.class.getName());

  /** The lot's {@link StoreKey} to a StoredTraceContext or a {@link Tombstone}. */
  private final ConcurrentHashMap<StoreKey, Object> entries;
  private final AtomicInteger count = new AtomicInteger();
  private final int maxEntries;
  private final Clock clock;
  private final @Nullable ScheduledExecutorService sweeper;
  private volatile boolean closed;

  private MemoryTraceContextStore(Builder builder) {
    this.maxEntries = builder.maxEntries;
    this.clock = builder.clock;
    this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1024));
    if (builder.sweepInterval.isZero()) {
      this.sweeper = null;
    } else {
      this.sweeper =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "parking-lot-memory-sweeper");
                thread.setDaemon(true);
                return thread;
              });
      long periodMillis = builder.sweepInterval.toMillis();
      sweeper.scheduleWithFixedDelay(this::sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A store with the default bound and sweep interval and the system clock.
   *
   * @return a new store
   */
  public static MemoryTraceContextStore create() {
    return builder().build();
  }

  /**
   * A builder with the defaults: {@value #DEFAULT_MAX_ENTRIES} entries, a sweep every minute, the
   * system clock.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void save(StoreKey key, StoredTraceContext context) {
    Objects.requireNonNull(context, "context must not be null");
    checkOpen();
    StoreKey stored = key;
    if (entries.put(stored, context) != null) {
      return;
    }
    if (count.incrementAndGet() <= maxEntries) {
      return;
    }
    // Over the bound: make room from expired entries once, then keep the entry only if it fits.
    purgeExpired();
    if (count.get() <= maxEntries) {
      return;
    }
    if (entries.remove(stored, context)) {
      count.decrementAndGet();
    }
    throw new StoreFullException(
        "memory store is full: it holds " + maxEntries + " live entries, the maximum"
            + " (raise parkinglot.memory.max-entries, or shorten ttls)",
        maxEntries);
  }

  @Override
  public Optional<StoredTraceContext> load(StoreKey key) {
    checkOpen();
    StoreKey lookup = key;
    Object value = entries.get(lookup);
    if (value == null) {
      return Optional.empty();
    }
    if (isExpiredAt(value, clock.millis())) {
      removeIfSame(lookup, value);
      return Optional.empty();
    }
    return Optional.of(asContext(value));
  }

  @Override
  public Optional<StoredTraceContext> take(StoreKey key) {
    checkOpen();
    Object value = entries.remove(key);
    if (value == null) {
      return Optional.empty();
    }
    count.decrementAndGet();
    return isExpiredAt(value, clock.millis()) ? Optional.empty() : Optional.of(asContext(value));
  }

  @Override
  public void delete(StoreKey key) {
    checkOpen();
    if (entries.remove(key) != null) {
      count.decrementAndGet();
    }
  }

  @Override
  public boolean exists(StoreKey key) {
    return load(key).isPresent();
  }

  /**
   * Claims the entry under {@code key} in one atomic step, as {@link TraceContextStore#claim}
   * describes: the live entry is replaced by its tombstone, which counts against the bound like any
   * entry until it expires.
   *
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public ClaimResult claim(StoreKey key, Consumption consumption) {
    Objects.requireNonNull(consumption, "consumption must not be null");
    checkOpen();
    StoreKey lookup = key;
    long nowMillis = clock.millis();
    while (true) {
      Object value = entries.get(lookup);
      if (value == null) {
        return ClaimResult.notFound();
      }
      if (isExpiredAt(value, nowMillis)) {
        removeIfSame(lookup, value);
        return ClaimResult.notFound();
      }
      if (value instanceof Tombstone) {
        return ClaimResult.duplicate(((Tombstone) value).asConsumed());
      }
      StoredTraceContext live = (StoredTraceContext) value;
      if (live.isConsumed()) {
        return ClaimResult.duplicate(live);
      }
      if (entries.replace(lookup, live, new Tombstone(live, consumption))) {
        return ClaimResult.claimed(live);
      }
      // The entry changed between the read and the replace (another claim, take or save): read again.
    }
  }

  /** True: {@link #claim} swaps the entry for its tombstone with one conditional replace on the map. */
  @Override
  public boolean claimIsAtomic() {
    return true;
  }

  /** {@code memory}. */
  @Override
  public String name() {
    return "memory";
  }

  /**
   * Removes every expired entry now; the sweeper calls this periodically.
   *
   * @return how many entries were removed
   */
  public int purgeExpired() {
    long now = clock.millis();
    int removed = 0;
    for (Iterator<Map.Entry<StoreKey, Object>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<StoreKey, Object> entry = it.next();
      if (isExpiredAt(entry.getValue(), now) && removeIfSame(entry.getKey(), entry.getValue())) {
        removed++;
      }
    }
    return removed;
  }

  /** One sweep; a failure is logged and never stops later sweeps. */
  private void sweep() {
    try {
      purgeExpired();
    } catch (RuntimeException e) {
      LOGGER.log(System.Logger.Level.WARNING, "memory store sweep failed; the next sweep runs as scheduled", e);
    }
  }

  /**
   * The number of entries held, tombstones included, and expired ones the sweeper has not yet
   * removed.
   *
   * @return the number of entries held
   */
  public int size() {
    return count.get();
  }

  /** Whether the map holds an entry under {@code key}, expired or not; for the TCK's backend-expiry rule. */
  boolean holdsEntry(StoreKey key) {
    return entries.containsKey(key);
  }

  /**
   * The configured bound.
   *
   * @return the maximum number of entries
   */
  public int maxEntries() {
    return maxEntries;
  }

  /** Stops the sweeper and drops every entry. Operations after close throw {@link IllegalStateException}. */
  @Override
  public void close() {
    closed = true;
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    entries.clear();
    count.set(0);
  }

  private boolean removeIfSame(StoreKey key, Object value) {
    if (entries.remove(key, value)) {
      count.decrementAndGet();
      return true;
    }
    return false;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("memory store is closed");
    }
  }

  private static boolean isExpiredAt(Object value, long nowMillis) {
    return value instanceof Tombstone
        ? nowMillis >= ((Tombstone) value).expiresAtMillis()
        : ((StoredTraceContext) value).isExpiredAt(nowMillis);
  }

  private static StoredTraceContext asContext(Object value) {
    return value instanceof Tombstone ? ((Tombstone) value).asConsumed() : (StoredTraceContext) value;
  }

  @Override
  public String toString() {
    return "MemoryTraceContextStore{size=" + count.get() + ", maxEntries=" + maxEntries + '}';
  }

  /**
   * A claimed entry kept for duplicate detection: the entry as it was and its consumption. It
   * stands for {@code consumption.tombstoneOf(entry)} and expires when that
   * would; {@link #asConsumed()} builds that form when the tombstone leaves the store.
   */
  private static final class Tombstone {
    private final StoredTraceContext entry;
    private final Consumption consumption;

    Tombstone(StoredTraceContext entry, Consumption consumption) {
      this.entry = entry;
      this.consumption = consumption;
    }

    /** The expiry of {@link #asConsumed()}, computed as {@link StoredTraceContext#asConsumed} computes it. */
    long expiresAtMillis() {
      long until = consumption.tombstoneExpiresAtMillis();
      long parkedAt = entry.parkedAtMillis();
      long ttl = Math.max(1, Math.min(ParkingLotLimits.MAX_TTL.toMillis(), until - parkedAt));
      long expiresAt = parkedAt + ttl;
      return expiresAt < parkedAt ? Long.MAX_VALUE : expiresAt; // capped, as StoredTraceContext.expiresAtMillis is
    }

    StoredTraceContext asConsumed() {
      return consumption.tombstoneOf(entry);
    }
  }

  /** Builds a {@link MemoryTraceContextStore}. */
  public static final class Builder {
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The most entries the store holds; a save beyond it throws {@link StoreFullException}. Default
     * {@value #DEFAULT_MAX_ENTRIES}.
     *
     * @param maxEntries the maximum number of entries
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxEntries(int maxEntries) {
      if (maxEntries <= 0) {
        throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /**
     * How often the daemon sweeper removes expired entries; {@link Duration#ZERO} disables it
     * (expired entries are still never returned). Default one minute.
     *
     * @param sweepInterval the interval between sweeps, or zero for none
     * @return this builder
     * @throws IllegalArgumentException if negative, or positive but under one millisecond
     */
    public Builder sweepInterval(Duration sweepInterval) {
      Objects.requireNonNull(sweepInterval, "sweepInterval must not be null");
      if (sweepInterval.isNegative() || (!sweepInterval.isZero() && sweepInterval.toMillis() < 1)) {
        throw new IllegalArgumentException(
            "sweepInterval must be zero (off) or at least 1 ms, was " + sweepInterval);
      }
      this.sweepInterval = sweepInterval;
      return this;
    }

    /**
     * The clock that decides expiry; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Builds the store, and starts its sweeper thread unless the sweep interval is zero.
     *
     * @return the new store
     */
    public MemoryTraceContextStore build() {
      return new MemoryTraceContextStore(this);
    }
  }
}
