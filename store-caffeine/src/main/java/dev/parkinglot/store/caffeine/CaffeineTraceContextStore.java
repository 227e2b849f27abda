package dev.parkinglot.store.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/*
 * Design notes.
 *
 * Values are the StoredTraceContext objects themselves, with no wrapper: they are immutable and
 * compact, and carry their own deadline (expiresAtMillis), which is all Caffeine's Expiry needs.
 * Per entry the store costs Caffeine's node (48 bytes for strong keys and values, a size bound and
 * variable expiry) on top of the ConcurrentHashMap node it lives in.
 *
 * Time: ClockTime bridges the injected Clock to Caffeine's Ticker (whole milliseconds as nanos) and
 * gives each entry its own lifetime, so a test clock drives Caffeine's expiry exactly as it drives
 * ours.
 *
 * Expiry is still checked on every read against clock.millis(). Caffeine already hides entries it
 * considers expired, and with this bridge its deadline is ours to the millisecond, but its view and
 * ours are two readings of the clock: Caffeine reads its ticker before it hands the value back, so
 * an entry whose deadline passes in between would reach the caller expired. And Caffeine treats
 * expiry as an eviction policy whose details (where the ticker is read, clamped durations, timer
 * wheel buckets of about a second, maintenance that runs later on another thread) are its own and
 * may change; "never returns an expired entry" is our contract, so it rests on our own check. It
 * costs one clock read per load, take and exists.
 *
 * Take is asMap().remove(key): Caffeine removes a mapping inside ConcurrentHashMap.compute, so of
 * concurrent takes exactly one gets the value; the others see null.
 *
 * Claim is asMap().computeIfPresent(key, f): Caffeine runs f inside ConcurrentHashMap.compute, so of
 * racing claims exactly one sees the live entry and replaces it with its tombstone, the others see
 * the tombstone. The tombstone's new deadline reaches Caffeine through Expiry.expireAfterUpdate,
 * which ClockTime answers from the new value's expiresAtMillis, like any save. f removes an entry
 * that our clock says has expired (returns null); Caffeine hides one that its ticker says has.
 *
 * Bounds: Caffeine takes one bound, a count or a weight, never both. The store bounds weight and
 * gives each entry at least its share of the byte budget, weight = max(estimated bytes,
 * maxTotalBytes / maximumSize): entries never weigh more than maxTotalBytes in all, and as every
 * entry weighs at least total/size there are never more than maximumSize of them. The estimate is
 * StoredTraceContext.estimatedHeapBytes() plus the key String and Caffeine's node and map slot.
 *
 * The bound evicts (Window TinyLFU picks the victim, which may be the entry just saved) rather
 * than refusing like the memory store. Eviction runs in Caffeine's maintenance, shortly after the
 * write and not inside it, so the size may exceed the bound briefly. Evictions are counted through
 * an eviction listener, which Caffeine calls only for evictions and expirations, never for our own
 * removes: a plain take or delete pays nothing for the counting. A removal listener would, as
 * Caffeine hands every removal to its executor.
 */

/**
 * An in-process store on <a href="https://github.com/ben-manes/caffeine">Caffeine</a>: entries
 * expire at their own {@link StoredTraceContext#expiresAt()}, the number of entries is bounded and
 * the least valuable are evicted (and counted) when the bound is reached, and with a {@link
 * Scheduler} expired entries are removed promptly even when the store is idle.
 *
 * <p>Parked contexts do not survive a restart and are not shared between instances of a service.
 * Thread-safe. Operations after {@link #close()} throw {@link IllegalStateException}.
 *
 * <pre>{@code
 * CaffeineTraceContextStore store = CaffeineTraceContextStore.builder()
 *     .maximumSize(100_000)
 *     .scheduler(Scheduler.systemScheduler())
 *     .build();
 * ...
 * long evicted = store.evictionCount();
 * }</pre>
 */
public final class CaffeineTraceContextStore implements TraceContextStore {
  /** Default maximum number of entries. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;
  /** Largest allowed maximum number of entries. */
  public static final long MAX_MAXIMUM_SIZE = Integer.MAX_VALUE;
  /**
   * The smallest allowed {@link Builder#maxEntryBytes(long) maximum entry size} and {@link
   * Builder#maxTotalBytes(long) byte bound}: about the estimate of an entry without extras.
   */
  public static final long MIN_ENTRY_BYTES = 256;
  /**
   * Estimated bytes of one mapping beyond its value and key chars: Caffeine's node with variable
   * expiry and a weight (~64), the map's node and slot (40), the key String's objects (40).
   */
  static final int MAPPING_BYTES = 144;

  private final Cache<String, StoredTraceContext> cache;
  private final ConcurrentMap<String, StoredTraceContext> map;
  private final Clock clock;
  private final long maximumSize;
  private final long maxTotalBytes;
  private final long maxEntryBytes;
  /** The least weight of an entry, its share of the byte budget: see the design notes. */
  private final int minWeight;
  private final boolean scheduled;
  private final LongAdder evictions = new LongAdder();
  private final LongAdder expirations = new LongAdder();
  private volatile boolean closed;

  private CaffeineTraceContextStore(Builder builder) {
    this.clock = builder.clock;
    this.maximumSize = builder.maximumSize;
    this.maxTotalBytes = builder.maxTotalBytes != 0 ? builder.maxTotalBytes : defaultMaxTotalBytes();
    this.maxEntryBytes = Math.min(builder.maxEntryBytes, maxTotalBytes);
    this.minWeight = (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxTotalBytes / maximumSize));
    this.scheduled = builder.scheduler != null;
    ClockTime time = new ClockTime(clock);
    Caffeine<String, StoredTraceContext> caffeine =
        Caffeine.newBuilder()
            .maximumWeight(maxTotalBytes)
            .weigher((String key, StoredTraceContext value) -> Math.max(minWeight, weigh(key, value)))
            .ticker(time)
            .expireAfter(time)
            .evictionListener(this::onEviction);
    if (builder.scheduler != null) {
      caffeine.scheduler(builder.scheduler);
    }
    if (builder.executor != null) {
      caffeine.executor(builder.executor);
    }
    if (builder.recordStats) {
      caffeine.recordStats();
    }
    this.cache = caffeine.build();
    this.map = cache.asMap();
  }

  /**
   * A store with the default bound, no scheduler and the system clock.
   *
   * @return a new store
   */
  public static CaffeineTraceContextStore create() {
    return builder().build();
  }

  /**
   * A builder with the defaults: {@value #DEFAULT_MAXIMUM_SIZE} entries, no scheduler, the system
   * clock.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default {@linkplain Builder#maxTotalBytes(long) byte bound}: an eighth of the JVM's maximum
   * heap ({@link Runtime#maxMemory()}).
   *
   * @return the default maximum of the entries' estimated bytes
   */
  public static long defaultMaxTotalBytes() {
    return Math.max(MIN_ENTRY_BYTES, Runtime.getRuntime().maxMemory() / 8);
  }

  /** Estimated heap bytes of one mapping: its value, its key and the cache's node for it. */
  static int weigh(String key, StoredTraceContext value) {
    long bytes = MAPPING_BYTES + ((2L * key.length() + 7) & ~7) + value.estimatedHeapBytes();
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  private void onEviction(@Nullable String key, @Nullable StoredTraceContext value, RemovalCause cause) {
    if (cause == RemovalCause.SIZE) {
      evictions.increment();
    } else if (cause == RemovalCause.EXPIRED) {
      expirations.increment();
    }
  }

  /**
   * Stores {@code context} under {@code key}, replacing any entry there. Never refuses for a full
   * store: at either bound Caffeine evicts an entry (possibly this one) and {@link
   * #evictionCount()} counts it.
   *
   * @throws NullPointerException if {@code key} or {@code context} is null
   * @throws IllegalArgumentException if the entry's estimated bytes exceed {@link #maxEntryBytes()}
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public void save(StoreKey storeKey, StoredTraceContext context) {
    String key = storeKey.value();
    Objects.requireNonNull(context, "context must not be null");
    checkOpen();
    int weight = weigh(key, context);
    if (weight > maxEntryBytes) {
      throw new IllegalArgumentException(
          "caffeine store: the entry under key '" + ParkingLotLimits.printable(key) + "' weighs about "
              + weight + " bytes, more than parkinglot.caffeine.max-entry-bytes=" + maxEntryBytes
              + " (park less metadata or baggage, or raise the limit)");
    }
    cache.put(key, context);
  }

  /**
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public Optional<StoredTraceContext> load(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    return live(cache.getIfPresent(key));
  }

  /**
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public Optional<StoredTraceContext> take(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    return live(map.remove(key));
  }

  /**
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public void delete(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    map.remove(key);
  }

  /**
   * Whether a live entry exists; does not count as a use of the entry for eviction.
   *
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public boolean exists(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    StoredTraceContext context = cache.policy().getIfPresentQuietly(key);
    return context != null && !context.isExpiredAt(clock.millis());
  }

  /**
   * Claims the entry under {@code key} in one atomic step, as {@link TraceContextStore#claim}
   * describes. The tombstone replaces the entry in the cache and expires at its own deadline; like
   * any entry it counts against the bound and may be evicted, after which a redelivery is {@code
   * NOT_FOUND} rather than {@code DUPLICATE}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the key or the tombstone ttl breaks its limit
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public ClaimResult claim(StoreKey storeKey, Consumption consumption) {
    String key = storeKey.value();
    Objects.requireNonNull(consumption, "consumption must not be null");
    checkOpen();
    long nowMillis = clock.millis();
    ClaimResult[] result = {ClaimResult.notFound()};
    map.computeIfPresent(key, (k, current) -> {
      if (current.isExpiredAt(nowMillis)) {
        return null;
      }
      if (current.isConsumed()) {
        result[0] = ClaimResult.duplicate(current);
        return current;
      }
      result[0] = ClaimResult.claimed(current);
      return consumption.tombstoneOf(current);
    });
    return result[0];
  }

  /** True: {@link #claim} is one {@code computeIfPresent} on the cache's map. */
  @Override
  public boolean claimIsAtomic() {
    return true;
  }

  /** {@code caffeine}. */
  @Override
  public String name() {
    return "caffeine";
  }

  private Optional<StoredTraceContext> live(@Nullable StoredTraceContext context) {
    if (context == null || context.isExpiredAt(clock.millis())) {
      return Optional.empty();
    }
    return Optional.of(context);
  }

  /**
   * How many live entries were evicted because the store was at its {@linkplain #maximumSize()
   * bound}.
   *
   * @return the number of size evictions since the store was built
   */
  public long evictionCount() {
    return evictions.sum();
  }

  /**
   * How many entries Caffeine removed because they had expired.
   *
   * @return the number of expirations since the store was built
   */
  public long expirationCount() {
    return expirations.sum();
  }

  /**
   * The number of entries held, approximately: it may include expired entries not yet removed and,
   * briefly, entries beyond the bound that are about to be evicted.
   *
   * @return the approximate number of entries
   */
  public long estimatedSize() {
    return cache.estimatedSize();
  }

  /**
   * The configured bound on the number of entries.
   *
   * @return the maximum number of entries
   */
  public long maximumSize() {
    return maximumSize;
  }

  /**
   * The configured bound on the entries' estimated heap bytes, tombstones included.
   *
   * @return the maximum of the entries' estimated bytes
   */
  public long maxTotalBytes() {
    return maxTotalBytes;
  }

  /**
   * The most estimated bytes one entry may weigh; a heavier save is refused.
   *
   * @return the maximum estimated bytes of one entry
   */
  public long maxEntryBytes() {
    return maxEntryBytes;
  }

  /**
   * The estimated heap bytes of the entries held now, approximately (as {@link #estimatedSize()}),
   * each counted at least at its share of the budget, {@code maxTotalBytes / maximumSize}.
   *
   * @return the weight Caffeine holds
   */
  public long weightedBytes() {
    return cache.policy().eviction().orElseThrow().weightedSize().orElse(0L);
  }

  /**
   * Whether a scheduler removes expired entries promptly.
   *
   * @return true when the store was built with a scheduler
   */
  public boolean isScheduled() {
    return scheduled;
  }

  /**
   * Caffeine's statistics (hits, misses, evictions). All zero unless the store was built with
   * {@link Builder#recordStats(boolean)}.
   *
   * @return a snapshot of the statistics
   */
  public CacheStats stats() {
    return cache.stats();
  }

  /**
   * Runs Caffeine's pending maintenance now on the calling thread: removes expired entries and
   * evicts down to the bound. Without a scheduler this otherwise happens as a side effect of later
   * operations.
   */
  public void cleanUp() {
    cache.cleanUp();
  }

  /** The cache itself, for tests in this package that inspect what Caffeine holds. */
  Cache<String, StoredTraceContext> cache() {
    return cache;
  }

  /**
   * Drops every entry. Operations after close throw {@link IllegalStateException}. Idempotent. A
   * timer already handed to the scheduler fires once more and finds nothing to do.
   */
  @Override
  public void close() {
    closed = true;
    cache.invalidateAll();
    cache.cleanUp();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("caffeine store is closed");
    }
  }

  @Override
  public String toString() {
    return "CaffeineTraceContextStore{estimatedSize=" + cache.estimatedSize()
        + ", maximumSize=" + maximumSize
        + ", maxTotalBytes=" + maxTotalBytes
        + ", evictions=" + evictions.sum()
        + ", scheduled=" + scheduled + '}';
  }

  /** Builds a {@link CaffeineTraceContextStore}. */
  public static final class Builder {
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private long maxTotalBytes;
    private long maxEntryBytes = Long.MAX_VALUE;
    private @Nullable Scheduler scheduler;
    private @Nullable Executor executor;
    private boolean recordStats;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The most entries the store holds; beyond it Caffeine evicts. Default {@value
     * #DEFAULT_MAXIMUM_SIZE}.
     *
     * @param maximumSize the maximum number of entries
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and {@value #MAX_MAXIMUM_SIZE}
     */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1 || maximumSize > MAX_MAXIMUM_SIZE) {
        throw new IllegalArgumentException(
            "maximumSize must be between 1 and " + MAX_MAXIMUM_SIZE + ", was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * The most estimated heap bytes all entries together may weigh, tombstones included ({@link
     * StoredTraceContext#estimatedHeapBytes()} plus the key and Caffeine's node); beyond it
     * Caffeine evicts. Default {@link CaffeineTraceContextStore#defaultMaxTotalBytes()}, an eighth
     * of the maximum heap, so the store cannot exhaust the heap whatever is parked: the entry bound
     * alone (100 000 of the largest entries the limits allow, ~93 KB each) would be ~9 GB. Both
     * bounds hold: an entry weighs at least {@code maxTotalBytes / maximumSize}.
     *
     * @param maxTotalBytes the maximum estimated bytes of all entries
     * @return this builder
     * @throws IllegalArgumentException if under {@value CaffeineTraceContextStore#MIN_ENTRY_BYTES}
     */
    public Builder maxTotalBytes(long maxTotalBytes) {
      if (maxTotalBytes < MIN_ENTRY_BYTES) {
        throw new IllegalArgumentException(
            "maxTotalBytes must be at least " + MIN_ENTRY_BYTES + ", was " + maxTotalBytes);
      }
      this.maxTotalBytes = maxTotalBytes;
      return this;
    }

    /**
     * The most estimated bytes one entry may weigh; a save of a heavier one throws {@link
     * IllegalArgumentException} (a fail-open lot turns that into a {@code FAILED} park). Default:
     * no bound of its own beyond {@link #maxTotalBytes(long)}.
     *
     * @param maxEntryBytes the maximum estimated bytes of one entry
     * @return this builder
     * @throws IllegalArgumentException if under {@value CaffeineTraceContextStore#MIN_ENTRY_BYTES}
     */
    public Builder maxEntryBytes(long maxEntryBytes) {
      if (maxEntryBytes < MIN_ENTRY_BYTES) {
        throw new IllegalArgumentException(
            "maxEntryBytes must be at least " + MIN_ENTRY_BYTES + ", was " + maxEntryBytes);
      }
      this.maxEntryBytes = maxEntryBytes;
      return this;
    }

    /**
     * The scheduler that wakes Caffeine when the next entry expires, so expired entries are removed
     * promptly even when the store is idle; {@link Scheduler#systemScheduler()} uses the JVM's
     * shared timer thread. None by default: expired entries are then removed during the maintenance
     * that reads and writes trigger (they are never returned either way).
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
      return this;
    }

    /**
     * The executor for Caffeine's maintenance (eviction, removal of expired entries). Caffeine's
     * default, {@link java.util.concurrent.ForkJoinPool#commonPool()}, when not set; {@code
     * Runnable::run} does the work on the calling thread.
     *
     * @param executor the executor for maintenance work
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor must not be null");
      return this;
    }

    /**
     * Whether Caffeine records hit, miss and eviction statistics for {@link #stats()}; off by
     * default.
     *
     * @param recordStats whether to record statistics
     * @return this builder
     */
    public Builder recordStats(boolean recordStats) {
      this.recordStats = recordStats;
      return this;
    }

    /**
     * The clock that decides expiry, also Caffeine's time source; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Builds the store; its Caffeine cache is created here.
     *
     * @return the new store
     */
    public CaffeineTraceContextStore build() {
      return new CaffeineTraceContextStore(this);
    }
  }
}
