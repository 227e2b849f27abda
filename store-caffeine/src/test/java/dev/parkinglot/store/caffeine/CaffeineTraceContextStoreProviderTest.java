package dev.parkinglot.store.caffeine;

import dev.parkinglot.tck.TckData;
import dev.parkinglot.tck.TckClock;
import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CaffeineTraceContextStoreProviderTest {
  private final CaffeineTraceContextStoreProvider provider = new CaffeineTraceContextStoreProvider();

  @Test
  void serviceLoaderFindsTheProviderUnderTheNameCaffeine() {
    List<TraceContextStoreProvider> found =
        ServiceLoader.load(TraceContextStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("caffeine"))
            .collect(Collectors.toList());

    assertThat(found).singleElement().isInstanceOf(CaffeineTraceContextStoreProvider.class);
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    try (CaffeineTraceContextStore store = create(StoreConfig.of(Map.of()))) {
      assertThat(store.maximumSize()).isEqualTo(100_000);
      assertThat(store.isScheduled()).isFalse();
      store.save(StoreKey.of("k"), TckData.sample(2, System.currentTimeMillis(), Duration.ofHours(1)).build());
      store.load(StoreKey.of("k"));
      assertThat(store.stats().requestCount()).isZero();
    }
  }

  @Test
  void propertiesSetTheBoundTheSchedulerAndStatistics() {
    StoreConfig config =
        StoreConfig.of(
            Map.of(
                "parkinglot.caffeine.maximum-size", "2",
                "parkinglot.caffeine.scheduler", "TRUE",
                "parkinglot.caffeine.record-stats", "true"));
    try (CaffeineTraceContextStore store = create(config)) {
      assertThat(store.maximumSize()).isEqualTo(2);
      assertThat(store.isScheduled()).isTrue();
      for (int i = 0; i < 5; i++) {
        store.save(StoreKey.of("order-" + i), TckData.sample(i + 1, System.currentTimeMillis(), Duration.ofHours(1)).build());
      }
      store.cleanUp();
      assertThat(store.estimatedSize()).isEqualTo(2);
      assertThat(store.evictionCount()).isEqualTo(3);
      assertThat(store.stats().evictionCount()).isEqualTo(3);
    }
  }

  @Test
  void environmentVariablesApplyWhenNoPropertyIsSet() {
    StoreConfig config =
        StoreConfig.builder()
            .environment(Map.of("PARKINGLOT_CAFFEINE_MAXIMUM_SIZE", "77", "PARKINGLOT_CAFFEINE_SCHEDULER", "true"))
            .build();
    try (CaffeineTraceContextStore store = create(config)) {
      assertThat(store.maximumSize()).isEqualTo(77);
      assertThat(store.isScheduled()).isTrue();
    }
  }

  @Test
  void theConfigurationsClockDecidesExpiry() {
    TckClock clock = TckClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    try (CaffeineTraceContextStore store = create(StoreConfig.builder().clock(clock).build())) {
      store.save(StoreKey.of("k"), TckData.sample(2, clock.millis(), Duration.ofMinutes(5)).build());
      clock.advance(Duration.ofMinutes(5));
      store.cleanUp();

      assertThat(store.load(StoreKey.of("k"))).isEmpty();
      assertThat(store.estimatedSize()).isZero();
    }
  }

  @Test
  void maximumSizeBelowOneNamesThePropertyAndItsLimits() {
    assertThatThrownBy(() -> create(StoreConfig.of(Map.of("parkinglot.caffeine.maximum-size", "0"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.caffeine.maximum-size")
        .hasMessageContaining("between 1 and 2147483647")
        .hasMessageContaining("was 0");
  }

  @Test
  void maximumSizeAboveTheLimitNamesThePropertyAndItsLimits() {
    assertThatThrownBy(
            () -> create(StoreConfig.of(Map.of("parkinglot.caffeine.maximum-size", "3000000000"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.caffeine.maximum-size")
        .hasMessageContaining("2147483647")
        .hasMessageContaining("3000000000");
  }

  @Test
  void maximumSizeThatIsNotANumberNamesTheProperty() {
    assertThatThrownBy(() -> create(StoreConfig.of(Map.of("parkinglot.caffeine.maximum-size", "lots"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.caffeine.maximum-size")
        .hasMessageContaining("'lots'");
  }

  @Test
  void schedulerThatIsNotABooleanNamesTheProperty() {
    assertThatThrownBy(() -> create(StoreConfig.of(Map.of("parkinglot.caffeine.scheduler", "yes"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.caffeine.scheduler")
        .hasMessageContaining("true or false")
        .hasMessageContaining("'yes'");
  }

  @Test
  void recordStatsThatIsNotABooleanNamesTheProperty() {
    assertThatThrownBy(() -> create(StoreConfig.of(Map.of("parkinglot.caffeine.record-stats", "1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.caffeine.record-stats");
  }

  @Test
  void byteBoundsAreSetByPropertiesAndOutOfRangeValuesNameThePropertyAndLimits() {
    StoreConfig config =
        StoreConfig.of(Map.of("parkinglot.caffeine.max-total-bytes", "1048576",
            "parkinglot.caffeine.max-entry-bytes", "65536"));
    try (CaffeineTraceContextStore store = create(config)) {
      assertThat(store.maxTotalBytes()).isEqualTo(1_048_576);
      assertThat(store.maxEntryBytes()).isEqualTo(65_536);
    }
    try (CaffeineTraceContextStore store = create(StoreConfig.of(Map.of()))) {
      assertThat(store.maxTotalBytes()).isEqualTo(CaffeineTraceContextStore.defaultMaxTotalBytes());
    }
    assertThatThrownBy(() -> create(StoreConfig.of(Map.of("parkinglot.caffeine.max-total-bytes", "100"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.caffeine.max-total-bytes must be between 256 and " + Long.MAX_VALUE + ", was 100");
    assertThatThrownBy(() -> create(StoreConfig.of(Map.of("parkinglot.caffeine.max-entry-bytes", "big"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("parkinglot.caffeine.max-entry-bytes must be an integer between 256 and");
  }

  private CaffeineTraceContextStore create(StoreConfig config) {
    TraceContextStore store = provider.create(config);
    assertThat(store).isInstanceOf(CaffeineTraceContextStore.class);
    return (CaffeineTraceContextStore) store;
  }
}
