package dev.parkinglot.core;

import static dev.parkinglot.core.ParkingLotAttributes.CONTEXT_FOUND;
import static dev.parkinglot.core.ParkingLotAttributes.ELAPSED_MS;
import static dev.parkinglot.core.ParkingLotAttributes.ORIGINAL_SPAN_ID;
import static dev.parkinglot.core.ParkingLotAttributes.ORIGINAL_TRACE_ID;
import static dev.parkinglot.core.ParkingLotAttributes.TICKET_KEY_ID;
import static dev.parkinglot.core.ParkingLotAttributes.TICKET_STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.ParkOptions;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.TicketStatus;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A callback that takes its parked context from a signed ticket in the event: what links, and what never does. */
class TicketCallbackTest extends TicketTestBase {
  /** The event: a provider object whose metadata echoes what we attached. */
  record PaymentIntent(String id, Map<String, String> metadata) {
    static PaymentIntent carrying(String ticket) {
      return new PaymentIntent("pi_1", Map.of("parking_lot_ticket", ticket));
    }
  }

  static final CallbackConfig<PaymentIntent> WEBHOOK = CallbackConfig
      .builderForTicket("stripe.webhook", (PaymentIntent intent) -> intent.metadata().get("parking_lot_ticket"))
      .build();

  private final TicketKeys keys = keys("k1", 1);
  private final ParkingLot lot = builder(keys).build();
  private final AtomicReference<CallbackContext> seen = new AtomicReference<>();

  private String handle(CallbackContext context, PaymentIntent intent) {
    seen.set(context);
    return "handled " + intent.id();
  }

  private SpanData webhookFor(ParkingLot verifying, String ticket) {
    assertThat(verifying.traceCallback(WEBHOOK, this::handle).apply(PaymentIntent.carrying(ticket)))
        .isEqualTo("handled pi_1");
    return span("stripe.webhook");
  }

  @Test
  void aValidTicketLinksTheCallbackSpanToTheTicketedSpanWithTheUsualAttributes() {
    String ticket = ticketInCheckout(lot);
    clock.advance(Duration.ofMillis(90_000));

    SpanData webhook = webhookFor(lot, ticket);

    SpanData checkout = span("checkout");
    assertThat(webhook.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(webhook.getTraceId()).isNotEqualTo(checkout.getTraceId());
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(TestTelemetry.norm(webhook.getAttributes())).isEqualTo(Attributes.builder()
        .put(CONTEXT_FOUND, true)
        .put(TICKET_STATUS, "valid")
        .put(TICKET_KEY_ID, "k1")
        .put(ELAPSED_MS, 90_000L)
        .put(ORIGINAL_TRACE_ID, checkout.getTraceId())
        .put(ORIGINAL_SPAN_ID, checkout.getSpanId())
        .build());
    assertThat(webhook.getLinks()).hasSize(1);
    LinkData link = webhook.getLinks().get(0);
    assertThat(link.getSpanContext().getTraceId()).isEqualTo(checkout.getTraceId());
    assertThat(link.getSpanContext().getSpanId()).isEqualTo(checkout.getSpanId());
    assertThat(link.getSpanContext().isRemote()).isTrue();
    assertThat(link.getSpanContext().getTraceFlags()).isEqualTo(checkout.getSpanContext().getTraceFlags());
    assertThat(link.getSpanContext().isSampled()).isTrue();
    assertThat(TestTelemetry.norm(link.getAttributes())).isEqualTo(Attributes.builder()
        .put("parking_lot.link.type", "parking_lot")
        .put("link.type", "parking_lot")
        .put("parking_lot.parked_at", START)
        .build());
    assertThat(webhook.getEvents()).hasSize(1);
    EventData retrieved = webhook.getEvents().get(0);
    assertThat(retrieved.getName()).isEqualTo("parked_context_retrieved");
    assertThat(TestTelemetry.norm(retrieved.getAttributes()))
        .isEqualTo(Attributes.of(ELAPSED_MS, 90_000L, ORIGINAL_TRACE_ID, checkout.getTraceId()));

    CallbackContext context = seen.get();
    assertThat(context.ticketStatus()).contains(TicketStatus.VALID);
    assertThat(context.correlationKey()).isEmpty();
    assertThat(context.parkedContext().orElseThrow().spanId()).isEqualTo(checkout.getSpanId());
    assertThat(context.parkedContext().orElseThrow().parkedAtMillis()).isEqualTo(START);
    assertThat(context.parkedContext().orElseThrow().ttl()).isEqualTo(Duration.ofHours(24));
    assertThat(context.elapsed()).contains(Duration.ofSeconds(90));
    assertThat(context.storeFailed()).isFalse();
    assertThat(verifications()).isEqualTo(Map.of(Attributes.of(TICKET_STATUS, "valid", TICKET_KEY_ID, "k1"), 1L));
    assertThat(store.size()).isZero();
    List<HistogramPointData> waits = metrics.collectAllMetrics().stream()
        .filter(metric -> metric.getName().equals("parking_lot.wait.duration"))
        .flatMap(metric -> metric.getHistogramData().getPoints().stream())
        .collect(Collectors.toList());
    assertThat(waits).as("the ticket's wait is in the wait histogram").hasSize(1);
    assertThat(waits.get(0).getCount()).isEqualTo(1);
    assertThat(waits.get(0).getSum()).isEqualTo(90.0);
  }

  @Test
  void aTicketCarriesTheWholeFlagsByteAndTheTracestateThroughTheW3cPropagator() {
    TraceState state = TraceState.builder().put("rojo", "00f067aa0ba902b7").put("congo", "t61rcWkgMzE").build();
    SpanContext parked = SpanContext.create(
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.fromByte((byte) 0x03), state);
    String ticket = lot.ticket(ParkOptions.builder().spanContext(parked).build()).orElseThrow();

    SpanData webhook = webhookFor(lot, ticket);

    LinkData link = webhook.getLinks().get(0);
    assertThat(link.getSpanContext().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(link.getSpanContext().getSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(link.getSpanContext().getTraceFlags().asByte()).isEqualTo((byte) 0x03);
    assertThat(link.getSpanContext().getTraceState().asMap()).isEqualTo(state.asMap());
    assertThat(seen.get().parkedContext().orElseThrow().traceState()).isEqualTo(W3CHeaders.traceState(parked));
    assertThat(seen.get().parkedContext().orElseThrow().traceFlags().asByte()).isEqualTo((byte) 0x03);
    assertThat(webhook.getAttributes().get(TICKET_STATUS)).isEqualTo("valid");
  }

  @Test
  void aTicketWithoutTracestateUnderTheLongestKeyIdStaysUnder200UrlSafeChars() {
    ParkingLot longKeyLot = builder(keys(LONG_KEY_ID, 1)).build();

    String ticket = ticketInCheckout(longKeyLot);

    assertThat(ticket).startsWith("pl1." + LONG_KEY_ID + ".").matches("[A-Za-z0-9_.-]+");
    assertThat(ticket.length()).isLessThan(200).isEqualTo(136);
  }

  @Test
  void aTicketSignedWithAnotherSecretUnderAKnownKeyIdIsABadSignature() {
    String forged = ticketInCheckout(builder(keys("k1", 2)).build());

    SpanData webhook = webhookFor(lot, forged);

    assertRejected(webhook, TicketStatus.BAD_SIGNATURE, "k1");
  }

  @Test
  void aTicketWithOnePayloadCharChangedIsABadSignature() {
    String ticket = ticketInCheckout(lot);
    int at = ticket.indexOf('.', 4) + 10;
    char flipped = ticket.charAt(at) == 'A' ? 'B' : 'A';
    String tampered = ticket.substring(0, at) + flipped + ticket.substring(at + 1);

    SpanData webhook = webhookFor(lot, tampered);

    assertRejected(webhook, TicketStatus.BAD_SIGNATURE, "k1");
  }

  @Test
  void anExpiredTicketIsNeverLinkedAndTheLastMillisecondBeforeExpiryStillIs() {
    String ticket = inSpan("checkout", () -> lot.ticket(ParkOptions.builder().ttl(Duration.ofMinutes(5)).build()))
        .orElseThrow();
    clock.advance(Duration.ofMillis(Duration.ofMinutes(5).toMillis() - 1));
    assertThat(webhookFor(lot, ticket).getLinks()).hasSize(1);
    spans.reset();

    clock.advance(Duration.ofMillis(1));
    SpanData webhook = webhookFor(lot, ticket);

    assertRejected(webhook, TicketStatus.EXPIRED, "k1");
    assertThat(verifications()).isEqualTo(Map.of(
        Attributes.of(TICKET_STATUS, "valid", TICKET_KEY_ID, "k1"), 1L,
        Attributes.of(TICKET_STATUS, "expired", TICKET_KEY_ID, "k1"), 1L));
  }

  @Test
  void aTicketUnderAKeyIdTheLotDoesNotKnowIsAnUnknownKeyAndTheIdIsNotRecorded() {
    String ticket = ticketInCheckout(builder(keys("other", 1)).build());

    SpanData webhook = webhookFor(lot, ticket);

    assertRejected(webhook, TicketStatus.UNKNOWN_KEY, null);
  }

  @Test
  void truncatedGarbageAndWrongPrefixTicketsAreMalformed() {
    String ticket = ticketInCheckout(lot);
    String[] malformed = {
      ticket.substring(0, ticket.length() - 1),
      ticket.substring(0, 60),
      "pl2" + ticket.substring(3),
      ticket + "=",
      ticket + ".x",
      "not a ticket",
      "pl1.k1..",
      "pl1.k1.!!!!.xyz",
      "pl1.k 1" + ticket.substring(6),
      ticket.substring(0, ticket.length() - 1) + "+",
      "x".repeat(5000),
    };
    for (String bad : malformed) {
      spans.reset();
      SpanData webhook = webhookFor(lot, bad);
      assertRejected(webhook, TicketStatus.MALFORMED, null);
    }
    assertThat(verifications())
        .isEqualTo(Map.of(Attributes.of(TICKET_STATUS, "malformed"), (long) malformed.length));
  }

  @Test
  void rotationAcceptsTheOldKeyWhileItIsListedAndRejectsItAsUnknownOnceRemoved() {
    ParkingLot beforeRotation = builder(keys("k1", 1)).build();
    ParkingLot duringRotation = builder(
        TicketKeys.builder("k2", secret(2)).verificationKey("k1", secret(1)).build()).build();
    ParkingLot afterRotation = builder(keys("k2", 2)).build();
    String oldTicket = ticketInCheckout(beforeRotation);
    spans.reset();
    String newTicket = ticketInCheckout(duringRotation);
    spans.reset();

    assertThat(newTicket).startsWith("pl1.k2.");
    assertThat(webhookFor(duringRotation, oldTicket).getAttributes().get(TICKET_KEY_ID)).isEqualTo("k1");
    assertThat(seen.get().ticketStatus()).contains(TicketStatus.VALID);
    spans.reset();
    assertRejected(webhookFor(afterRotation, oldTicket), TicketStatus.UNKNOWN_KEY, null);
    spans.reset();
    assertThat(webhookFor(afterRotation, newTicket).getLinks()).hasSize(1);
    spans.reset();
    assertThat(webhookFor(beforeRotation, oldTicket).getLinks()).hasSize(1);
  }

  @Test
  void theSamplerSeesTheTicketsLinkAndStatusAtSpanStart() {
    SamplerTest.LinkAwareSampler sampler = new SamplerTest.LinkAwareSampler();
    try (TestTelemetry sampled = new TestTelemetry(sampler)) {
      ParkingLot sampledLot = ParkingLots.builder().store(store).clock(clock).openTelemetry(sampled.sdk)
          .ticketKeys(keys).build();
      CallbackConfig<String> config = CallbackConfig.builderForTicket("payment.webhook", (String t) -> t).build();
      String ticket = ticketInCheckout(lot);

      sampledLot.traceCallback(config, (context, t) -> "ok").apply(ticket);
      sampledLot.traceCallback(config, (context, t) -> "ok").apply("pl1.k1.forged.x");

      assertThat(sampler.linksSeen).hasSize(2);
      assertThat(sampler.linksSeen.get(0)).extracting(l -> l.getSpanContext().getSpanId())
          .containsExactly(span("checkout").getSpanId());
      assertThat(sampler.attributesSeen.get(0).get(TICKET_STATUS)).isEqualTo("valid");
      assertThat(sampler.linksSeen.get(1)).isEmpty();
      assertThat(sampler.attributesSeen.get(1).get(TICKET_STATUS)).isEqualTo("malformed");
      assertThat(sampled.spans()).extracting(SpanData::getName).containsExactly("payment.webhook");
    }
  }

  /** The handler ran without a link, and the span and the counter say why. */
  private void assertRejected(SpanData webhook, TicketStatus status, String keyId) {
    Attributes expected = keyId == null
        ? Attributes.of(CONTEXT_FOUND, false, TICKET_STATUS, status.value())
        : Attributes.of(CONTEXT_FOUND, false, TICKET_STATUS, status.value(), TICKET_KEY_ID, keyId);
    assertThat(TestTelemetry.norm(webhook.getAttributes())).isEqualTo(expected);
    assertThat(webhook.getLinks()).isEmpty();
    assertThat(webhook.getEvents()).isEmpty();
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(seen.get().ticketStatus()).contains(status);
    assertThat(seen.get().parkedContext()).isEmpty();
    assertThat(seen.get().elapsed()).isEmpty();
    Attributes point = keyId == null
        ? Attributes.of(TICKET_STATUS, status.value())
        : Attributes.of(TICKET_STATUS, status.value(), TICKET_KEY_ID, keyId);
    assertThat(verifications()).containsKey(point);
  }
}
