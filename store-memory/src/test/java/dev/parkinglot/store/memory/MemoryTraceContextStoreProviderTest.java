package dev.parkinglot.store.memory;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreFullException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import dev.parkinglot.tck.TckClock;
import dev.parkinglot.tck.TckData;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MemoryTraceContextStoreProviderTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00.250Z");

  @Test
  void serviceLoaderFindsTheProviderUnderTheNameMemory() {
    List<TraceContextStoreProvider> memory = ServiceLoader.load(TraceContextStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("memory"))
        .collect(Collectors.toList());

    assertThat(memory).singleElement().isInstanceOf(MemoryTraceContextStoreProvider.class);
  }

  @Test
  void defaultsGiveABoundedStoreWithASweeper() {
    Set<Thread> before = MemoryTraceContextStoreTest.sweeperThreads();
    try (MemoryTraceContextStore store = (MemoryTraceContextStore) new MemoryTraceContextStoreProvider()
        .create(StoreConfig.builder().build())) {
      assertThat(store.maxEntries()).isEqualTo(MemoryTraceContextStore.DEFAULT_MAX_ENTRIES);
      assertThat(newThreads(before)).as("sweeper threads started").hasSize(1);
    }
  }

  @Test
  void maxEntriesFromPropertiesBoundsTheStore() {
    StoreConfig config = StoreConfig.builder().property("parkinglot.memory.max-entries", "2").build();
    try (TraceContextStore store = new MemoryTraceContextStoreProvider().create(config)) {
      Instant now = Instant.now();
      store.save(StoreKey.of("k1"), TckData.sample(1, now.toEpochMilli(), Duration.ofHours(1)).build());
      store.save(StoreKey.of("k2"), TckData.sample(2, now.toEpochMilli(), Duration.ofHours(1)).build());

      assertThatThrownBy(() -> store.save(StoreKey.of("k3"), TckData.sample(3, now.toEpochMilli(), Duration.ofHours(1)).build()))
          .isInstanceOf(StoreFullException.class);
    }
  }

  @Test
  void maxEntriesFallsBackToTheEnvironmentVariable() {
    StoreConfig config = StoreConfig.builder()
        .environment(Map.of("PARKINGLOT_MEMORY_MAX_ENTRIES", "7"))
        .build();
    try (MemoryTraceContextStore store =
        (MemoryTraceContextStore) new MemoryTraceContextStoreProvider().create(config)) {
      assertThat(store.maxEntries()).isEqualTo(7);
    }
  }

  @Test
  void theStoreDecidesExpiryWithTheConfigClock() {
    TckClock clock = TckClock.at(START);
    StoreConfig config = StoreConfig.builder().clock(clock).property("parkinglot.memory.sweep-interval", "0s").build();
    try (TraceContextStore store = new MemoryTraceContextStoreProvider().create(config)) {
      store.save(StoreKey.of("k"), TckData.sample(1, START.toEpochMilli(), Duration.ofMinutes(5)).build());
      clock.advance(Duration.ofMinutes(5).minusMillis(1));
      assertThat(store.exists(StoreKey.of("k"))).isTrue();
      clock.advance(Duration.ofMillis(1));
      assertThat(store.exists(StoreKey.of("k"))).isFalse();
    }
  }

  @Test
  void sweepIntervalZeroTurnsTheSweeperOff() {
    Set<Thread> before = MemoryTraceContextStoreTest.sweeperThreads();
    StoreConfig config = StoreConfig.of(Map.of("parkinglot.memory.sweep-interval", "0s"));
    try (TraceContextStore store = new MemoryTraceContextStoreProvider().create(config)) {
      assertThat(newThreads(before)).as("sweeper threads started").isEmpty();
      assertThat(store.exists(StoreKey.of("k"))).isFalse();
    }
  }

  private static Set<Thread> newThreads(Set<Thread> before) {
    Set<Thread> now = new HashSet<>(MemoryTraceContextStoreTest.sweeperThreads());
    now.removeAll(before);
    return now;
  }

  @Test
  void byteBoundsFromPropertiesOrTheirDefaults() {
    StoreConfig config = StoreConfig.builder()
        .property("parkinglot.memory.max-total-bytes", "1048576")
        .property("parkinglot.memory.max-entry-bytes", "4096")
        .property("parkinglot.memory.sweep-interval", "0s")
        .build();
    try (MemoryTraceContextStore store = (MemoryTraceContextStore) new MemoryTraceContextStoreProvider().create(config)) {
      assertThat(store.maxTotalBytes()).isEqualTo(1_048_576);
      assertThat(store.maxEntryBytes()).isEqualTo(4096);
    }
    try (MemoryTraceContextStore store = (MemoryTraceContextStore) new MemoryTraceContextStoreProvider()
        .create(StoreConfig.of(Map.of("parkinglot.memory.sweep-interval", "0s")))) {
      assertThat(store.maxTotalBytes()).isEqualTo(MemoryTraceContextStore.defaultMaxTotalBytes())
          .isEqualTo(Runtime.getRuntime().maxMemory() / 8);
    }
  }

  @Test
  void badByteBoundsNameThePropertyTheValueAndTheLimit() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create("parkinglot.memory.max-total-bytes", "100"))
        .withMessage("parkinglot.memory.max-total-bytes must be between 256 and 9223372036854775807, was 100");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create("parkinglot.memory.max-entry-bytes", "64k"))
        .withMessage("parkinglot.memory.max-entry-bytes must be an integer between 256 and 9223372036854775807,"
            + " was '64k'");
  }

  @Test
  void badMaxEntriesNamesThePropertyAndTheLimit() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create("parkinglot.memory.max-entries", "0"))
        .withMessageContaining("parkinglot.memory.max-entries")
        .withMessageContaining("between 1 and 2147483647")
        .withMessageContaining("was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create("parkinglot.memory.max-entries", "lots"))
        .withMessageContaining("parkinglot.memory.max-entries")
        .withMessageContaining("'lots'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create("parkinglot.memory.max-entries", "3000000000"))
        .withMessageContaining("parkinglot.memory.max-entries")
        .withMessageContaining("2147483647");
  }

  @Test
  void badSweepIntervalNamesThePropertyAndTheLimit() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create("parkinglot.memory.sweep-interval", "2d"))
        .withMessageContaining("parkinglot.memory.sweep-interval")
        .withMessageContaining("PT24H")
        .withMessageContaining("2d");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create("parkinglot.memory.sweep-interval", "soon"))
        .withMessageContaining("parkinglot.memory.sweep-interval")
        .withMessageContaining("'soon'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create("parkinglot.memory.sweep-interval", "PT0.0005S"))
        .withMessageContaining("parkinglot.memory.sweep-interval")
        .withMessageContaining("at least 1ms")
        .withMessageContaining("PT0.0005S");
  }

  private static void create(String property, String value) {
    new MemoryTraceContextStoreProvider().create(StoreConfig.of(Map.of(property, value))).close();
  }
}
