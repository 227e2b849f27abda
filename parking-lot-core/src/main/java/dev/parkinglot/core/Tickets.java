package dev.parkinglot.core;

import dev.parkinglot.ParkOptions;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.TicketStatus;
import dev.parkinglot.internal.HexIds;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/*
 * A lot's signed tickets: issuing them (ParkingLot.ticket) and checking the one a callback's event
 * carries. Kept apart from DefaultParkingLot and CallbackInvocation, which only call in: a lot
 * without ticket keys has no Tickets at all.
 *
 * Checking never throws: a ticket comes from outside, so a bad one is an outcome (TicketStatus),
 * counted and put on the span, not an error. The counter's attributes are built once per status
 * and known key id; an unknown key id is never an attribute, so senders cannot grow the metric's
 * cardinality. Package-private: not public API.
 */
final class Tickets {
  private static final TicketStatus[] STATUSES = TicketStatus.values();

  private final TicketKeys keys;
  private final Clock clock;
  /** Whether the lot has no store (TicketsOnlyStore): callbacks must then take tickets only. */
  final boolean storeless;
  private final LotTelemetry.Source telemetry;
  /** Counter attributes by status ordinal, without a key id. */
  private final Attributes[] withoutKeyId = new Attributes[STATUSES.length];
  /** Counter attributes by key id, then status ordinal. */
  private final Map<String, Attributes[]> byKeyId = new HashMap<>();

  Tickets(TicketKeys keys, LotTelemetry.Source telemetry, Clock clock, boolean storeless) {
    this.keys = keys;
    this.clock = clock;
    this.storeless = storeless;
    this.telemetry = telemetry;
    for (TicketStatus status : STATUSES) {
      withoutKeyId[status.ordinal()] = Attributes.of(ParkingLotAttributes.TICKET_STATUS, status.value());
    }
    for (String keyId : keys.keyIds()) {
      Attributes[] attributes = new Attributes[STATUSES.length];
      for (TicketStatus status : STATUSES) {
        attributes[status.ordinal()] = Attributes.of(
            ParkingLotAttributes.TICKET_STATUS, status.value(), ParkingLotAttributes.TICKET_KEY_ID, keyId);
      }
      byKeyId.put(keyId, attributes);
    }
  }

  /** See {@link dev.parkinglot.ParkingLot#ticket(ParkOptions)}. */
  Optional<String> issue(ParkOptions options, long defaultTtlMillis) {
    if (!options.metadata().isEmpty()) {
      throw new IllegalArgumentException(
          "a ticket carries no metadata, but the options have " + options.metadata().size()
              + " entries " + options.metadata().keySet() + "; park under a correlation key to keep metadata");
    }
    Context context = options.context().orElseGet(Context::current);
    Span span = Span.fromContext(context);
    SpanContext spanContext = options.spanContext().orElse(span.getSpanContext());
    if (!spanContext.isValid()) {
      return Optional.empty();
    }
    long ttlMillis = options.ttl().isPresent() ? options.ttl().get().toMillis() : defaultTtlMillis;
    String traceState = W3CHeaders.traceState(spanContext);
    boolean traceStateDropped = traceState.length() > ParkingLotLimits.MAX_TRACE_STATE_LENGTH;
    if (traceStateDropped) {
      traceState = "";
    }
    long now = clock.millis();
    String traceId = spanContext.getTraceId();
    String ticket = TicketCodec.encode(
        keys.signingKeyId(), keys.signingMac(),
        HexIds.parse(traceId, 0), HexIds.parse(traceId, 16), HexIds.parse(spanContext.getSpanId(), 0),
        spanContext.getTraceFlags().asByte(), now, now + ttlMillis, traceState);
    if (span.isRecording()) {
      AttributesBuilder attributes = Attributes.builder()
          .put(ParkingLotAttributes.TTL_MS, ttlMillis)
          .put(ParkingLotAttributes.TICKET_KEY_ID, keys.signingKeyId());
      if (traceStateDropped) {
        attributes.put(ParkingLotAttributes.TRACE_STATE_DROPPED, true);
      }
      span.addEvent(ParkingLotAttributes.EVENT_TICKETED, attributes.build());
    }
    return Optional.of(ticket);
  }

  /** The ticket check of one callback call; null when the callback takes no tickets. Never throws. */
  static <T> @Nullable Check check(CallbackTemplate<T> template, T event) {
    Function<? super T, @Nullable String> ticketFrom = template.ticketFrom;
    Tickets tickets = template.settings.tickets;
    return ticketFrom == null || tickets == null ? null : tickets.check(ticketFrom, event);
  }

  /** Takes the ticket from {@code event} and verifies it; counts every verification. Never throws. */
  private <T> Check check(Function<? super T, @Nullable String> ticketFrom, T event) {
    String ticket;
    try {
      ticket = ticketFrom.apply(event);
    } catch (RuntimeException e) {
      return new Check(null, null, null, e);
    }
    if (ticket == null || ticket.isBlank()) {
      return Check.ABSENT;
    }
    TicketCodec.Verified verified = TicketCodec.verify(ticket.trim(), keys, clock.millis());
    Attributes[] byStatus = verified.keyId == null ? withoutKeyId : byKeyId.get(verified.keyId);
    try {
      telemetry.current().ticketVerifications.add(
          1, (byStatus == null ? withoutKeyId : byStatus)[verified.status.ordinal()]);
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.metricsFailed("counting a ticket verification", e);
    }
    return new Check(verified.status, verified.keyId, verified.context, null);
  }

  @Override
  public String toString() {
    return "Tickets{" + keys + '}';
  }

  /** What one callback found in its event: no ticket, a failure to get it, or a verified ticket. */
  static final class Check {
    static final Check ABSENT = new Check(null, null, null, null);

    /** The verification outcome; null when there was no ticket. */
    final @Nullable TicketStatus status;
    private final @Nullable String keyId;
    /** The context of a valid ticket. */
    final @Nullable StoredTraceContext context;
    /** What the ticket function threw. */
    private final @Nullable RuntimeException failure;

    private Check(
        @Nullable TicketStatus status, @Nullable String keyId, @Nullable StoredTraceContext context,
        @Nullable RuntimeException failure) {
      this.status = status;
      this.keyId = keyId;
      this.context = context;
      this.failure = failure;
    }

    /** Whether the event carried a ticket, valid or not: it then decides, and the store is not consulted. */
    boolean present() {
      return status != null;
    }

    /** Puts the outcome on the callback span's builder, before it starts. */
    void describe(SpanBuilder builder) {
      if (status != null) {
        builder.setAttribute(ParkingLotAttributes.TICKET_STATUS, status.value());
      }
      if (keyId != null) {
        builder.setAttribute(ParkingLotAttributes.TICKET_KEY_ID, keyId);
      }
      if (failure != null) {
        builder.setAttribute(ParkingLotAttributes.TICKET_ERROR, true);
      }
    }

    /** Records a failed ticket function on the started span, and logs it. */
    void recordOn(Span span, String spanName, FailureLog failures) {
      if (failure != null) {
        span.recordException(failure);
        failures.failed("ticket",
            "callback '" + spanName + "': the ticket could not be taken from the event; continuing as if"
                + " it carried none", failure);
      }
    }

    /** Why no context came from the ticket, for ParkedContextNotFoundException; null if it says nothing. */
    @Nullable String missReason() {
      if (status != null) {
        return "the event's ticket was rejected: " + status.value();
      }
      if (failure != null) {
        return "the ticket could not be taken from the event: " + failure;
      }
      return null;
    }
  }
}
