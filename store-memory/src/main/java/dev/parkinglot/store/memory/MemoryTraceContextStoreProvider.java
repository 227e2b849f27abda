package dev.parkinglot.store.memory;

import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.time.Duration;

/**
 * Provider {@code memory}. Settings: {@code parkinglot.memory.max-entries} (default {@value
 * MemoryTraceContextStore#DEFAULT_MAX_ENTRIES}), {@code parkinglot.memory.sweep-interval} (default
 * {@code 1m}; {@code 0s} turns the sweeper off).
 */
public final class MemoryTraceContextStoreProvider implements TraceContextStoreProvider {
  public static final String MAX_ENTRIES = "parkinglot.memory.max-entries";
  public static final String SWEEP_INTERVAL = "parkinglot.memory.sweep-interval";

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public TraceContextStore create(StoreConfig config) {
    return MemoryTraceContextStore.builder()
        .maxEntries(config.getInt(MAX_ENTRIES, MemoryTraceContextStore.DEFAULT_MAX_ENTRIES, 1, Integer.MAX_VALUE))
        .sweepInterval(
            config.getDuration(
                SWEEP_INTERVAL, MemoryTraceContextStore.DEFAULT_SWEEP_INTERVAL, Duration.ZERO, Duration.ofDays(1)))
        .clock(config.clock())
        .build();
  }
}
