package dev.parkinglot.core;

import dev.parkinglot.spi.StoreKey;
import static dev.parkinglot.core.ParkingLotAttributes.CONTEXT_FOUND;
import static dev.parkinglot.core.ParkingLotAttributes.CORRELATION_KEY;
import static dev.parkinglot.core.ParkingLotAttributes.ELAPSED_MS;
import static dev.parkinglot.core.ParkingLotAttributes.ORIGINAL_SPAN_ID;
import static dev.parkinglot.core.ParkingLotAttributes.ORIGINAL_TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.CallbackSpanRelation;
import dev.parkinglot.MetadataAttributes;
import dev.parkinglot.ParkingLot;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CallbackTest extends LotTestBase {
  private static final CallbackConfig<String> WEBHOOK =
      CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build();

  private final AtomicReference<CallbackContext> seen = new AtomicReference<>();
  private final AtomicReference<Span> currentInHandler = new AtomicReference<>();

  private String handle(CallbackContext context, String event) {
    seen.set(context);
    currentInHandler.set(Span.current());
    return "handled " + event;
  }

  @Test
  void aHitStartsAServerSpanLinkedToTheParkedContextWithEveryAttributeAndTheEvent() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of("orderId", "order-1"));
    clock.advance(Duration.ofMillis(90_000));

    String result = lot.traceCallback(WEBHOOK, this::handle).apply("order-1");

    SpanData checkout = telemetry.span("checkout");
    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(result).isEqualTo("handled order-1");
    assertThat(webhook.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(webhook.getInstrumentationScopeInfo().getName()).isEqualTo("dev.parkinglot");
    assertThat(webhook.getInstrumentationScopeInfo().getVersion())
        .isEqualTo(ParkingLots.VERSION).matches("\\d+\\.\\d+.*");
    assertThat(webhook.getParentSpanContext().isValid()).isFalse();
    assertThat(webhook.getTraceId()).isNotEqualTo(checkout.getTraceId());
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(TestTelemetry.norm(webhook.getAttributes())).isEqualTo(Attributes.builder()
        .put(CORRELATION_KEY, "payment:order-1")
        .put(CONTEXT_FOUND, true)
        .put(ELAPSED_MS, 90_000L)
        .put(ORIGINAL_TRACE_ID, checkout.getTraceId())
        .put(ORIGINAL_SPAN_ID, checkout.getSpanId())
        .put("parking_lot.metadata.orderId", "order-1")
        .build());
    assertThat(webhook.getLinks()).hasSize(1);
    LinkData link = webhook.getLinks().get(0);
    assertThat(link.getSpanContext().getTraceId()).isEqualTo(checkout.getTraceId());
    assertThat(link.getSpanContext().getSpanId()).isEqualTo(checkout.getSpanId());
    assertThat(link.getSpanContext().isRemote()).isTrue();
    assertThat(link.getSpanContext().isSampled()).isTrue();
    assertThat(TestTelemetry.norm(link.getAttributes())).isEqualTo(Attributes.builder()
        .put("parking_lot.link.type", "parking_lot")
        .put("link.type", "parking_lot")
        .put("parking_lot.parked_at", START)
        .put("parking_lot.has_metadata", true)
        .build());
    assertThat(webhook.getEvents()).hasSize(1);
    EventData event = webhook.getEvents().get(0);
    assertThat(event.getName()).isEqualTo("parked_context_retrieved");
    assertThat(TestTelemetry.norm(event.getAttributes())).isEqualTo(Attributes.of(
        CORRELATION_KEY, "payment:order-1", ELAPSED_MS, 90_000L, ORIGINAL_TRACE_ID, checkout.getTraceId()));

    CallbackContext context = seen.get();
    assertThat(context.correlationKey()).isEqualTo("payment:order-1");
    assertThat(context.parkedContext().orElseThrow().spanId()).isEqualTo(checkout.getSpanId());
    assertThat(context.elapsed()).contains(Duration.ofSeconds(90));
    assertThat(context.storeFailed()).isFalse();
    assertThat(context.duplicate()).isFalse();
    assertThat(context.span().getSpanContext().getSpanId()).isEqualTo(webhook.getSpanId());
    assertThat(currentInHandler.get().getSpanContext()).isEqualTo(context.span().getSpanContext());
    assertThat(store.load(StoreKey.of("parkingLot:payment:order-1")).orElseThrow().consumedAtMillis())
        .as("the claim left a tombstone, consumed now").isEqualTo(START + 90_000);
    assertThat(misses).isEmpty();
  }

  @Test
  void aMissRunsTheHandlerWithoutALinkAndTellsTheMissListener() {
    ParkingLot lot = builder().build();

    String result = lot.traceCallback(WEBHOOK, this::handle).apply("order-9");

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(result).isEqualTo("handled order-9");
    assertThat(TestTelemetry.norm(webhook.getAttributes()))
        .isEqualTo(Attributes.of(CORRELATION_KEY, "payment:order-9", CONTEXT_FOUND, false));
    assertThat(webhook.getLinks()).isEmpty();
    assertThat(webhook.getEvents()).isEmpty();
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(seen.get().parkedContext()).isEmpty();
    assertThat(seen.get().elapsed()).isEmpty();
    assertThat(seen.get().storeFailed()).isFalse();
    assertThat(misses).containsExactly("payment:order-9=NOT_FOUND");
  }

  @Test
  void anExpiredEntryIsAMiss() {
    ParkingLot lot = builder().defaultTtl(Duration.ofMinutes(10)).build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    clock.advance(Duration.ofMillis(Duration.ofMinutes(10).toMillis()));

    lot.traceCallback(WEBHOOK, this::handle).apply("order-1");

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(TestTelemetry.norm(webhook.getAttributes()))
        .isEqualTo(Attributes.of(CORRELATION_KEY, "payment:order-1", CONTEXT_FOUND, false));
    assertThat(webhook.getLinks()).isEmpty();
    assertThat(misses).containsExactly("payment:order-1=NOT_FOUND");
  }

  @Test
  void oneMillisecondBeforeExpiryIsStillAHit() {
    ParkingLot lot = builder().defaultTtl(Duration.ofMinutes(10)).build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    clock.advance(Duration.ofMillis(Duration.ofMinutes(10).toMillis() - 1));

    lot.traceCallback(WEBHOOK, this::handle).apply("order-1");

    assertThat(telemetry.span("payment.webhook").getAttributes().get(ELAPSED_MS)).isEqualTo(599_999L);
  }

  @Test
  void childRelationMakesTheCallbackSpanAChildOfTheParkedSpanAndStillLinks() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    CallbackConfig<String> child = CallbackConfig.builder("payment.webhook", (String id) -> "payment:" + id)
        .relation(CallbackSpanRelation.CHILD).spanKind(SpanKind.CONSUMER).build();

    lot.traceCallback(child, this::handle).apply("order-1");

    SpanData checkout = telemetry.span("checkout");
    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(webhook.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(webhook.getTraceId()).isEqualTo(checkout.getTraceId());
    assertThat(webhook.getParentSpanId()).isEqualTo(checkout.getSpanId());
    assertThat(webhook.getParentSpanContext().isRemote()).isTrue();
    assertThat(webhook.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly(checkout.getSpanId());
  }

  @Test
  void linkRelationKeepsTheCurrentSpanAsParent() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    Function<String, String> wrapped = lot.traceCallback(WEBHOOK, this::handle);

    Span request = telemetry.tracer.spanBuilder("http.request").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      wrapped.apply("order-1");
    } finally {
      request.end();
    }

    SpanData http = telemetry.span("http.request");
    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(webhook.getTraceId()).isEqualTo(http.getTraceId());
    assertThat(webhook.getParentSpanId()).isEqualTo(http.getSpanId());
    assertThat(webhook.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly(telemetry.span("checkout").getSpanId());
  }

  @Test
  void customAttributesAreSetButCanNeverOverwriteOurs() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    CallbackConfig<String> config = CallbackConfig.builder("payment.webhook", (String id) -> "payment:" + id)
        .attributes(Attributes.builder()
            .put("webhook.provider", "stripe")
            .put("parking_lot.correlation_key", "forged")
            .put("parking_lot.context_found", false)
            .put("parking_lot.invented", 1L)
            .build())
        .build();

    lot.traceCallback(config, this::handle).apply("order-1");

    Attributes attributes = telemetry.span("payment.webhook").getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("webhook.provider"))).isEqualTo("stripe");
    assertThat(attributes.get(CORRELATION_KEY)).isEqualTo("payment:order-1");
    assertThat(attributes.get(CONTEXT_FOUND)).isTrue();
    assertThat(attributes.get(AttributeKey.longKey("parking_lot.invented"))).isNull();
    assertThat(attributes.size()).isEqualTo(6);
  }

  @Test
  void elapsedIsNeverNegativeWhenTheParkedTimeIsInTheFuture() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    clock.set(clock.instant().minusMillis(5_000));

    lot.traceCallback(WEBHOOK, this::handle).apply("order-1");

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(webhook.getAttributes().get(ELAPSED_MS)).isZero();
    assertThat(webhook.getEvents().get(0).getAttributes().get(ELAPSED_MS)).isZero();
    assertThat(seen.get().elapsed()).contains(Duration.ZERO);
  }

  @Test
  void metadataReachesTheSpanOnlyAsThePolicySays() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("orderId", "order-1");
    metadata.put("email", "a@example.com");
    ParkingLot none = builder().metadataAttributes(MetadataAttributes.none()).build();
    ParkingLot only = builder().metadataAttributes(MetadataAttributes.only(Set.of("orderId"))).build();
    CallbackConfig<String> noneConfig = CallbackConfig.builder("none", (String id) -> "a").build();
    CallbackConfig<String> onlyConfig = CallbackConfig.builder("only", (String id) -> "b").build();
    parkInSpan(none, "p1", "a", metadata);
    parkInSpan(only, "p2", "b", metadata);

    none.traceCallback(noneConfig, this::handle).apply("x");
    assertThat(seen.get().parkedContext().orElseThrow().metadata()).isEqualTo(metadata);
    only.traceCallback(onlyConfig, this::handle).apply("x");

    Attributes noneAttributes = telemetry.span("none").getAttributes();
    Attributes onlyAttributes = telemetry.span("only").getAttributes();
    assertThat(noneAttributes.asMap().keySet()).extracting(AttributeKey::getKey)
        .noneMatch(k -> k.startsWith("parking_lot.metadata."));
    assertThat(onlyAttributes.asMap().keySet()).extracting(AttributeKey::getKey)
        .filteredOn(k -> k.startsWith("parking_lot.metadata."))
        .containsExactly("parking_lot.metadata.orderId");
    assertThat(onlyAttributes.get(AttributeKey.stringKey("parking_lot.metadata.orderId"))).isEqualTo("order-1");
    assertThat(telemetry.span("only").getLinks().get(0).getAttributes().get(ParkingLotAttributes.HAS_METADATA))
        .isTrue();
  }

  @Test
  void restoresTheParkedBaggageWhileTheHandlerRunsLettingCurrentEntriesWin() {
    ParkingLot lot = builder().build();
    Span checkout = telemetry.tracer.spanBuilder("checkout").startSpan();
    try (Scope a = checkout.makeCurrent();
        Scope b = Baggage.builder().put("tenant", "acme").put("region", "eu").build().makeCurrent()) {
      lot.park("payment:order-1");
    } finally {
      checkout.end();
    }
    AtomicReference<Baggage> inHandler = new AtomicReference<>();
    Function<String, String> wrapped = lot.traceCallback(WEBHOOK, (ctx, id) -> {
      inHandler.set(Baggage.current());
      return id;
    });

    try (Scope ignored = Baggage.builder().put("region", "us").put("request", "r-1").build().makeCurrent()) {
      wrapped.apply("order-1");
    }

    assertThat(inHandler.get().asMap()).hasSize(3);
    assertThat(inHandler.get().getEntryValue("tenant")).isEqualTo("acme");
    assertThat(inHandler.get().getEntryValue("region")).isEqualTo("us");
    assertThat(inHandler.get().getEntryValue("request")).isEqualTo("r-1");
    assertThat(Baggage.current().isEmpty()).isTrue();
  }
  @Test
  void tracestateAndBaggageSurviveASerialisingStoreAndComeBackOnTheLinkAndInTheHandler() {
    WireStore wire = new WireStore(clock);
    ParkingLot lot = builder().store(wire).build();
    io.opentelemetry.api.trace.SpanContext remoteParent =
        io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            io.opentelemetry.api.trace.TraceFlags.getSampled(),
            io.opentelemetry.api.trace.TraceState.builder().put("rojo", "00f067aa0ba902b7").build());
    Span checkout = telemetry.tracer.spanBuilder("checkout")
        .setParent(io.opentelemetry.context.Context.root().with(Span.wrap(remoteParent))).startSpan();
    try (Scope a = checkout.makeCurrent();
        Scope b = Baggage.builder().put("tenant", "acme").build().makeCurrent()) {
      lot.park("payment:order-1");
    } finally {
      checkout.end();
    }
    assertThat(wire.raw("parkingLot:payment:order-1"))
        .contains("\"traceState\":\"rojo=00f067aa0ba902b7\"").contains("\"baggage\":\"tenant=acme\"");
    AtomicReference<String> tenant = new AtomicReference<>();
    CallbackConfig<String> child = CallbackConfig.builder("payment.webhook", (String id) -> "payment:" + id)
        .relation(CallbackSpanRelation.CHILD).build();

    lot.traceCallback(child, (ctx, id) -> {
      tenant.set(Baggage.current().getEntryValue("tenant"));
      return id;
    }).apply("order-1");

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(tenant.get()).isEqualTo("acme");
    assertThat(webhook.getLinks().get(0).getSpanContext().getTraceState().asMap())
        .containsExactly(Map.entry("rojo", "00f067aa0ba902b7"));
    assertThat(webhook.getParentSpanContext().getTraceState().asMap())
        .containsExactly(Map.entry("rojo", "00f067aa0ba902b7"));
    assertThat(webhook.getSpanContext().getTraceState().get("rojo")).isEqualTo("00f067aa0ba902b7");
    assertThat(webhook.getParentSpanId()).isEqualTo(telemetry.span("checkout").getSpanId());
  }
}
