package dev.parkinglot;

import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.Optional;

/**
 * What a wrapped callback handler receives besides its event: its span, and the parked context if
 * one was found. The span is current while the handler runs.
 */
public interface CallbackContext {
  /**
   * The callback's span; already started, ended by the wrapper when the handler finishes.
   *
   * @return the callback span
   */
  Span span();

  /**
   * The correlation key computed from the event, without the lot's prefix; empty for a callback
   * without one ({@link CallbackConfig#builderForTicket(String, java.util.function.Function)}).
   *
   * @return the correlation key, or an empty string when the callback has none
   */
  String correlationKey();

  /**
   * The parked context, when a live one was found under the key or a valid ticket carried it. A
   * context from a ticket has no baggage and no metadata.
   *
   * @return the parked context, or empty when none was found
   */
  Optional<StoredTraceContext> parkedContext();

  /**
   * How long the context waited: from its park to this callback's claim. Never negative: when the
   * parking host's clock was ahead of this one, it is zero. Empty without a parked context.
   *
   * @return the wait, or empty without a parked context
   */
  Optional<Duration> elapsed();

  /**
   * Whether looking up the parked context failed in the store (unavailable, or a corrupt entry). The
   * handler runs without a link in that case, and the span says why.
   *
   * @return true when the store lookup failed
   */
  boolean storeFailed();

  /**
   * The outcome of verifying the ticket the event carried; empty when the callback takes no ticket
   * or the event carried none. Only {@link TicketStatus#VALID} gives a {@link #parkedContext()}.
   *
   * @return the ticket's status, or empty when no ticket was presented
   */
  default Optional<TicketStatus> ticketStatus() {
    return Optional.empty();
  }

  /**
   * Whether this callback is a redelivery of one that already consumed the parked context: the lot
   * found the tombstone that the first claim left (duplicate detection, on by default in {@code
   * parking-lot-core}). The span still links to the original trace and {@link #parkedContext()}
   * holds the consumed context; use this to skip work the first delivery already did.
   *
   * <pre>{@code
   * lot.traceCallback(config, (ctx, event) -> {
   *   if (ctx.duplicate()) {
   *     return Receipt.alreadyProcessed(event.id());
   *   }
   *   return fulfil(event);
   * });
   * }</pre>
   *
   * <p>The default returns false, for implementations that do not detect duplicates.
   *
   * @return true when this callback is a redelivery
   */
  default boolean duplicate() {
    return false;
  }
}
