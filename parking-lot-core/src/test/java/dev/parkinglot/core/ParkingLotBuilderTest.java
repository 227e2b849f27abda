package dev.parkinglot.core;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreConfig;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParkingLotBuilderTest extends LotTestBase {
  @TempDir Path dir;

  private ParkResult parkInSpan(ParkingLot lot, String key, Map<String, String> metadata) {
    return parkInSpan(lot, "checkout-" + key, key, metadata);
  }

  @Test
  void buildWithoutAStoreFailsClearly() {
    assertThatThrownBy(() -> ParkingLots.builder().build())
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("no store: call store(TraceContextStore) or config(StoreConfig), or use"
            + " ParkingLots.fromConfig() with dev.parkinglot:parking-lot-store-memory (or another store) on the"
            + " class path");
  }

  @Test
  void fromConfigFindsTheMemoryStoreByName() {
    try (ParkingLot lot = ParkingLots.fromConfig(StoreConfig.of(Map.of("parkinglot.store", "memory")))) {
      StoredTraceContext parked = parkInSpan(lot, "payment:order-1", Map.of()).stored().orElseThrow();

      assertThat(lot.retrieve("payment:order-1")).contains(parked);
      assertThat(lot.toString()).contains("MemoryTraceContextStore").contains("(owned)");
    }
  }

  @Test
  void configReadsEveryLotSettingAndGivesTheStoreTheLotsClock() throws Exception {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("parkinglot.store", "extra");
    properties.put("parkinglot.default-ttl", "2h");
    properties.put("parkinglot.key-prefix", "wh:");
    properties.put("parkinglot.retrieval-mode", "KEEP_UNTIL_EXPIRY");
    properties.put("parkinglot.metadata-attributes", "orderId, tenant");
    properties.put("parkinglot.propagate-store-errors", "false");
    try (URLClassLoader loader = ServiceDirs.withProviders(dir, ExtraStoreProvider.class.getName());
        ParkingLot lot = ParkingLots.builder()
            .config(StoreConfig.of(properties), loader)
            .clock(clock)
            .openTelemetry(telemetry.sdk)
            .build()) {
      WireStore created = ExtraStoreProvider.LAST.get();
      assertThat(created.clock).isSameAs(clock);
      assertThat(ExtraStoreProvider.LAST_CONFIG.get().get("parkinglot.key-prefix")).contains("wh:");

      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("orderId", "o-1");
      metadata.put("email", "a@example.com");
      parkInSpan(lot, "k", metadata);
      assertThat(created.raw("wh:k")).contains("\"ttlMs\":7200000").contains("\"parkedAt\":" + START);
      assertThat(TestTelemetry.norm(telemetry.span("checkout-k").getEvents().get(0).getAttributes()))
          .isEqualTo(Attributes.builder()
          .put(ParkingLotAttributes.CORRELATION_KEY, "k")
          .put(ParkingLotAttributes.TTL_MS, 7_200_000L)
          .put("parking_lot.metadata.orderId", "o-1")
          .build());
      assertThat(lot.retrieve("k")).isPresent();
      assertThat(lot.retrieve("k")).as("keep-until-expiry").isPresent();
      lot.close();
      assertThat(created.closed).as("a store created from config is owned and closed").isTrue();
    }
  }

  @Test
  void propagateStoreErrorsIsReadFromConfig() {
    StoreConfig config = StoreConfig.of(
        Map.of("parkinglot.store", "memory", "parkinglot.propagate-store-errors", "TRUE"));
    StoreUnavailableException down = new StoreUnavailableException("down", null);
    ParkingLot lot = ParkingLots.builder().config(config).store(new FailingStore(() -> down)).build();

    assertThatThrownBy(() -> lot.retrieve("k")).isSameAs(down);
  }

  @Test
  void explicitSettersWinOverConfigWhicheverComesFirst() throws Exception {
    StoreConfig config = StoreConfig.of(Map.of(
        "parkinglot.store", "extra", "parkinglot.key-prefix", "cfg:",
        "parkinglot.retrieval-mode", "keep-until-expiry"));
    try (URLClassLoader loader = ServiceDirs.withProviders(dir, ExtraStoreProvider.class.getName())) {
      ExtraStoreProvider.LAST.set(null);
      ParkingLot setterFirst = builder().keyPrefix("explicit:").config(config, loader).build();
      ParkingLot configFirst = ParkingLots.builder().config(config, loader).store(store).clock(clock)
          .openTelemetry(telemetry.sdk).keyPrefix("explicit:")
          .retrievalMode(dev.parkinglot.RetrievalMode.CONSUME_ON_CLAIM).build();

      assertThat(ExtraStoreProvider.LAST.get()).as("an explicit store wins; the configured one is not created")
          .isNull();
      parkInSpan(setterFirst, "a", Map.of());
      parkInSpan(configFirst, "b", Map.of());
      assertThat(store.load(StoreKey.of("explicit:a"))).isPresent();
      assertThat(store.load(StoreKey.of("explicit:b"))).isPresent();
      assertThat(setterFirst.retrieve("a")).isPresent();
      assertThat(setterFirst.retrieve("a")).as("keep-until-expiry from config").isPresent();
      assertThat(configFirst.retrieve("b")).isPresent();
      assertThat(configFirst.retrieve("b")).as("explicit consume-on-claim").isEmpty();
      setterFirst.close();
      assertThat(store.size()).as("a given store is not closed by the lot: a's entry, b's tombstone")
          .isEqualTo(2);
    }
  }

  @Test
  void acceptsRetrievalModesInAnyCaseWithUnderscoresOrDashes() {
    assertThat(ParkingLotBuilder.parseRetrievalMode("consume_on_success"))
        .isEqualTo(dev.parkinglot.RetrievalMode.CONSUME_ON_SUCCESS);
    assertThat(ParkingLotBuilder.parseRetrievalMode(" Keep-Until-Expiry "))
        .isEqualTo(dev.parkinglot.RetrievalMode.KEEP_UNTIL_EXPIRY);
    assertThat(ParkingLotBuilder.parseRetrievalMode("CONSUME-ON-CLAIM"))
        .isEqualTo(dev.parkinglot.RetrievalMode.CONSUME_ON_CLAIM);
    assertThat(ParkingLotBuilder.parseMetadataAttributes("NONE").isNone()).isTrue();
    assertThat(ParkingLotBuilder.parseMetadataAttributes("all").includes("anything")).isTrue();
  }

  @Test
  void invalidConfigValuesFailNamingThePropertyAndTheValue() {
    assertThatThrownBy(() -> builder().config(StoreConfig.of(Map.of("parkinglot.retrieval-mode", "sometimes"))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.retrieval-mode must be consume-on-claim, keep-until-expiry or consume-on-success,"
            + " was 'sometimes'");
    assertThatThrownBy(() -> builder().config(StoreConfig.of(Map.of("parkinglot.default-ttl", "0s"))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.default-ttl must be between PT0.001S and PT8784H, was 0s");
    assertThatThrownBy(() -> builder().config(StoreConfig.of(Map.of("parkinglot.default-ttl", "367d"))))
        .hasMessage("parkinglot.default-ttl must be between PT0.001S and PT8784H, was 367d");
    assertThatThrownBy(
            () -> builder().config(StoreConfig.of(Map.of("parkinglot.propagate-store-errors", "maybe"))))
        .hasMessage("parkinglot.propagate-store-errors must be true or false, was 'maybe'");
    assertThatThrownBy(() -> builder().config(StoreConfig.of(Map.of("parkinglot.metadata-attributes", " , "))))
        .hasMessage("parkinglot.metadata-attributes must be all, none, or comma-separated metadata keys,"
            + " was ','");
    assertThatThrownBy(() -> builder().config(StoreConfig.of(Map.of("parkinglot.key-prefix", "p".repeat(65)))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("parkinglot.key-prefix: key prefix '")
        .hasMessageEndingWith("has 65 chars, more than the maximum of 64");
  }

  @Test
  void theDefaultsAreTheOriginals() {
    ParkingLot lot = ParkingLots.builder().store(store).clock(clock).openTelemetry(telemetry.sdk).build();
    Span span = telemetry.tracer.spanBuilder("checkout").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      lot.park("k");
    } finally {
      span.end();
    }

    assertThat(store.load(StoreKey.of("parkingLot:k")).orElseThrow().ttlMillis()).isEqualTo(86_400_000L);
    lot.traceCallback(CallbackConfig.builder("cb", (String e) -> e).build(), (ctx, e) -> e).apply("k");
    StoredTraceContext tombstone = store.load(StoreKey.of("parkingLot:k")).orElseThrow();
    assertThat(tombstone.isConsumed()).as("consume-on-claim, with duplicate detection").isTrue();
    assertThat(tombstone.expiresAtMillis()).as("a grace of one hour").isEqualTo(clock.millis() + 3_600_000L);
    assertThat(lot.toString()).isEqualTo("ParkingLot{store=" + store + ", keyPrefix='parkingLot:',"
        + " defaultTtlMillis=86400000, retrievalMode=CONSUME_ON_CLAIM, propagateStoreErrors=false,"
        + " metadataAttributes=MetadataAttributes.all(), duplicateGrace=PT1H}");
  }
}
