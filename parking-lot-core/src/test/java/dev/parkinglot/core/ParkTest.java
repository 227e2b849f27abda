package dev.parkinglot.core;

import dev.parkinglot.spi.StoreKey;
import static dev.parkinglot.core.ParkingLotAttributes.BAGGAGE_DROPPED;
import static dev.parkinglot.core.ParkingLotAttributes.CORRELATION_KEY;
import static dev.parkinglot.core.ParkingLotAttributes.STORE_ERROR;
import static dev.parkinglot.core.ParkingLotAttributes.TTL_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.MetadataAttributes;
import dev.parkinglot.ParkOptions;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.api.trace.SpanKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParkTest extends LotTestBase {

  @Test
  void parksTheCurrentSpanUnderThePrefixedKeyAndAddsTheParkedEvent() {
    ParkingLot lot = builder().build();

    ParkResult result = parkInSpan(lot, "checkout", "payment:order-1", Map.of("orderId", "order-1"));

    SpanData checkout = telemetry.span("checkout");
    StoredTraceContext stored = store.load(StoreKey.of("parkingLot:payment:order-1")).orElseThrow();
    assertThat(result.status()).isEqualTo(ParkResult.Status.PARKED);
    assertThat(result.correlationKey()).isEqualTo("payment:order-1");
    assertThat(result.stored()).contains(stored);
    assertThat(stored.traceId()).isEqualTo(checkout.getTraceId());
    assertThat(stored.spanId()).isEqualTo(checkout.getSpanId());
    assertThat(stored.traceFlags()).isEqualTo(checkout.getSpanContext().getTraceFlags());
    assertThat(stored.traceFlags().isSampled()).isTrue();
    assertThat(stored.parkedAtMillis()).isEqualTo(START);
    assertThat(stored.ttlMillis()).isEqualTo(86_400_000L);
    assertThat(stored.metadata()).containsExactly(Map.entry("orderId", "order-1"));
    assertThat(stored.traceState()).isEmpty();
    assertThat(stored.baggage()).isEmpty();
    assertThat(store.size()).isEqualTo(1);

    assertThat(checkout.getEvents()).hasSize(1);
    EventData event = checkout.getEvents().get(0);
    assertThat(event.getName()).isEqualTo("trace_context_parked");
    assertThat(TestTelemetry.norm(event.getAttributes())).isEqualTo(Attributes.builder()
        .put(CORRELATION_KEY, "payment:order-1")
        .put(TTL_MS, 86_400_000L)
        .put("parking_lot.metadata.orderId", "order-1")
        .build());
    assertThat(TestTelemetry.norm(checkout.getAttributes())).isEqualTo(Attributes.empty());
  }

  @Test
  void usesThePerParkTtlOverTheLotDefault() {
    ParkingLot lot = builder().defaultTtl(Duration.ofHours(2)).keyPrefix("wh/").build();
    Span span = telemetry.tracer.spanBuilder("checkout").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      lot.park("a");
      lot.park("b", ParkOptions.builder().ttl(Duration.ofMinutes(5)).build());
    } finally {
      span.end();
    }

    assertThat(store.load(StoreKey.of("wh/a")).orElseThrow().ttlMillis()).isEqualTo(7_200_000L);
    assertThat(store.load(StoreKey.of("wh/b")).orElseThrow().ttlMillis()).isEqualTo(300_000L);
    assertThat(telemetry.span("checkout").getEvents())
        .extracting(EventData::getAttributes)
        .containsExactly(
            Attributes.of(CORRELATION_KEY, "a", TTL_MS, 7_200_000L),
            Attributes.of(CORRELATION_KEY, "b", TTL_MS, 300_000L));
  }

  @Test
  void storesNothingAndSaysSkippedWithoutAValidSpan() {
    ParkingLot lot = builder().build();

    ParkResult noSpan = lot.park("payment:order-1", Map.of("orderId", "order-1"));
    ParkResult invalidExplicit = lot.park("payment:order-2",
        ParkOptions.builder().spanContext(SpanContext.getInvalid()).build());

    assertThat(noSpan.status()).isEqualTo(ParkResult.Status.SKIPPED_NO_VALID_CONTEXT);
    assertThat(noSpan.isParked()).isFalse();
    assertThat(noSpan.stored()).isEmpty();
    assertThat(noSpan.failure()).isEmpty();
    assertThat(invalidExplicit.status()).isEqualTo(ParkResult.Status.SKIPPED_NO_VALID_CONTEXT);
    assertThat(store.size()).isZero();
    assertThat(telemetry.spans()).isEmpty();
  }

  @Test
  void parksAnExplicitSpanContextAndTakesBaggageFromAnExplicitContext() {
    ParkingLot lot = builder().build();
    SpanContext other = SpanContext.create(
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getDefault(),
        TraceState.getDefault());
    Context context = Context.root().with(Baggage.builder().put("tenant", "acme").build());

    ParkResult result = lot.park("k", ParkOptions.builder().spanContext(other).context(context).build());

    StoredTraceContext stored = result.stored().orElseThrow();
    assertThat(stored.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(stored.spanId()).isEqualTo("b7ad6b7169203331");
    assertThat(stored.traceFlags()).isEqualTo(TraceFlags.getDefault());
    assertThat(stored.baggage()).isEqualTo("tenant=acme");
  }

  @Test
  void capturesTracestateAndBaggageThroughTheW3cPropagators() {
    ParkingLot lot = builder().build();
    SpanContext remoteParent = SpanContext.createFromRemoteParent(
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(),
        TraceState.builder().put("rojo", "00f067aa0ba902b7").put("congo", "t61rcWkgMzE").build());
    Baggage baggage = Baggage.builder().put("tenant", "acme").put("note", "a b,c;d").build();
    Span span = telemetry.tracer.spanBuilder("checkout")
        .setParent(Context.root().with(Span.wrap(remoteParent))).startSpan();
    ParkResult result;
    try (Scope a = span.makeCurrent(); Scope b = baggage.makeCurrent()) {
      result = lot.park("k");
    } finally {
      span.end();
    }

    Map<String, String> expectedHeaders = new HashMap<>();
    W3CBaggagePropagator.getInstance().inject(Context.root().with(baggage), expectedHeaders, Map::put);
    StoredTraceContext stored = result.stored().orElseThrow();
    assertThat(stored.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(stored.traceState()).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    assertThat(stored.baggage()).isEqualTo(expectedHeaders.get("baggage"));
    assertThat(stored.toSpanContext().getTraceState().asMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("rojo", "00f067aa0ba902b7", "congo", "t61rcWkgMzE"));
  }

  @Test
  void parksWithoutBaggageThatIsTooLongAndSaysSoOnTheEvent() {
    ParkingLot lot = builder().build();
    Baggage oneHugeEntry = Baggage.builder().put("blob", "x".repeat(9000)).build();
    io.opentelemetry.api.baggage.BaggageBuilder many = Baggage.builder();
    for (int i = 0; i < 12; i++) {
      many.put("k" + i, "y".repeat(1000));
    }

    for (Baggage tooLong : new Baggage[] {oneHugeEntry, many.build()}) {
      telemetry.exporter.reset();
      Span span = telemetry.tracer.spanBuilder("checkout").startSpan();
      ParkResult result;
      try (Scope a = span.makeCurrent(); Scope b = tooLong.makeCurrent()) {
        result = lot.park("k");
      } finally {
        span.end();
      }

      assertThat(result.isParked()).isTrue();
      assertThat(result.stored().orElseThrow().baggage()).isEmpty();
      assertThat(TestTelemetry.norm(telemetry.span("checkout").getEvents().get(0).getAttributes()))
          .isEqualTo(Attributes.builder()
              .put(CORRELATION_KEY, "k")
              .put(TTL_MS, 86_400_000L)
              .put(BAGGAGE_DROPPED, true)
              .build());
    }
  }

  @Test
  void parksWithoutATracestateLongerThanTheLimitAndSaysSo() {
    ParkingLot lot = builder().build();
    TraceState longState = TraceState.builder()
        .put("a", "1".repeat(250)).put("b", "2".repeat(250)).put("c", "3".repeat(250)).build();
    SpanContext remoteParent = SpanContext.createFromRemoteParent(
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), longState);
    Span span = telemetry.tracer.spanBuilder("checkout")
        .setParent(Context.root().with(Span.wrap(remoteParent))).startSpan();
    ParkResult result;
    try (Scope ignored = span.makeCurrent()) {
      result = lot.park("k");
    } finally {
      span.end();
    }

    assertThat(result.stored().orElseThrow().traceState()).isEmpty();
    assertThat(TestTelemetry.norm(telemetry.span("checkout").getEvents().get(0).getAttributes()))
        .isEqualTo(Attributes.builder()
            .put(CORRELATION_KEY, "k")
            .put(TTL_MS, 86_400_000L)
            .put(ParkingLotAttributes.TRACE_STATE_DROPPED, true)
            .build());
  }

  @Test
  void parksBaggageJustUnderTheLimitInFull() {
    ParkingLot lot = builder().build();
    io.opentelemetry.api.baggage.BaggageBuilder many = Baggage.builder();
    for (int i = 0; i < 8; i++) {
      many.put("k" + i, "y".repeat(1000));
    }
    Baggage baggage = many.build();
    Span span = telemetry.tracer.spanBuilder("checkout").startSpan();
    ParkResult result;
    try (Scope a = span.makeCurrent(); Scope b = baggage.makeCurrent()) {
      result = lot.park("k");
    } finally {
      span.end();
    }

    String parked = result.stored().orElseThrow().baggage();
    assertThat(parked).hasSize(8 * 1003 + 7);
    assertThat(telemetry.span("checkout").getEvents().get(0).getAttributes().get(BAGGAGE_DROPPED)).isNull();
  }

  @Test
  void keepsMetadataOutOfTheEventAsThePolicySays() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("orderId", "order-1");
    metadata.put("email", "a@example.com");
    ParkingLot none = builder().metadataAttributes(MetadataAttributes.none()).build();
    ParkingLot only = builder().metadataAttributes(MetadataAttributes.only(Set.of("orderId"))).build();

    parkInSpan(none, "none", "k1", metadata);
    parkInSpan(only, "only", "k2", metadata);

    assertThat(TestTelemetry.norm(telemetry.span("none").getEvents().get(0).getAttributes()))
        .isEqualTo(Attributes.of(CORRELATION_KEY, "k1", TTL_MS, 86_400_000L));
    assertThat(TestTelemetry.norm(telemetry.span("only").getEvents().get(0).getAttributes()))
        .isEqualTo(Attributes.builder()
        .put(CORRELATION_KEY, "k2")
        .put(TTL_MS, 86_400_000L)
        .put("parking_lot.metadata.orderId", "order-1")
        .build());
    assertThat(store.load(StoreKey.of("parkingLot:k1")).orElseThrow().metadata()).isEqualTo(metadata);
  }

  @Test
  void failsOpenWhenTheStoreThrowsRecordingItOnTheCurrentSpan() {
    StoreUnavailableException down = new StoreUnavailableException("redis down", new IOException("refused"));
    ParkingLot lot = builder().store(new FailingStore(() -> down)).build();

    ParkResult result = parkInSpan(lot, "checkout", "payment:order-1", Map.of());

    assertThat(result.status()).isEqualTo(ParkResult.Status.FAILED);
    assertThat(result.failure()).containsSame(down);
    assertThat(result.stored()).isEmpty();
    SpanData checkout = telemetry.span("checkout");
    assertThat(TestTelemetry.norm(checkout.getAttributes())).isEqualTo(Attributes.of(STORE_ERROR, true));
    assertThat(checkout.getEvents()).extracting(EventData::getName).containsExactly("exception");
    assertThat(TestTelemetry.withoutStackTrace(checkout.getEvents().get(0))).isEqualTo(Attributes.builder()
        .put(TestTelemetry.EXCEPTION_TYPE, StoreUnavailableException.class.getName())
        .put(TestTelemetry.EXCEPTION_MESSAGE, "redis down")
        .put(CORRELATION_KEY, "payment:order-1")
        .build());
  }

  @Test
  void throwsTheStoreErrorWhenPropagatingWrappingForeignExceptions() {
    StoreUnavailableException down = new StoreUnavailableException("redis down", null);
    IllegalStateException foreign = new IllegalStateException("pool closed");
    ParkingLot ours = builder().store(new FailingStore(() -> down)).propagateStoreErrors(true).build();
    ParkingLot wrapped = builder().store(new FailingStore(() -> foreign)).propagateStoreErrors(true).build();

    Span span = telemetry.tracer.spanBuilder("checkout").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ours.park("k")).isSameAs(down);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrapped.park("k"))
          .isExactlyInstanceOf(StoreUnavailableException.class)
          .hasMessage("parking lot park for key 'k' failed in the store:"
              + " java.lang.IllegalStateException: pool closed")
          .hasCause(foreign);
    } finally {
      span.end();
    }
  }

  @Test
  void aRecordOnlySpanThatIsNotSampledStillGetsTheParkedEvent() {
    try (TestTelemetry recordOnly = new TestTelemetry(new RecordOnlySampler())) {
      ParkingLot lot = builder().openTelemetry(recordOnly.sdk).build();
      Span span = recordOnly.tracer.spanBuilder("checkout").startSpan();
      assertThat(span.getSpanContext().isSampled()).isFalse();
      assertThat(span.isRecording()).isTrue();
      try (Scope ignored = span.makeCurrent()) {
        assertThat(lot.park("order-ro").isParked()).isTrue();
      } finally {
        span.end();
      }

      SpanData data = ((ReadableSpan) span).toSpanData();
      assertThat(data.getEvents()).singleElement().satisfies(event -> {
        assertThat(event.getName()).isEqualTo("trace_context_parked");
        assertThat(event.getAttributes().get(CORRELATION_KEY)).isEqualTo("order-ro");
      });
      assertThat(store.load(StoreKey.of("parkingLot:order-ro")).orElseThrow().traceFlags().isSampled()).isFalse();
    }
  }

  @Test
  void parkingInASampledSpanThatHasEndedStoresItAndAddsNoEvent() {
    ParkingLot lot = builder().build();
    Span span = telemetry.tracer.spanBuilder("checkout").startSpan();
    span.end();
    try (Scope ignored = span.makeCurrent()) {
      assertThat(lot.park("order-ended").isParked()).isTrue();
    }

    assertThat(telemetry.span("checkout").getEvents()).isEmpty();
    assertThat(store.load(StoreKey.of("parkingLot:order-ended")).orElseThrow().spanId())
        .isEqualTo(span.getSpanContext().getSpanId());
  }

  /** Records every span without sampling it: recording, not exported. */
  private static final class RecordOnlySampler implements Sampler {
    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
        Attributes attributes, List<LinkData> parentLinks) {
      return SamplingResult.recordOnly();
    }

    @Override
    public String getDescription() {
      return "RecordOnlySampler";
    }
  }
}
