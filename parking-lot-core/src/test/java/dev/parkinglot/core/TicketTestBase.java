package dev.parkinglot.core;

import java.time.Instant;
import dev.parkinglot.tck.TckClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.ParkingLot;
import dev.parkinglot.store.memory.MemoryTraceContextStore;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;

/**
 * The real SDK with traces and metrics in memory, the real memory store, a test clock, and ticket
 * keys: fresh for every test. Its own SDK (not TestTelemetry's) because tickets are counted too.
 */
abstract class TicketTestBase {
  static final long START = LotTestBase.START;
  /** A key id of the longest length allowed. */
  static final String LONG_KEY_ID = "k".repeat(TicketKeys.MAX_KEY_ID_LENGTH);

  final TckClock clock = TckClock.at(Instant.ofEpochMilli(START));
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(
          SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();
  final Tracer tracer = sdk.getTracer("test");
  final MemoryTraceContextStore store =
      MemoryTraceContextStore.builder().clock(clock).sweepInterval(Duration.ZERO).build();

  /** A secret of 32 bytes derived from {@code seed}. */
  static byte[] secret(int seed) {
    byte[] secret = new byte[TicketKeys.MIN_SECRET_BYTES];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (seed * 31 + i * 7);
    }
    return secret;
  }

  static TicketKeys keys(String keyId, int seed) {
    return TicketKeys.builder(keyId, secret(seed)).build();
  }

  ParkingLotBuilder builder(TicketKeys keys) {
    return ParkingLots.builder().store(store).clock(clock).openTelemetry(sdk).ticketKeys(keys);
  }

  /** Runs {@code action} inside a fresh span named {@code spanName}, which is ended afterwards. */
  <V> V inSpan(String spanName, Supplier<V> action) {
    Span span = tracer.spanBuilder(spanName).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return action.get();
    } finally {
      span.end();
    }
  }

  /** A ticket issued by {@code lot} inside a span named "checkout". */
  String ticketInCheckout(ParkingLot lot) {
    return inSpan("checkout", () -> lot.ticket().orElseThrow());
  }

  /** The one finished span with this name. */
  SpanData span(String name) {
    List<SpanData> named = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .collect(Collectors.toList());
    assertThat(named).as("finished spans named %s", name).hasSize(1);
    return named.get(0);
  }

  /** The ticket verification counter's points: attributes to value. */
  Map<Attributes, Long> verifications() {
    Map<Attributes, Long> points = new LinkedHashMap<>();
    for (MetricData metric : metrics.collectAllMetrics()) {
      if (metric.getName().equals(ParkingLotAttributes.TICKET_VERIFICATIONS)) {
        assertThat(metric.getInstrumentationScopeInfo().getName()).isEqualTo("dev.parkinglot");
        assertThat(metric.getUnit()).isEqualTo("{verification}");
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          points.put(TestTelemetry.norm(point.getAttributes()), point.getValue());
        }
      }
    }
    return points;
  }

  /** The sum of the lot's store-claim counter ({@code parking_lot.claims}) over all its points. */
  long storeClaims() {
    long sum = 0;
    for (MetricData metric : metrics.collectAllMetrics()) {
      if (metric.getName().equals("parking_lot.claims")) {
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          sum += point.getValue();
        }
      }
    }
    return sum;
  }

  @AfterEach
  void closeStoreAndSdk() {
    store.close();
    sdk.close();
  }
}
