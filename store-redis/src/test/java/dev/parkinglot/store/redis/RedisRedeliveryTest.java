package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.tck.TckClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * A webhook delivered twice through a lot on Redis, with the real SDK: the first delivery links
 * and consumes, after which the key the original (npm autotel) reads is empty; the redelivery
 * within the grace links to the same span and is marked a duplicate; after the grace it is a miss.
 * Both for a context this lot parked and for one the original parked (its exact SETEX bytes).
 */
class RedisRedeliveryTest {
  private static final AttributeKey<Boolean> DUPLICATE = AttributeKey.booleanKey("parking_lot.duplicate");
  private static final Duration GRACE = Duration.ofMinutes(10);

  @TempDir static Path dir;
  private static RedisServerProcess server;
  private static UnifiedJedis raw;

  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(System.currentTimeMillis()));
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();

  @BeforeAll
  static void startServer() {
    server = RedisServerProcess.start(dir);
    raw = ApplicationClients.standalone(server.url());
  }

  @AfterAll
  static void stopServer() {
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeTracing() {
    tracerProvider.close();
  }

  private ParkingLot lot() {
    RedisTraceContextStore store = RedisTraceContextStore.builder().url(server.url()).clock(clock).build();
    return ParkingLots.builder().store(store).openTelemetry(sdk).clock(clock).duplicateDetection(GRACE).build();
  }

  private List<SpanData> webhookSpans() {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("payment.webhook"))
        .collect(Collectors.toList());
  }

  @Test
  void aRedeliveryOfAContextParkedHereIsADuplicateAndTheOriginalSeesNothingAfterTheFirst() {
    String orderId = "order-" + UUID.randomUUID();
    try (ParkingLot lot = lot()) {
      Span checkout = sdk.getTracer("test").spanBuilder("checkout").startSpan();
      try (Scope ignored = checkout.makeCurrent()) {
        assertThat(lot.park(orderId).isParked()).isTrue();
      } finally {
        checkout.end();
      }
      deliverTwiceThenLate(lot, orderId, checkout.getSpanContext().getTraceId(),
          checkout.getSpanContext().getSpanId());
    }
  }

  @Test
  void aRedeliveryOfAContextTheOriginalParkedIsADuplicate() {
    String orderId = "order-" + UUID.randomUUID();
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String spanId = "00f067aa0ba902b7";
    String json = "{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\",\"traceFlags\":1,\"parkedAt\":"
        + clock.millis() + ",\"ttlMs\":86400000,\"metadata\":{\"orderId\":\"" + orderId + "\"}}";
    raw.setex(("parkingLot:" + orderId).getBytes(StandardCharsets.UTF_8), 86_400, json.getBytes(StandardCharsets.UTF_8));
    try (ParkingLot lot = lot()) {
      deliverTwiceThenLate(lot, orderId, traceId, spanId);
    }
  }

  private void deliverTwiceThenLate(ParkingLot lot, String orderId, String traceId, String spanId) {
    byte[] originalsKey = ("parkingLot:" + orderId).getBytes(StandardCharsets.UTF_8);
    Function<String, String> webhook = lot.traceCallback(
        CallbackConfig.builder("payment.webhook", (String id) -> id).build(),
        (ctx, id) -> ctx.duplicate() ? "already done" : "fulfilled");

    clock.advance(Duration.ofSeconds(30));
    assertThat(webhook.apply(orderId)).isEqualTo("fulfilled");
    assertThat(raw.get(originalsKey)).as("what the original's GET finds after the Java claim").isNull();

    clock.advance(Duration.ofMinutes(5));
    assertThat(webhook.apply(orderId)).isEqualTo("already done");

    clock.advance(GRACE);
    assertThat(webhook.apply(orderId)).as("after the grace").isEqualTo("fulfilled");

    List<SpanData> spans = webhookSpans();
    assertThat(spans).hasSize(3);
    for (SpanData span : spans.subList(0, 2)) {
      assertThat(span.getLinks()).hasSize(1);
      assertThat(span.getLinks().get(0).getSpanContext().getTraceId()).isEqualTo(traceId);
      assertThat(span.getLinks().get(0).getSpanContext().getSpanId()).isEqualTo(spanId);
    }
    assertThat(spans.get(0).getAttributes().get(DUPLICATE)).isNull();
    assertThat(spans.get(1).getAttributes().get(DUPLICATE)).isTrue();
    assertThat(spans.get(2).getLinks()).as("a delivery after the grace is a miss").isEmpty();
  }
}
