package dev.parkinglot.core;

import java.time.Instant;
import dev.parkinglot.tck.TckClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.store.memory.MemoryTraceContextStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The lot's metrics, read back from the real SDK through an in-memory metric reader. */
class MetricsTest extends LotTestBase {
  private static final AttributeKey<String> STORE = AttributeKey.stringKey("parking_lot.store");
  private static final AttributeKey<String> CALLBACK = AttributeKey.stringKey("parking_lot.callback.name");
  private static final AttributeKey<String> PARK_OUTCOME = AttributeKey.stringKey("parking_lot.park.outcome");
  private static final AttributeKey<String> CLAIM_OUTCOME = AttributeKey.stringKey("parking_lot.claim.outcome");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("parking_lot.store.operation");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static final CallbackConfig<String> WEBHOOK =
      CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build();

  private static final double[] WAIT_BOUNDARIES = {
      1, 2, 5, 10, 30, 60, 120, 300, 600, 1_800, 3_600, 7_200, 21_600, 43_200, 86_400, 172_800, 345_600,
      604_800};
  private static final double[] STORE_BOUNDARIES = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final StoreUnavailableException down = new StoreUnavailableException("redis is down", null);

  private static Attributes park(String store, String outcome) {
    return Attributes.of(STORE, store, PARK_OUTCOME, outcome);
  }

  private static Attributes claim(String outcome) {
    return Attributes.of(STORE, "memory", CALLBACK, "payment.webhook", CLAIM_OUTCOME, outcome);
  }

  private static Attributes op(String store, String operation) {
    return Attributes.of(STORE, store, OPERATION, operation);
  }

  @Test
  void everyInstrumentHasItsNameUnitTypeDescriptionAndTheLibrarysScope() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    lot.traceCallback(WEBHOOK, (ctx, id) -> "ok").apply("order-1");

    Map<String, MetricData> byName = telemetry.metrics().stream()
        .collect(Collectors.toMap(MetricData::getName, Function.identity()));
    assertThat(byName).containsOnlyKeys("parking_lot.parks", "parking_lot.claims", "parking_lot.wait.duration",
        "parking_lot.store.operation.duration");
    assertThat(byName.values()).allSatisfy(metric -> {
      assertThat(metric.getInstrumentationScopeInfo().getName()).isEqualTo("dev.parkinglot");
      assertThat(metric.getInstrumentationScopeInfo().getVersion()).isEqualTo(ParkingLots.VERSION);
      assertThat(metric.getDescription()).isNotBlank();
    });
    assertThat(byName.get("parking_lot.parks").getUnit()).isEqualTo("{park}");
    assertThat(byName.get("parking_lot.parks").getLongSumData().isMonotonic()).isTrue();
    assertThat(byName.get("parking_lot.claims").getUnit()).isEqualTo("{claim}");
    assertThat(byName.get("parking_lot.claims").getLongSumData().isMonotonic()).isTrue();
    assertThat(byName.get("parking_lot.wait.duration").getUnit()).isEqualTo("s");
    assertThat(byName.get("parking_lot.store.operation.duration").getUnit()).isEqualTo("s");
  }

  @Test
  void parksAreCountedAsStoredSkippedOrFailedWithTheStoresName() {
    ParkingLot lot = builder().build();
    ParkingLot failing = builder().store(new FailingStore(() -> down)).build();

    parkInSpan(lot, "checkout", "payment:order-1", Map.of("orderId", "order-1"));
    parkInSpan(lot, "checkout", "payment:order-2", Map.of());
    assertThat(lot.park("payment:no-span").status()).isEqualTo(ParkResult.Status.SKIPPED_NO_VALID_CONTEXT);
    assertThat(parkInSpan(failing, "checkout", "payment:order-3", Map.of()).status())
        .isEqualTo(ParkResult.Status.FAILED);

    assertThat(telemetry.counts("parking_lot.parks")).isEqualTo(Map.of(
        park("memory", "stored"), 2L,
        park("memory", "skipped"), 1L,
        park("failingstore", "failed"), 1L));
  }

  @Test
  void claimsAreCountedByOutcomeWithTheCallbacksNameAndTheWaitIsRecordedOnceFromTheClock() {
    ParkingLot lot = builder().build();
    Function<String, String> webhook = lot.traceCallback(WEBHOOK, (ctx, id) -> "ok");
    ParkingLot failing = builder().store(new FailingStore(() -> down)).build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of("orderId", "order-1"));
    clock.advance(Duration.ofMillis(90_500));

    webhook.apply("order-1");
    clock.advance(Duration.ofMillis(10_000));
    webhook.apply("order-1");
    webhook.apply("order-never-parked");
    failing.traceCallback(WEBHOOK, (ctx, id) -> "ok").apply("order-1");

    assertThat(telemetry.counts("parking_lot.claims")).isEqualTo(Map.of(
        claim("hit"), 1L,
        claim("duplicate"), 1L,
        claim("miss"), 1L,
        Attributes.of(STORE, "failingstore", CALLBACK, "payment.webhook", CLAIM_OUTCOME, "store_error"), 1L));
    Map<Attributes, HistogramPointData> waits = telemetry.histograms("parking_lot.wait.duration");
    assertThat(waits).containsOnlyKeys(Attributes.of(STORE, "memory", CALLBACK, "payment.webhook"));
    HistogramPointData wait = waits.values().iterator().next();
    assertThat(wait.getCount()).as("the duplicate's wait is not recorded").isEqualTo(1);
    assertThat(wait.getSum()).isEqualTo(90.5);
    assertThat(wait.getMin()).isEqualTo(90.5);
    assertThat(wait.getBoundaries()).containsExactly(box(WAIT_BOUNDARIES));
    assertThat(wait.getCounts().get(6)).as("the bucket (60 s, 120 s]").isEqualTo(1);
  }

  @Test
  void retrieveCountsItsClaimsAndWaitsWithoutACallbackName() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "k", Map.of());
    clock.advance(Duration.ofMillis(3_000));

    assertThat(lot.retrieve("k")).isPresent();
    assertThat(lot.retrieve("k")).isEmpty();
    assertThat(lot.retrieve("other")).isEmpty();

    assertThat(telemetry.counts("parking_lot.claims")).isEqualTo(Map.of(
        Attributes.of(STORE, "memory", CLAIM_OUTCOME, "hit"), 1L,
        Attributes.of(STORE, "memory", CLAIM_OUTCOME, "duplicate"), 1L,
        Attributes.of(STORE, "memory", CLAIM_OUTCOME, "miss"), 1L));
    HistogramPointData wait = telemetry.histograms("parking_lot.wait.duration")
        .get(Attributes.of(STORE, "memory"));
    assertThat(wait.getCount()).isEqualTo(1);
    assertThat(wait.getSum()).isEqualTo(3.0);
  }

  @Test
  void anEntryTheStoreStillServesButTheLotsClockHasExpiredCountsAsExpiredAndIsAMiss() {
    // The store's clock lags the lot's by a minute: it still serves an entry the lot sees as expired.
    TckClock lagging = TckClock.at(Instant.ofEpochMilli(START));
    MemoryTraceContextStore laggingStore =
        MemoryTraceContextStore.builder().clock(lagging).sweepInterval(Duration.ZERO).build();
    try {
      ParkingLot lot = builder().store(laggingStore).build();
      Function<String, String> webhook = lot.traceCallback(WEBHOOK, (ctx, id) -> ctx.parkedContext().isPresent()
          ? "linked" : "unlinked");
      parkInSpan(lot, "checkout", "payment:order-1", Map.of());
      clock.advance(Duration.ofMillis(86_400_000L + 60_000L));

      assertThat(webhook.apply("order-1")).isEqualTo("unlinked");

      assertThat(telemetry.counts("parking_lot.claims")).isEqualTo(Map.of(claim("expired"), 1L));
      assertThat(telemetry.span("payment.webhook").getLinks()).isEmpty();
      assertThat(misses).containsExactly("payment:order-1=NOT_FOUND");
      assertThat(telemetry.histograms("parking_lot.wait.duration")).isEmpty();
    } finally {
      laggingStore.close();
    }
  }

  @Test
  void everyStoreOperationIsTimedByStoreAndOperation() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "k", Map.of());
    assertThat(lot.exists("k")).isTrue();
    assertThat(lot.peek("k")).isPresent();
    lot.traceCallback(CallbackConfig.builder("cb", (String key) -> key).build(), (ctx, key) -> "ok").apply("k");
    lot.delete("k");
    ParkingLot off = builder().duplicateDetection(Duration.ZERO).build();
    off.retrieve("k");

    Map<Attributes, HistogramPointData> operations =
        telemetry.histograms("parking_lot.store.operation.duration");
    assertThat(operations).containsOnlyKeys(
        op("memory", "save"), op("memory", "load"), op("memory", "claim"), op("memory", "delete"),
        op("memory", "take"));
    assertThat(operations.get(op("memory", "load")).getCount()).as("exists and peek both load").isEqualTo(2);
    assertThat(operations.values()).allSatisfy(point -> {
      assertThat(point.getSum()).isNotNegative();
      assertThat(point.getBoundaries()).containsExactly(box(STORE_BOUNDARIES));
    });
    assertThat(operations.get(op("memory", "save")).getCount()).isEqualTo(1);
    assertThat(operations.get(op("memory", "claim")).getCount()).isEqualTo(1);
    assertThat(operations.get(op("memory", "delete")).getCount()).isEqualTo(1);
    assertThat(operations.get(op("memory", "take")).getCount()).isEqualTo(1);
  }

  @Test
  void aFailedStoreOperationIsTimedWithTheExceptionsClassAsErrorType() {
    ParkingLot lot = builder().store(new FailingStore(() -> down)).build();
    parkInSpan(lot, "checkout", "k", Map.of());
    lot.traceCallback(WEBHOOK, (ctx, id) -> "ok").apply("order-1");

    Map<Attributes, HistogramPointData> operations =
        telemetry.histograms("parking_lot.store.operation.duration");
    String type = StoreUnavailableException.class.getName();
    assertThat(operations).containsOnlyKeys(
        op("failingstore", "save").toBuilder().put(ERROR_TYPE, type).build(),
        op("failingstore", "claim").toBuilder().put(ERROR_TYPE, type).build());
    assertThat(operations.values()).allSatisfy(point -> assertThat(point.getCount()).isEqualTo(1));
  }

  @Test
  void noMetricAttributeEverCarriesACorrelationKeyOrMetadata() {
    ParkingLot lot = builder().build();
    Function<String, String> webhook = lot.traceCallback(WEBHOOK, (ctx, id) -> "ok");
    for (int i = 0; i < 50; i++) {
      parkInSpan(lot, "checkout", "payment:order-" + i, Map.of("orderId", "order-" + i, "customer", "c-" + i));
      webhook.apply("order-" + i);
      webhook.apply("order-" + i);
      webhook.apply("unknown-" + i);
      lot.retrieve("payment:order-" + i);
    }

    Set<AttributeKey<?>> keys = new HashSet<>();
    Set<Object> values = new HashSet<>();
    List<Attributes> all = telemetry.metrics().stream()
        .flatMap(metric -> metric.getData().getPoints().stream())
        .map(point -> point.getAttributes())
        .collect(Collectors.toList());
    all.forEach(attributes -> attributes.forEach((key, value) -> {
      keys.add(key);
      values.add(value);
    }));
    assertThat(keys).containsExactlyInAnyOrder(STORE, CALLBACK, PARK_OUTCOME, CLAIM_OUTCOME, OPERATION);
    assertThat(values).containsExactlyInAnyOrder("memory", "payment.webhook", "stored", "hit", "duplicate",
        "miss", "save", "claim");
    assertThat(all).as("points stay few whatever the number of keys").hasSizeLessThan(12);
  }

  private static Double[] box(double[] values) {
    Double[] boxed = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  @Test
  void withTheStoreHistogramDroppedEveryOperationStillReachesTheStoreUntimed() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meters = SdkMeterProvider.builder()
        .registerMetricReader(reader)
        .registerView(
            InstrumentSelector.builder().setName("parking_lot.store.operation.duration").build(),
            View.builder().setAggregation(Aggregation.drop()).build())
        .build();
    // Shares the test's tracer provider, which LotTestBase shuts down: only the meters are closed here.
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(telemetry.sdk.getSdkTracerProvider())
        .setMeterProvider(meters)
        .build();
    try (meters) {
      ParkingLot lot = builder().openTelemetry(sdk).build();
      ParkingLot keeping = builder().openTelemetry(sdk).retrievalMode(dev.parkinglot.RetrievalMode.KEEP_UNTIL_EXPIRY)
          .keyPrefix("kept:").build();

      parkInSpan(lot, "checkout", "payment:order-1", Map.of("plan", "pro"));
      parkInSpan(keeping, "checkout", "order-2", Map.of());
      assertThat(lot.exists("payment:order-1")).isTrue();
      assertThat(lot.peek("payment:order-1")).get().extracting(c -> c.metadata()).isEqualTo(Map.of("plan", "pro"));
      assertThat(keeping.retrieve("order-2")).as("keep-until-expiry loads").isPresent();
      assertThat(keeping.retrieve("order-2")).as("and keeps").isPresent();
      assertThat(lot.traceCallback(WEBHOOK, (ctx, id) -> ctx.parkedContext().isPresent() + "/" + ctx.duplicate())
          .apply("order-1")).isEqualTo("true/false");
      assertThat(lot.retrieve("payment:order-1")).as("a claimed entry is a duplicate, not a hit").isEmpty();
      keeping.delete("order-2");
      assertThat(keeping.exists("order-2")).isFalse();

      List<MetricData> metrics = List.copyOf(reader.collectAllMetrics());
      assertThat(metrics).extracting(MetricData::getName)
          .contains("parking_lot.parks", "parking_lot.claims")
          .doesNotContain("parking_lot.store.operation.duration");
    }
  }
}
