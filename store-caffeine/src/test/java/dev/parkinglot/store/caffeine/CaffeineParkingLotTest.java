package dev.parkinglot.store.caffeine;

import dev.parkinglot.tck.TckClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.core.ParkingLotAttributes;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.StoreConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real lot and the real OpenTelemetry SDK over the Caffeine store. */
class CaffeineParkingLotTest {
  private static final CallbackConfig<String> WEBHOOK =
      CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build();

  private final TckClock clock = TckClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
          .build();
  private final Tracer tracer = sdk.getTracer("test");

  @AfterEach
  void closeSdk() {
    sdk.close();
  }

  @Test
  void lotConfiguredWithStoreCaffeineLinksTheWebhookSpanToTheCheckoutSpan() {
    StoreConfig config = StoreConfig.builder().property(StoreConfig.STORE, "caffeine").clock(clock).build();
    try (ParkingLot lot = ParkingLots.builder().config(config).openTelemetry(sdk).build()) {
      assertThat(parkInSpan(lot, "checkout", "payment:order-1").isParked()).isTrue();
      clock.advance(Duration.ofSeconds(90));

      String result = lot.traceCallback(WEBHOOK, (context, orderId) -> "handled " + orderId).apply("order-1");

      SpanData checkout = span("checkout");
      SpanData webhook = span("payment.webhook");
      assertThat(result).isEqualTo("handled order-1");
      assertThat(webhook.getAttributes().asMap()).isEqualTo(Map.of(
          ParkingLotAttributes.CORRELATION_KEY, "payment:order-1",
          ParkingLotAttributes.CONTEXT_FOUND, true,
          ParkingLotAttributes.ELAPSED_MS, 90_000L,
          ParkingLotAttributes.ORIGINAL_TRACE_ID, checkout.getTraceId(),
          ParkingLotAttributes.ORIGINAL_SPAN_ID, checkout.getSpanId()));
      assertThat(webhook.getLinks()).singleElement().satisfies(link -> {
        assertThat(link.getSpanContext().getTraceId()).isEqualTo(checkout.getTraceId());
        assertThat(link.getSpanContext().getSpanId()).isEqualTo(checkout.getSpanId());
        assertThat(link.getAttributes().get(ParkingLotAttributes.LINK_TYPE)).isEqualTo("parking_lot");
      });
      assertThat(lot.retrieve("payment:order-1")).as("a claimed context is gone").isEmpty();
    }
  }

  @Test
  void contextExpiredOnTheLotsClockLeavesTheCallbackUnlinked() {
    StoreConfig config = StoreConfig.builder().property(StoreConfig.STORE, "caffeine").clock(clock).build();
    try (ParkingLot lot = ParkingLots.builder().config(config).openTelemetry(sdk).build()) {
      parkInSpan(lot, "checkout", "payment:order-1");
      clock.advance(Duration.ofHours(24));

      lot.traceCallback(WEBHOOK, (context, orderId) -> orderId).apply("order-1");

      SpanData webhook = span("payment.webhook");
      assertThat(webhook.getAttributes().asMap()).isEqualTo(Map.of(
          ParkingLotAttributes.CORRELATION_KEY, "payment:order-1",
          ParkingLotAttributes.CONTEXT_FOUND, false));
      assertThat(webhook.getLinks()).isEmpty();
    }
  }

  @Test
  void contextEvictedByTheSizeBoundLeavesItsCallbackUnlinkedAndIsCounted() {
    try (CaffeineTraceContextStore store =
            CaffeineTraceContextStore.builder().clock(clock).maximumSize(1).executor(Runnable::run).build();
        ParkingLot lot = ParkingLots.builder().store(store).clock(clock).openTelemetry(sdk).build()) {
      parkInSpan(lot, "checkout-1", "payment:order-1");
      parkInSpan(lot, "checkout-2", "payment:order-2");
      assertThat(store.evictionCount()).isEqualTo(1);

      Function<String, String> webhook = lot.traceCallback(WEBHOOK, (context, orderId) -> orderId);
      webhook.apply("order-1");
      webhook.apply("order-2");

      List<SpanData> webhooks = spans("payment.webhook");
      List<SpanData> linked = webhooks.stream().filter(s -> !s.getLinks().isEmpty()).collect(Collectors.toList());
      List<SpanData> unlinked = webhooks.stream().filter(s -> s.getLinks().isEmpty()).collect(Collectors.toList());
      assertThat(linked).hasSize(1);
      assertThat(unlinked).singleElement()
          .satisfies(s -> assertThat(s.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isFalse());
      // The survivor links to the span that parked it, whichever of the two Caffeine kept.
      SpanData survivor = linked.get(0);
      String order = survivor.getAttributes().get(AttributeKey.stringKey("parking_lot.correlation_key"));
      SpanData parkedBy = span(order.equals("payment:order-1") ? "checkout-1" : "checkout-2");
      LinkData link = survivor.getLinks().get(0);
      assertThat(link.getSpanContext().getSpanId()).isEqualTo(parkedBy.getSpanId());
      assertThat(survivor.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isTrue();
    }
  }

  private ParkResult parkInSpan(ParkingLot lot, String spanName, String key) {
    Span span = tracer.spanBuilder(spanName).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return lot.park(key);
    } finally {
      span.end();
    }
  }

  private List<SpanData> spans(String name) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .collect(Collectors.toList());
  }

  private SpanData span(String name) {
    List<SpanData> named = spans(name);
    assertThat(named).as("finished spans named %s", name).hasSize(1);
    return named.get(0);
  }
}
