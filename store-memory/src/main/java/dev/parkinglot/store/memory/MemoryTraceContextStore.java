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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
 * The bounds are counters kept beside the map: mappings, tombstones among them, and the estimated
 * bytes of all of them (StoredTraceContext.estimatedHeapBytes plus the key and map node), raised
 * when a put adds or replaces a mapping and lowered when a remove takes one away. A put that takes
 * the count or the bytes over its limit is undone and refused. Tombstones count like entries until
 * they expire.
 *
 * Refusing is O(1): a full store must not scan itself on every refused park (a scan of 100 000
 * entries took ~9 ms, so a flood of parks into a full store ran at ~76 a second). Before refusing,
 * expired entries are purged, so that a store full of dead entries makes room for live ones, but
 * only when one can have expired: nextExpiryMillis is a lower bound of every entry's expiry (a put
 * lowers it, a purge sets it to the earliest expiry it left behind), and while the clock is before
 * it nothing can be purged. One purge runs at a time; a refusal that finds one running does not
 * wait for it. The counts of live entries and tombstones let the refusal say which of them fills
 * the store, and so which setting helps: ttls and max-entries, or the duplicate-detection grace.
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
  /**
   * The smallest allowed {@link Builder#maxEntryBytes(long) maximum entry size}: the estimate of an
   * entry without extras under a key of a few chars.
   */
  public static final long MIN_ENTRY_BYTES = 256;
  /**
   * Estimated bytes of one mapping beyond its value and correlation key: the map's node (32) and
   * table slot (8) and the {@link StoreKey} (24); the lot's prefix String is shared.
   */
  static final int MAPPING_BYTES = 64;
  /** Estimated bytes a claim adds to an entry: its tombstone holder (16) and the {@link Consumption} (32). */
  static final int TOMBSTONE_BYTES = 48;

  private static final System.Logger LOGGER = System.getLogger(MemoryTraceContextStore.class.getName());

  /** The lot's {@link StoreKey} to a StoredTraceContext or a {@link Tombstone}. */
  private final ConcurrentHashMap<StoreKey, Object> entries;
  private final AtomicInteger count = new AtomicInteger();
  /** Of {@link #count}, the tombstones (claimed entries kept for duplicate detection). */
  private final AtomicInteger tombstones = new AtomicInteger();
  /** Estimated bytes of every mapping: see {@link #weigh}. */
  private final AtomicLong bytes = new AtomicLong();
  /** No entry expires before this: a put lowers it, a purge sets it. */
  private final AtomicLong nextExpiryMillis = new AtomicLong(Long.MAX_VALUE);
  private final ReentrantLock purging = new ReentrantLock();
  /** How many purge scans ran; for tests that pin when a refusal scans. */
  private final AtomicInteger scans = new AtomicInteger();
  private final int maxEntries;
  private final long maxEntryBytes;
  private final long maxTotalBytes;
  private final Clock clock;
  private final @Nullable ScheduledExecutorService sweeper;
  private volatile boolean closed;

  private MemoryTraceContextStore(Builder builder) {
    this.maxEntries = builder.maxEntries;
    this.maxTotalBytes = builder.maxTotalBytes != 0 ? builder.maxTotalBytes : defaultMaxTotalBytes();
    this.maxEntryBytes = Math.min(builder.maxEntryBytes, maxTotalBytes);
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

  /**
   * The default {@linkplain Builder#maxTotalBytes(long) byte bound}: an eighth of the JVM's maximum
   * heap ({@link Runtime#maxMemory()}).
   *
   * @return the default maximum of the entries' estimated bytes
   */
  public static long defaultMaxTotalBytes() {
    return Math.max(MIN_ENTRY_BYTES, Runtime.getRuntime().maxMemory() / 8);
  }

  /**
   * Stores {@code context} under {@code key}, replacing any entry there.
   *
   * @throws StoreFullException if the store holds {@linkplain #maxEntries() as many entries} or
   *     {@linkplain #maxTotalBytes() as many estimated bytes} as it may, after removing expired
   *     entries; the message says whether live contexts or duplicate-detection tombstones fill it
   * @throws IllegalArgumentException if the entry's estimated bytes exceed {@link #maxEntryBytes()}
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public void save(StoreKey key, StoredTraceContext context) {
    Objects.requireNonNull(context, "context must not be null");
    checkOpen();
    long weight = weigh(key, context);
    if (weight > maxEntryBytes) {
      throw new IllegalArgumentException(
          "memory store: the entry under key '" + ParkingLotLimits.printable(key.value()) + "' weighs about "
              + weight + " bytes, more than parkinglot.memory.max-entry-bytes=" + maxEntryBytes
              + " (park less metadata or baggage, or raise the limit)");
    }
    lowerNextExpiry(context.expiresAtMillis());
    Object previous = entries.put(key, context);
    if (previous != null) {
      replaced(previous, context);
      if (bytes.get() <= maxTotalBytes || weight <= weigh(key, previous) || fitsAfterPurge()) {
        return;
      }
      long withThis = bytes.get();
      if (entries.replace(key, context, previous)) {
        replaced(context, previous);
      }
      throw full(true, withThis);
    }
    added(key, context);
    if ((count.get() <= maxEntries && bytes.get() <= maxTotalBytes) || fitsAfterPurge()) {
      return;
    }
    boolean byBytes = count.get() <= maxEntries;
    long withThis = bytes.get();
    if (removeIfSame(key, context)) {
      throw full(byBytes, withThis);
    }
    // Taken or replaced meanwhile by another caller: this save happened, and that one came after it.
  }

  /**
   * Whether the store is within its bounds after removing expired entries, if any can have
   * expired and no other purge is running; O(1) otherwise.
   */
  private boolean fitsAfterPurge() {
    if (clock.millis() < nextExpiryMillis.get() || !purging.tryLock()) {
      return false;
    }
    try {
      purgeExpiredLocked();
    } finally {
      purging.unlock();
    }
    return count.get() <= maxEntries && bytes.get() <= maxTotalBytes;
  }

  /**
   * The refusal of a full store, saying which bound it reached and which kind of entry fills it,
   * and so what helps.
   */
  private StoreFullException full(boolean byBytes, long bytesWithThis) {
    int held = count.get();
    int claimed = Math.min(held, tombstones.get());
    int live = held - claimed;
    String bound = byBytes
        ? "its entries weigh about " + bytesWithThis + " bytes with this one, more than"
            + " parkinglot.memory.max-total-bytes=" + maxTotalBytes
        : "it holds " + held + " entries, the maximum (parkinglot.memory.max-entries=" + maxEntries + ")";
    String setting = byBytes ? "parkinglot.memory.max-total-bytes" : "parkinglot.memory.max-entries";
    String remedy = claimed > live
        ? "mostly duplicate-detection tombstones of claimed contexts, kept for the lot's"
            + " parkinglot.duplicate-grace: shorten the grace, or raise " + setting
        : "mostly live contexts waiting for their callbacks: shorten their ttls, or raise " + setting;
    return new StoreFullException("memory store is full: " + bound + "; " + live + " live contexts and "
        + claimed + " tombstones, " + remedy, maxEntries);
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
    removed(key, value);
    return isExpiredAt(value, clock.millis()) ? Optional.empty() : Optional.of(asContext(value));
  }

  @Override
  public void delete(StoreKey key) {
    checkOpen();
    Object value = entries.remove(key);
    if (value != null) {
      removed(key, value);
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
      Tombstone tombstone = new Tombstone(live, consumption);
      if (entries.replace(lookup, live, tombstone)) {
        replaced(live, tombstone);
        lowerNextExpiry(tombstone.expiresAtMillis());
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
    purging.lock();
    try {
      return purgeExpiredLocked();
    } finally {
      purging.unlock();
    }
  }

  /**
   * One scan that removes the expired entries and sets {@link #nextExpiryMillis} to the earliest
   * expiry left; a put during the scan lowers it further.
   */
  private int purgeExpiredLocked() {
    long now = clock.millis();
    scans.incrementAndGet();
    nextExpiryMillis.set(Long.MAX_VALUE);
    long earliest = Long.MAX_VALUE;
    int removed = 0;
    for (Iterator<Map.Entry<StoreKey, Object>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<StoreKey, Object> entry = it.next();
      Object value = entry.getValue();
      long expiresAt = expiresAtMillis(value);
      if (now < expiresAt) {
        earliest = Math.min(earliest, expiresAt);
      } else if (removeIfSame(entry.getKey(), value)) {
        removed++;
      }
    }
    lowerNextExpiry(earliest);
    return removed;
  }

  private void lowerNextExpiry(long expiresAtMillis) {
    if (expiresAtMillis < nextExpiryMillis.get()) {
      nextExpiryMillis.accumulateAndGet(expiresAtMillis, Math::min);
    }
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

  /** How many purge scans of the whole map ran, the sweeper's included. */
  int scans() {
    return scans.get();
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
    tombstones.set(0);
    bytes.set(0);
  }

  private boolean removeIfSame(StoreKey key, Object value) {
    if (entries.remove(key, value)) {
      removed(key, value);
      return true;
    }
    return false;
  }

  /** Counts a mapping of {@code value} that a put added. */
  private void added(StoreKey key, Object value) {
    count.incrementAndGet();
    bytes.addAndGet(weigh(key, value));
    if (isTombstone(value)) {
      tombstones.incrementAndGet();
    }
  }

  /** Uncounts a mapping of {@code value} that a remove took away. */
  private void removed(StoreKey key, Object value) {
    count.decrementAndGet();
    bytes.addAndGet(-weigh(key, value));
    if (isTombstone(value)) {
      tombstones.decrementAndGet();
    }
  }

  /** Counts {@code now} in place of {@code before} under one key. */
  private void replaced(Object before, Object now) {
    bytes.addAndGet(weighValue(now) - weighValue(before));
    int change = (isTombstone(now) ? 1 : 0) - (isTombstone(before) ? 1 : 0);
    if (change != 0) {
      tombstones.addAndGet(change);
    }
  }

  /**
   * The estimated heap of one mapping: the value's {@link StoredTraceContext#estimatedHeapBytes()}
   * (plus {@value #TOMBSTONE_BYTES} for a tombstone's holder), {@value #MAPPING_BYTES} for the map
   * node and key object, and the correlation key String the key keeps.
   */
  static long weigh(StoreKey key, Object value) {
    String correlationKey = key.correlationKey();
    return MAPPING_BYTES + 40 + ((2L * correlationKey.length() + 7) & ~7) + weighValue(value);
  }

  private static long weighValue(Object value) {
    return value instanceof Tombstone
        ? TOMBSTONE_BYTES + ((Tombstone) value).entry.estimatedHeapBytes()
        : ((StoredTraceContext) value).estimatedHeapBytes();
  }

  private static boolean isTombstone(Object value) {
    return value instanceof Tombstone || ((StoredTraceContext) value).isConsumed();
  }

  private static long expiresAtMillis(Object value) {
    return value instanceof Tombstone
        ? ((Tombstone) value).expiresAtMillis()
        : ((StoredTraceContext) value).expiresAtMillis();
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

  /**
   * The configured byte bound on the entries' estimated heap.
   *
   * @return the maximum of the entries' estimated bytes
   */
  public long maxTotalBytes() {
    return maxTotalBytes;
  }

  /**
   * The configured bound on one entry's estimated heap.
   *
   * @return the maximum estimated bytes of one entry
   */
  public long maxEntryBytes() {
    return maxEntryBytes;
  }

  /**
   * The estimated heap of every entry held, tombstones and not yet swept expired entries included:
   * what {@link #maxTotalBytes()} bounds.
   *
   * @return the estimated bytes held
   */
  public long estimatedBytes() {
    return bytes.get();
  }

  /**
   * The number of duplicate-detection tombstones held (claimed contexts kept for the lot's grace),
   * expired ones the sweeper has not yet removed included.
   *
   * @return the number of tombstones
   */
  public int tombstoneCount() {
    return tombstones.get();
  }

  @Override
  public String toString() {
    return "MemoryTraceContextStore{size=" + count.get() + ", tombstones=" + tombstones.get()
        + ", estimatedBytes=" + bytes.get() + ", maxEntries=" + maxEntries + ", maxTotalBytes=" + maxTotalBytes + '}';
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
    private long maxEntryBytes = Long.MAX_VALUE;
    private long maxTotalBytes;
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
     * The most estimated bytes one entry may weigh ({@link StoredTraceContext#estimatedHeapBytes()}
     * plus its key and map node); a save of a heavier one throws {@link IllegalArgumentException}
     * (a fail-open lot turns that into a {@code FAILED} park). Default: no bound of its own beyond
     * {@link #maxTotalBytes(long)} (the largest entry the limits allow weighs about 93 KB).
     *
     * @param maxEntryBytes the maximum estimated bytes of one entry
     * @return this builder
     * @throws IllegalArgumentException if under {@value MemoryTraceContextStore#MIN_ENTRY_BYTES}
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
     * The most estimated bytes all entries together may weigh, tombstones included; a save beyond
     * it (after removing expired entries) throws {@link StoreFullException}. Default {@link
     * MemoryTraceContextStore#defaultMaxTotalBytes()}, an eighth of the maximum heap, so that the
     * store cannot exhaust the heap whatever is parked: with {@code -Xmx256m} that is 32 MiB, which
     * holds about 190 000 entries without metadata (~176 bytes each) or about 360 of the largest
     * entries the limits allow (~93 KB each), where the entry bound alone (100 000 × 93 KB, ~9 GB)
     * would not protect the heap.
     *
     * @param maxTotalBytes the maximum estimated bytes of all entries
     * @return this builder
     * @throws IllegalArgumentException if under {@value MemoryTraceContextStore#MIN_ENTRY_BYTES}
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
