package dev.parkinglot.store.memory;

import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.time.Duration;

/**
 * Provider {@code memory}. Settings: {@code parkinglot.memory.max-entries} (default {@value
 * MemoryTraceContextStore#DEFAULT_MAX_ENTRIES}), {@code parkinglot.memory.max-total-bytes} (default
 * an eighth of the maximum heap), {@code parkinglot.memory.max-entry-bytes} (default no bound of its
 * own), {@code parkinglot.memory.sweep-interval} (default {@code 1m}; {@code 0s} turns the sweeper
 * off).
 */
public final class MemoryTraceContextStoreProvider implements TraceContextStoreProvider {
  /** The most entries the store holds, 1 to {@link Integer#MAX_VALUE}. */
  public static final String MAX_ENTRIES = "parkinglot.memory.max-entries";
  /**
   * The most estimated bytes all entries may weigh, {@value MemoryTraceContextStore#MIN_ENTRY_BYTES}
   * to {@link Long#MAX_VALUE}; see {@link MemoryTraceContextStore.Builder#maxTotalBytes(long)}.
   */
  public static final String MAX_TOTAL_BYTES = "parkinglot.memory.max-total-bytes";
  /**
   * The most estimated bytes one entry may weigh, {@value MemoryTraceContextStore#MIN_ENTRY_BYTES}
   * to {@link Long#MAX_VALUE}; see {@link MemoryTraceContextStore.Builder#maxEntryBytes(long)}.
   */
  public static final String MAX_ENTRY_BYTES = "parkinglot.memory.max-entry-bytes";
  /** How often the sweeper runs: 0s (off) or 1ms to 1d, as {@code 30s}, {@code 5m} or ISO-8601. */
  public static final String SWEEP_INTERVAL = "parkinglot.memory.sweep-interval";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public MemoryTraceContextStoreProvider() {}

  @Override
  public String name() {
    return "memory";
  }

  /**
   * A memory store with the configured bound and sweep interval, on the config's clock.
   *
   * @throws IllegalArgumentException if a setting is invalid; the message names the property, the
   *     value and the limit
   */
  @Override
  public TraceContextStore create(StoreConfig config) {
    Duration sweepInterval =
        config.getDuration(
            SWEEP_INTERVAL, MemoryTraceContextStore.DEFAULT_SWEEP_INTERVAL, Duration.ZERO, Duration.ofDays(1));
    if (!sweepInterval.isZero() && sweepInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          SWEEP_INTERVAL + " must be 0s (no sweeper) or at least 1ms, was " + config.get(SWEEP_INTERVAL).orElse(""));
    }
    return MemoryTraceContextStore.builder()
        .maxEntries(config.getInt(MAX_ENTRIES, MemoryTraceContextStore.DEFAULT_MAX_ENTRIES, 1, Integer.MAX_VALUE))
        .maxTotalBytes(config.getLong(MAX_TOTAL_BYTES, MemoryTraceContextStore.defaultMaxTotalBytes(),
            MemoryTraceContextStore.MIN_ENTRY_BYTES, Long.MAX_VALUE))
        .maxEntryBytes(config.getLong(
            MAX_ENTRY_BYTES, Long.MAX_VALUE, MemoryTraceContextStore.MIN_ENTRY_BYTES, Long.MAX_VALUE))
        .sweepInterval(sweepInterval)
        .clock(config.clock())
        .build();
  }
}
