package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.ParkOptions;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What {@code ParkingLot.ticket} issues, and when it issues nothing. */
class TicketIssueTest extends TicketTestBase {
  private final ParkingLot lot = builder(keys("k1", 1)).defaultTtl(Duration.ofHours(2)).build();

  /** Verifies {@code ticket} through a ticket-only callback and returns the context it carried. */
  private Optional<StoredTraceContext> verified(String ticket) {
    AtomicReference<CallbackContext> seen = new AtomicReference<>();
    lot.traceCallback(CallbackConfig.builderForTicket("verify", (String t) -> t).build(), (context, t) -> {
      seen.set(context);
      return t;
    }).apply(ticket);
    return seen.get().parkedContext();
  }

  @Test
  void aTicketAddsAnEventToTheCurrentSpanWithItsTtlAndKeyIdAndStoresNothing() {
    String ticket = ticketInCheckout(lot);

    SpanData checkout = span("checkout");
    assertThat(checkout.getEvents()).hasSize(1);
    EventData event = checkout.getEvents().get(0);
    assertThat(event.getName()).isEqualTo("trace_context_ticketed");
    assertThat(TestTelemetry.norm(event.getAttributes())).isEqualTo(Attributes.of(
        ParkingLotAttributes.TTL_MS, Duration.ofHours(2).toMillis(), ParkingLotAttributes.TICKET_KEY_ID, "k1"));
    assertThat(store.size()).isZero();
    StoredTraceContext carried = verified(ticket).orElseThrow();
    assertThat(carried.traceId()).isEqualTo(checkout.getTraceId());
    assertThat(carried.spanId()).isEqualTo(checkout.getSpanId());
    assertThat(carried.parkedAtMillis()).isEqualTo(START);
    assertThat(carried.ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(carried.traceState()).isEmpty();
    assertThat(carried.baggage()).isEmpty();
    assertThat(carried.metadata()).isEmpty();
  }

  @Test
  void aLotWithTicketKeysAndNoStoreIssuesAndVerifiesTicketsAndParksNothing() {
    ParkingLot ticketsOnly =
        ParkingLots.builder().ticketKeys(keys("k1", 1)).clock(clock).openTelemetry(sdk).build();
    String ticket = ticketInCheckout(ticketsOnly);

    String result = ticketsOnly.traceCallback(CallbackConfig.builderForTicket("verify", (String t) -> t).build(),
        (context, t) -> context.parkedContext().orElseThrow().spanId()).apply(ticket);

    assertThat(result).isEqualTo(span("checkout").getSpanId());
    assertThat(ticketsOnly.toString()).contains("TicketsOnlyStore");
    dev.parkinglot.ParkResult parked = inSpan("parking", () -> ticketsOnly.park("order:1"));
    assertThat(parked.status()).isEqualTo(dev.parkinglot.ParkResult.Status.FAILED);
    assertThat(parked.failure().orElseThrow()).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("this parking lot has no store (it was built with ticket keys only");
    assertThatThrownBy(() -> ticketsOnly.traceCallback(
        CallbackConfig.builder("keyed", (String id) -> "order:" + id).build(), (context, id) -> id))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("callback 'keyed' looks up a correlation key, but this parking lot has no store")
        .hasMessageEndingWith("; build the callback with CallbackConfig.builderForTicket");
  }

  @Test
  void withoutAValidSpanContextThereIsNoTicket() {
    assertThat(lot.ticket()).isEmpty();
    assertThat(lot.ticket(ParkOptions.builder().context(Context.root()).build())).isEmpty();
    assertThat(lot.ticket(ParkOptions.builder().spanContext(SpanContext.getInvalid()).build())).isEmpty();
  }

  @Test
  void theOptionsTtlAndExplicitContextAreUsed() {
    Span span = tracer.spanBuilder("not current").startSpan();
    String ticket = lot.ticket(ParkOptions.builder()
        .context(Context.root().with(span))
        .ttl(Duration.ofMinutes(10))
        .build()).orElseThrow();
    span.end();

    StoredTraceContext carried = verified(ticket).orElseThrow();
    assertThat(carried.spanId()).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(carried.ttl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(span("not current").getEvents()).extracting(EventData::getName)
        .containsExactly("trace_context_ticketed");
  }

  @Test
  void metadataCannotTravelInATicket() {
    assertThatThrownBy(() -> lot.ticket(ParkOptions.builder().metadata(Map.of("orderId", "o-1")).build()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("a ticket carries no metadata, but the options have 1 entries [orderId]; park under a"
            + " correlation key to keep metadata");
    assertThatThrownBy(() -> lot.ticket(null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("options must not be null");
  }

  @Test
  void aTracestateTooLongToParkIsLeftOutOfTheTicketAndTheEventSaysSo() {
    io.opentelemetry.api.trace.TraceStateBuilder longState = TraceState.builder();
    for (int i = 0; i < 30; i++) {
      longState.put("vendor" + i, "v".repeat(20));
    }
    SpanContext parked = SpanContext.create(
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), longState.build());
    assertThat(W3CHeaders.traceState(parked).length()).isGreaterThan(ParkingLotLimits.MAX_TRACE_STATE_LENGTH);
    Span current = Span.wrap(parked);

    Span recording = tracer.spanBuilder("recording").startSpan();
    String ticket = lot.ticket(ParkOptions.builder().context(Context.root().with(recording))
        .spanContext(current.getSpanContext()).build()).orElseThrow();
    recording.end();

    assertThat(ticket.length()).isLessThan(200);
    assertThat(verified(ticket).orElseThrow().traceState()).isEmpty();
    assertThat(span("recording").getEvents().get(0).getAttributes().get(ParkingLotAttributes.TRACE_STATE_DROPPED))
        .isTrue();
  }
}
