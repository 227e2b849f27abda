package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStoreProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

class RedisTraceContextStoreProviderTest {

  @Test
  void serviceLoaderFindsTheProviderUnderTheNameRedis() {
    List<TraceContextStoreProvider> redis = ServiceLoader.load(TraceContextStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(provider -> provider.name().equals("redis"))
        .collect(Collectors.toList());
    assertThat(redis).singleElement().isInstanceOf(RedisTraceContextStoreProvider.class);
  }

  @Test
  void settingsAreReadFromPropertiesAndEnvironmentIntoTheStore() {
    StoreConfig config = StoreConfig.builder()
        .property(RedisStoreSettings.URL, "redis://127.0.0.1:6379/2")
        .property(RedisStoreSettings.POOL_SIZE, "7")
        .environment(Map.of("PARKINGLOT_REDIS_TIMEOUT", "750ms", "PARKINGLOT_REDIS_CLUSTER", "false"))
        .build();
    try (var store = new RedisTraceContextStoreProvider().create(config)) {
      assertThat(store.toString())
          .contains("url=redis://127.0.0.1:6379/2")
          .contains("cluster=false")
          .contains("poolSize=7")
          .contains("timeout=PT0.75S");
    }
  }

  @Test
  void aMissingUrlNamesThePropertyAndTheEnvironmentVariable() {
    assertThatThrownBy(() -> new RedisTraceContextStoreProvider().create(StoreConfig.of(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.redis.url")
        .hasMessageContaining("PARKINGLOT_REDIS_URL");
  }

  @Test
  void invalidSettingsNameTheSettingTheValueAndTheLimit() {
    assertThatThrownBy(() -> create(Map.of(RedisStoreSettings.CLUSTER, "maybe")))
        .hasMessage("parkinglot.redis.cluster must be true, false or auto, was 'maybe'");
    assertThatThrownBy(() -> create(Map.of(RedisStoreSettings.POOL_SIZE, "0")))
        .hasMessageContaining("parkinglot.redis.pool-size must be between 1 and 1024, was 0");
    assertThatThrownBy(() -> create(Map.of(RedisStoreSettings.TIMEOUT, "soon")))
        .hasMessageContaining("parkinglot.redis.timeout");
    assertThatThrownBy(() -> create(Map.of(RedisStoreSettings.URL, "redis://a:1,b:2", RedisStoreSettings.CLUSTER, "false")))
        .hasMessageContaining("lists 2 nodes but cluster is false");
    assertThatThrownBy(() -> create(Map.of(RedisStoreSettings.URL, "redis://a:1/3", RedisStoreSettings.CLUSTER, "true")))
        .hasMessageContaining("selects database 3, but Redis Cluster has database 0 only");
  }

  @Test
  void parkinglotStoreRedisAndAUrlAreAllALotNeeds(@TempDir Path dir) {
    try (RedisServerProcess server = RedisServerProcess.start(dir)) {
      StoreConfig config = StoreConfig.builder()
          .environment(Map.of("PARKINGLOT_STORE", "redis", "PARKINGLOT_REDIS_URL", server.url()))
          .build();
      InMemorySpanExporter exporter = InMemorySpanExporter.create();
      SdkTracerProvider tracerProvider =
          SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
      OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
      try (ParkingLot lot = ParkingLots.builder().config(config).openTelemetry(sdk).build();
          UnifiedJedis raw = ApplicationClients.standalone(server.url())) {
        Span span = sdk.getTracer("test").spanBuilder("checkout").startSpan();
        Scope scope = span.makeCurrent();
        try {
          assertThat(lot.park("order-1").isParked()).isTrue();
        } finally {
          scope.close();
          span.end();
        }
        assertThat(raw.exists("parkingLot:order-1")).isTrue();
        assertThat(lot.retrieve("order-1")).map(StoredTraceContext::spanId)
            .contains(span.getSpanContext().getSpanId());
        assertThat(raw.get("parkingLot:order-1")).as("the original's key after the retrieve").isNull();
        assertThat(raw.exists(TombstoneKey.of("parkingLot:order-1".getBytes(StandardCharsets.UTF_8))))
            .as("the retrieve left the entry's tombstone (duplicate detection is on by default)").isTrue();
        assertThat(lot.retrieve("order-1")).as("only the first claim gets the context").isEmpty();
      } finally {
        tracerProvider.close();
      }
    }
  }

  private static void create(Map<String, String> settings) {
    StoreConfig.Builder config = StoreConfig.builder().property(RedisStoreSettings.URL, "redis://127.0.0.1:6379");
    config.properties(settings);
    new RedisTraceContextStoreProvider().create(config.build()).close();
  }
}
