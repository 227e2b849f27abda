package dev.parkinglot.core;

import java.time.Duration;
import static dev.parkinglot.core.ParkingLotAttributes.CONTEXT_FOUND;
import static dev.parkinglot.core.ParkingLotAttributes.CORRELATION_KEY;
import static dev.parkinglot.core.ParkingLotAttributes.ELAPSED_MS;
import static dev.parkinglot.core.ParkingLotAttributes.ORIGINAL_SPAN_ID;
import static dev.parkinglot.core.ParkingLotAttributes.ORIGINAL_TRACE_ID;
import static dev.parkinglot.core.ParkingLotAttributes.TICKET_ERROR;
import static dev.parkinglot.core.ParkingLotAttributes.TICKET_KEY_ID;
import static dev.parkinglot.core.ParkingLotAttributes.TICKET_STATUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.CallbackSpanRelation;
import dev.parkinglot.ParkOptions;
import dev.parkinglot.ParkedContextNotFoundException;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.RetrievalMode;
import dev.parkinglot.TicketStatus;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A callback with a correlation key and a ticket: a present ticket decides, the store only without one. */
class TicketWithStoreTest extends TicketTestBase {
  /** An order event that may carry a ticket. */
  record OrderEvent(String orderId, String ticket) {}

  private static final CallbackConfig<OrderEvent> BOTH = CallbackConfig
      .builder("order.webhook", (OrderEvent e) -> "order:" + e.orderId())
      .ticketFrom(OrderEvent::ticket)
      .build();

  private final List<String> misses = new CopyOnWriteArrayList<>();
  private final ParkingLot lot = builder(keys("k1", 1))
      .missListener((key, reason) -> misses.add(key + "=" + reason))
      .build();
  private final AtomicReference<CallbackContext> seen = new AtomicReference<>();
  private final AtomicInteger handlerRuns = new AtomicInteger();

  private String handle(CallbackContext context, Object event) {
    seen.set(context);
    handlerRuns.incrementAndGet();
    return "ok";
  }

  private void parkInParkingSpan() {
    inSpan("parking", () -> lot.park("order:o-1"));
  }

  @Test
  void aValidTicketIsUsedAndTheStoreIsNotConsulted() {
    parkInParkingSpan();
    String ticket = ticketInCheckout(lot);

    lot.traceCallback(BOTH, this::handle).apply(new OrderEvent("o-1", ticket));

    SpanData webhook = span("order.webhook");
    SpanData checkout = span("checkout");
    assertThat(TestTelemetry.norm(webhook.getAttributes())).isEqualTo(Attributes.builder()
        .put(CORRELATION_KEY, "order:o-1")
        .put(CONTEXT_FOUND, true)
        .put(TICKET_STATUS, "valid")
        .put(TICKET_KEY_ID, "k1")
        .put(ELAPSED_MS, 0L)
        .put(ORIGINAL_TRACE_ID, checkout.getTraceId())
        .put(ORIGINAL_SPAN_ID, checkout.getSpanId())
        .build());
    assertThat(webhook.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly(checkout.getSpanId());
    assertThat(webhook.getEvents().get(0).getAttributes().get(CORRELATION_KEY)).isEqualTo("order:o-1");
    assertThat(seen.get().correlationKey()).isEqualTo("order:o-1");
    assertThat(store.size()).isEqualTo(1);
    assertThat(lot.exists("order:o-1")).as("still live").isTrue();
    assertThat(misses).isEmpty();
    assertThat(storeClaims()).isZero();
  }

  @Test
  void aTicketPresentedTwiceLinksBothTimesAndIsNeverADuplicate() {
    String ticket = ticketInCheckout(lot);
    CallbackConfig<OrderEvent> ticketOnly = CallbackConfig.builderForTicket("order.webhook", OrderEvent::ticket)
        .build();
    List<Boolean> duplicates = new CopyOnWriteArrayList<>();

    for (int i = 0; i < 2; i++) {
      lot.traceCallback(ticketOnly, (context, event) -> duplicates.add(context.duplicate()))
          .apply(new OrderEvent("o-1", ticket));
    }

    assertThat(duplicates).containsExactly(false, false);
    assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("order.webhook"))
        .allSatisfy(s -> {
          assertThat(s.getLinks()).hasSize(1);
          assertThat(s.getAttributes().get(ParkingLotAttributes.DUPLICATE)).isNull();
        })
        .hasSize(2);
    assertThat(verifications()).isEqualTo(Map.of(Attributes.of(TICKET_STATUS, "valid", TICKET_KEY_ID, "k1"), 2L));
  }

  @Test
  void aRejectedTicketIsNotLinkedAndTheStoreIsStillNotConsulted() {
    parkInParkingSpan();

    lot.traceCallback(BOTH, this::handle).apply(new OrderEvent("o-1", "pl1.k1.garbage.x"));

    SpanData webhook = span("order.webhook");
    assertThat(TestTelemetry.norm(webhook.getAttributes())).isEqualTo(Attributes.of(
        CORRELATION_KEY, "order:o-1", CONTEXT_FOUND, false, TICKET_STATUS, "malformed"));
    assertThat(webhook.getLinks()).isEmpty();
    assertThat(store.size()).isEqualTo(1);
    assertThat(misses).isEmpty();
    assertThat(handlerRuns).hasValue(1);
  }

  @Test
  void withoutATicketTheStoreIsConsultedAndNothingIsCounted() {
    parkInParkingSpan();

    lot.traceCallback(BOTH, this::handle).apply(new OrderEvent("o-1", null));
    lot.traceCallback(BOTH, this::handle).apply(new OrderEvent("o-2", "  "));

    SpanData parking = span("parking");
    List<SpanData> webhooks = spans.getFinishedSpanItems().subList(1, 3);
    assertThat(webhooks.get(0).getLinks()).extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly(parking.getSpanId());
    assertThat(webhooks.get(0).getAttributes().get(TICKET_STATUS)).isNull();
    assertThat(TestTelemetry.norm(webhooks.get(1).getAttributes()))
        .isEqualTo(Attributes.of(CORRELATION_KEY, "order:o-2", CONTEXT_FOUND, false));
    assertThat(seen.get().ticketStatus()).isEmpty();
    assertThat(lot.exists("order:o-1")).as("claimed from the store").isFalse();
    assertThat(misses).containsExactly("order:o-2=NOT_FOUND");
    assertThat(verifications()).isEmpty();
    assertThat(storeClaims()).isEqualTo(2);
  }

  @Test
  void aTicketFunctionThatThrowsIsRecordedAndCountsAsNoTicket() {
    parkInParkingSpan();
    CallbackConfig<OrderEvent> throwing = CallbackConfig
        .builder("order.webhook", (OrderEvent e) -> "order:" + e.orderId())
        .ticketFrom(e -> {
          throw new IllegalStateException("event has no metadata");
        })
        .build();

    assertThat(lot.traceCallback(throwing, this::handle).apply(new OrderEvent("o-1", null))).isEqualTo("ok");

    SpanData webhook = span("order.webhook");
    assertThat(webhook.getAttributes().get(TICKET_ERROR)).isTrue();
    assertThat(webhook.getAttributes().get(CONTEXT_FOUND)).isTrue();
    assertThat(webhook.getAttributes().get(TICKET_STATUS)).isNull();
    assertThat(webhook.getLinks()).hasSize(1);
    assertThat(TestTelemetry.exceptionOf(webhook)).isEqualTo(Attributes.of(
        TestTelemetry.EXCEPTION_TYPE, IllegalStateException.class.getName(),
        TestTelemetry.EXCEPTION_MESSAGE, "event has no metadata"));
    assertThat(verifications()).isEmpty();
  }

  @Test
  void consumeOnSuccessLeavesTheStoreAloneWhenATicketWasUsed() {
    parkInParkingSpan();
    CallbackConfig<OrderEvent> onSuccess = CallbackConfig
        .builder("order.webhook", (OrderEvent e) -> "order:" + e.orderId())
        .ticketFrom(OrderEvent::ticket)
        .retrievalMode(RetrievalMode.CONSUME_ON_SUCCESS)
        .build();
    String ticket = ticketInCheckout(lot);

    lot.traceCallback(onSuccess, this::handle).apply(new OrderEvent("o-1", ticket));

    assertThat(span("order.webhook").getLinks()).hasSize(1);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void requireParkedContextThrowsForARejectedTicketWithoutRunningTheHandler() {
    CallbackConfig<OrderEvent> required = CallbackConfig
        .builderForTicket("order.webhook", OrderEvent::ticket)
        .requireParkedContext(true)
        .build();
    String ticket = ticketInCheckout(lot);
    clock.advance(Duration.ofMillis(ParkingLotBuilder.DEFAULT_TTL_VALUE.toMillis()));

    assertThatThrownBy(() -> lot.traceCallback(required, this::handle).apply(new OrderEvent("o-1", ticket)))
        .isExactlyInstanceOf(ParkedContextNotFoundException.class)
        .hasMessage("required parked context not found: the event's ticket was rejected: expired");
    assertThatThrownBy(() -> lot.traceCallback(required, this::handle).apply(new OrderEvent("o-1", null)))
        .isExactlyInstanceOf(ParkedContextNotFoundException.class)
        .hasMessage("required parked context not found: the event carried no ticket");

    assertThat(handlerRuns).hasValue(0);
    SpanData rejected = spans.getFinishedSpanItems().get(1);
    assertThat(rejected.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(rejected.getAttributes().get(TICKET_STATUS)).isEqualTo("expired");
    assertThat(TestTelemetry.onlyException(rejected).getAttributes().get(TestTelemetry.EXCEPTION_TYPE))
        .isEqualTo(ParkedContextNotFoundException.class.getName());
  }

  @Test
  void anAsyncCallbackLinksThroughATicketAndEndsItsSpanWhenTheStageCompletes() {
    String ticket = ticketInCheckout(lot);
    CompletableFuture<String> pending = new CompletableFuture<>();

    CompletableFuture<String> result = lot.traceAsyncCallback(
        CallbackConfig.builderForTicket("order.webhook", OrderEvent::ticket).build(),
        (context, event) -> {
          seen.set(context);
          return pending;
        }).apply(new OrderEvent("o-1", ticket)).toCompletableFuture();

    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("checkout");
    pending.complete("done");
    assertThat(result).isCompletedWithValue("done");
    assertThat(span("order.webhook").getLinks()).extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly(span("checkout").getSpanId());
    assertThat(seen.get().ticketStatus()).contains(TicketStatus.VALID);
  }

  @Test
  void aChildRelationMakesTheCallbackSpanAChildOfTheTicketedSpan() {
    String ticket = ticketInCheckout(lot);

    lot.traceCallback(CallbackConfig.builderForTicket("order.webhook", OrderEvent::ticket)
        .relation(CallbackSpanRelation.CHILD).build(), this::handle).apply(new OrderEvent("o-1", ticket));

    SpanData checkout = span("checkout");
    SpanData webhook = span("order.webhook");
    assertThat(webhook.getTraceId()).isEqualTo(checkout.getTraceId());
    assertThat(webhook.getParentSpanId()).isEqualTo(checkout.getSpanId());
    assertThat(webhook.getLinks()).hasSize(1);
  }

  @Test
  void aCallbackTakingTicketsCannotBeWrappedByALotWithoutTicketKeys() {
    ParkingLot noKeys = ParkingLots.builder().store(store).openTelemetry(sdk).build();

    assertThatThrownBy(() -> noKeys.traceCallback(BOTH, this::handle))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("callback 'order.webhook' takes tickets, but this parking lot has no ticket keys: set"
            + " ParkingLotBuilder.ticketKeys(TicketKeys) or parkinglot.tickets.keys (environment variable"
            + " PARKINGLOT_TICKETS_KEYS)");
    assertThatThrownBy(() -> noKeys.ticket(ParkOptions.defaults()))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("this parking lot has no ticket keys: set ParkingLotBuilder.ticketKeys");
  }
}
