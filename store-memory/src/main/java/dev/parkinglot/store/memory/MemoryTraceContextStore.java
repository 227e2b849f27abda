package dev.parkinglot.store.memory;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoreFullException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Claim is one ConcurrentHashMap.computeIfPresent: the map runs the function for a key at most once
 * at a time, so of racing claims exactly one sees the live entry and replaces it with its tombstone;
 * the others see the tombstone. An expired entry found there is removed by the same step (the
 * function returns null), which is the only way a claim changes the count: it never adds a key.
 *
 * A lot looks entries up by its prefix and the correlation key (load/take with two parts): the
 * lookup uses a JoinedKey equal to the stored prefix + key String instead of building that String,
 * which saves a 64-byte allocation and a copy on every retrieve and callback claim.
 *
 * The bound is a counter of mappings, raised when a put adds a key and lowered when a remove takes
 * one away. A put that takes the count over the limit is undone and refused; before refusing, expired
 * entries are purged once, so a store full of dead entries makes room for live ones.
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

  private final ConcurrentHashMap<String, StoredTraceContext> entries;
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

  /** A store with the default bound and sweep interval and the system clock. */
  public static MemoryTraceContextStore create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void save(String key, StoredTraceContext context) {
    ParkingLotLimits.checkStoreKey(key);
    Objects.requireNonNull(context, "context must not be null");
    checkOpen();
    if (entries.put(key, context) != null) {
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
    if (entries.remove(key, context)) {
      count.decrementAndGet();
    }
    throw new StoreFullException(
        "memory store is full: it holds " + maxEntries + " live entries, the maximum"
            + " (raise parkinglot.memory.max-entries, or shorten ttls)",
        maxEntries);
  }

  @Override
  public Optional<StoredTraceContext> load(String key) {
    ParkingLotLimits.checkStoreKey(key);
    checkOpen();
    StoredTraceContext context = entries.get(key);
    if (context == null) {
      return Optional.empty();
    }
    if (context.isExpiredAt(clock.millis())) {
      removeIfSame(key, context);
      return Optional.empty();
    }
    return Optional.of(context);
  }

  /** As {@link #load(String)} of {@code keyPrefix + correlationKey}, without building that string. */
  @Override
  public Optional<StoredTraceContext> load(String keyPrefix, String correlationKey) {
    ParkingLotLimits.checkStoreKey(keyPrefix, correlationKey);
    checkOpen();
    JoinedKey key = new JoinedKey(keyPrefix, correlationKey);
    StoredTraceContext context = entries.get(key);
    if (context == null) {
      return Optional.empty();
    }
    if (context.isExpiredAt(clock.millis())) {
      removeIfSame(key, context);
      return Optional.empty();
    }
    return Optional.of(context);
  }

  @Override
  public Optional<StoredTraceContext> take(String key) {
    ParkingLotLimits.checkStoreKey(key);
    checkOpen();
    return taken(entries.remove(key));
  }

  /** As {@link #take(String)} of {@code keyPrefix + correlationKey}, without building that string. */
  @Override
  public Optional<StoredTraceContext> take(String keyPrefix, String correlationKey) {
    ParkingLotLimits.checkStoreKey(keyPrefix, correlationKey);
    checkOpen();
    return taken(entries.remove(new JoinedKey(keyPrefix, correlationKey)));
  }

  private Optional<StoredTraceContext> taken(@Nullable StoredTraceContext context) {
    if (context == null) {
      return Optional.empty();
    }
    count.decrementAndGet();
    return context.isExpiredAt(clock.millis()) ? Optional.empty() : Optional.of(context);
  }

  @Override
  public void delete(String key) {
    ParkingLotLimits.checkStoreKey(key);
    checkOpen();
    if (entries.remove(key) != null) {
      count.decrementAndGet();
    }
  }

  @Override
  public boolean exists(String key) {
    return load(key).isPresent();
  }

  /**
   * Claims the entry under {@code key} in one atomic step, as {@link TraceContextStore#claim}
   * describes: the live entry is replaced by its tombstone, which counts against the bound like any
   * entry until it expires.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the key or the tombstone ttl breaks its limit
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public ClaimResult claim(String key, Instant now, Duration tombstoneTtl) {
    ParkingLotLimits.checkStoreKey(key);
    Objects.requireNonNull(now, "now must not be null");
    ParkingLotLimits.checkTtl(tombstoneTtl);
    checkOpen();
    long nowMillis = clock.millis();
    ClaimResult[] result = {ClaimResult.notFound()};
    boolean[] removedExpired = {false};
    entries.computeIfPresent(key, (k, current) -> {
      if (current.isExpiredAt(nowMillis)) {
        removedExpired[0] = true;
        return null;
      }
      if (current.isConsumed()) {
        result[0] = ClaimResult.duplicate(current);
        return current;
      }
      result[0] = ClaimResult.claimed(current);
      return current.asConsumed(now, tombstoneTtl);
    });
    if (removedExpired[0]) {
      count.decrementAndGet();
    }
    return result[0];
  }

  /** True: {@link #claim} is one {@code computeIfPresent} on the map. */
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
    for (Iterator<Map.Entry<String, StoredTraceContext>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, StoredTraceContext> entry = it.next();
      if (entry.getValue().isExpiredAt(now) && removeIfSame(entry.getKey(), entry.getValue())) {
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

  /** The number of entries held, including expired ones the sweeper has not yet removed. */
  public int size() {
    return count.get();
  }

  /** Whether the map holds an entry under {@code key}, expired or not; for the TCK's backend-expiry rule. */
  boolean holdsEntry(String key) {
    return entries.containsKey(key);
  }

  /** The configured bound. */
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

  /** {@code key} is the stored String or a {@link JoinedKey} equal to it. */
  private boolean removeIfSame(Object key, StoredTraceContext context) {
    if (entries.remove(key, context)) {
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

  @Override
  public String toString() {
    return "MemoryTraceContextStore{size=" + count.get() + ", maxEntries=" + maxEntries + '}';
  }

  /**
   * A lookup key equal to the String {@code prefix + key} without building it. Its hash is that
   * String's hash, computed from the parts' cached hashes ({@code String.hashCode} is a polynomial
   * in 31, so hash(p + k) = hash(p) * 31^len(k) + hash(k)), and it equals a String made of the two
   * parts. ConcurrentHashMap compares the argument of get and remove with {@code
   * argument.equals(storedKey)}, as {@link Map#get} specifies ({@code Objects.equals(key, k)}), so
   * it finds entries saved under the joined String. Only ever an argument of a lookup, never a key
   * in the map: the asymmetric equals (a String never equals it) cannot confuse the map.
   */
  private static final class JoinedKey {
    /** 31^n as int arithmetic, for every length a store key can have. */
    private static final int[] POWERS_OF_31 = new int[ParkingLotLimits.MAX_STORE_KEY_LENGTH + 1];

    static {
      POWERS_OF_31[0] = 1;
      for (int i = 1; i < POWERS_OF_31.length; i++) {
        POWERS_OF_31[i] = POWERS_OF_31[i - 1] * 31;
      }
    }

    private final String prefix;
    private final String key;
    private final int hash;

    /** The parts were checked with {@link ParkingLotLimits#checkStoreKey(String, String)}. */
    JoinedKey(String prefix, String key) {
      this.prefix = prefix;
      this.key = key;
      this.hash = prefix.hashCode() * POWERS_OF_31[key.length()] + key.hashCode();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      if (!(other instanceof String)) {
        return false;
      }
      String joined = (String) other;
      return joined.length() == prefix.length() + key.length()
          && joined.startsWith(prefix)
          && joined.startsWith(key, prefix.length());
    }

    @Override
    public String toString() {
      return prefix + key;
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

    /** The clock that decides expiry; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    public MemoryTraceContextStore build() {
      return new MemoryTraceContextStore(this);
    }
  }
}
