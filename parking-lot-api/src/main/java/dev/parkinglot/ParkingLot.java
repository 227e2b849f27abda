package dev.parkinglot;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Parks trace contexts before an asynchronous gap and links callbacks back to them.
 *
 * <pre>{@code
 * // Before the gap, inside the span that starts the payment:
 * lot.park(CorrelationKeys.of("payment", orderId), Map.of("orderId", orderId));
 *
 * // Hours later, in the webhook endpoint:
 * Function<PaymentEvent, Receipt> handler = lot.traceCallback(
 *     CallbackConfig.builder("payment.webhook", (PaymentEvent e) -> CorrelationKeys.of("payment", e.orderId())).build(),
 *     (ctx, event) -> fulfil(event));
 * Receipt receipt = handler.apply(event);
 * }</pre>
 *
 * <p>Correlation keys are given without the lot's key prefix; the lot adds it. Keys, ttls and
 * metadata are validated against {@link ParkingLotLimits}: a bad one throws {@link
 * IllegalArgumentException} or {@link NullPointerException} naming the value and the limit, whatever
 * the store-error policy.
 *
 * <p>Store errors: by default a lot <em>fails open</em>. A failing park returns a {@link
 * ParkResult} with status {@link ParkResult.Status#FAILED} and records the exception on the current
 * span; a failing lookup in a callback runs the handler without a link and marks its span. A lot
 * configured to propagate store errors throws them instead, as {@link ParkingLotException}s.
 *
 * <p>Implementations are thread-safe. Closing a lot closes the store it owns (one it created from
 * configuration), not a store it was given.
 */
public interface ParkingLot extends AutoCloseable {

  /**
   * Parks the current span's context under {@code correlationKey} with the default ttl.
   *
   * @param correlationKey the key the callback will carry, without the lot's prefix
   * @return what the park did
   */
  ParkResult park(String correlationKey);

  /**
   * Parks the current span's context with metadata, with the default ttl.
   *
   * @param correlationKey the key the callback will carry, without the lot's prefix
   * @param metadata metadata to park with the context; see {@link
   *     ParkingLotLimits#checkMetadata(Map)}
   * @return what the park did
   */
  ParkResult park(String correlationKey, Map<String, String> metadata);

  /**
   * Parks a context under {@code correlationKey}. With no valid span context nothing is stored and
   * the result's status is {@link ParkResult.Status#SKIPPED_NO_VALID_CONTEXT}. An event {@code
   * trace_context_parked} is added to the current span.
   *
   * @param correlationKey the key the callback will carry, without the lot's prefix
   * @param options the ttl, metadata and context to park
   * @return what the park did
   * @throws IllegalArgumentException if the key or options break a limit
   * @throws ParkingLotException if the store fails and the lot propagates store errors
   */
  ParkResult park(String correlationKey, ParkOptions options);

  /**
   * A signed ticket for the current span's context: {@link #ticket(ParkOptions)} with {@link
   * ParkOptions#defaults()}.
   *
   * @return the ticket, or empty when there is no valid span context
   * @throws IllegalStateException if the lot has no ticket signing key
   * @throws UnsupportedOperationException if this implementation does not issue tickets
   */
  default Optional<String> ticket() {
    return ticket(ParkOptions.defaults());
  }

  /**
   * A signed, self-contained ticket for a span context, for callbacks from providers that echo back
   * metadata you attach (a payment's metadata, a job's payload): nothing is stored. Hand the ticket
   * to the provider, and let the callback take it from the event with {@link
   * CallbackConfig.Builder#ticketFrom(java.util.function.Function)}.
   *
   * <pre>{@code
   * String ticket = lot.ticket().orElseThrow();
   * payments.create(amount, Map.of("parking_lot_ticket", ticket));
   * }</pre>
   *
   * <p>The ticket carries the span context's trace id, span id, trace flags (the whole byte) and
   * tracestate, the time of this call and its expiry (the options' ttl, or the lot's default ttl),
   * signed with HMAC-SHA256 under the lot's signing key id. It is URL-safe ({@code [A-Za-z0-9_.-]})
   * and shorter than 200 chars for a context without tracestate. A tracestate longer than {@link
   * ParkingLotLimits#MAX_TRACE_STATE_LENGTH} is left out. It carries no baggage and no metadata: it
   * travels through a third party, signed but not encrypted. It cannot be revoked before it
   * expires, and a callback can present it any number of times until then.
   *
   * <p>The span context and the span that gets a {@code trace_context_ticketed} event come from the
   * options as in {@link #park(String, ParkOptions)}.
   *
   * @param options the ttl and the span or context to put in the ticket; no metadata
   * @return the ticket, or empty when there is no valid span context
   * @throws IllegalArgumentException if the options carry metadata
   * @throws IllegalStateException if the lot has no ticket signing key; the message names the setting
   * @throws UnsupportedOperationException if this implementation does not issue tickets (the default)
   */
  default Optional<String> ticket(ParkOptions options) {
    throw new UnsupportedOperationException(getClass().getName() + " does not issue tickets");
  }

  /**
   * Claims the context parked under {@code correlationKey}, as the lot's {@link RetrievalMode}
   * says: in {@link RetrievalMode#CONSUME_ON_CLAIM} and {@link RetrievalMode#CONSUME_ON_SUCCESS}
   * (there is no handler to wait for here) it is atomically taken out of the store; in {@link
   * RetrievalMode#KEEP_UNTIL_EXPIRY} it stays. Expired entries are never returned. A miss is
   * reported to the lot's miss listener. Where the lot detects duplicates, the claim leaves a
   * tombstone, and a later retrieve that finds it returns empty (a duplicate, not a miss): only the
   * first claim gets the context.
   *
   * @param correlationKey the key the callback carries, without the lot's prefix
   * @return the parked context, or empty when there is none, it has expired or it was already
   *     consumed
   * @throws ParkingLotException if the store fails and the lot propagates store errors
   */
  Optional<StoredTraceContext> retrieve(String correlationKey);

  /**
   * Reads the context parked under {@code correlationKey} without claiming it; empty for a tombstone
   * (a context already consumed).
   *
   * @param correlationKey the key the callback carries, without the lot's prefix
   * @return the live parked context, or empty
   */
  Optional<StoredTraceContext> peek(String correlationKey);

  /**
   * Whether a live context, not a tombstone of a consumed one, is parked under {@code
   * correlationKey}.
   *
   * @param correlationKey the key the callback carries, without the lot's prefix
   * @return true when a live context is parked under the key
   */
  boolean exists(String correlationKey);

  /**
   * Removes the context parked under {@code correlationKey}, if any.
   *
   * @param correlationKey the key the callback carries, without the lot's prefix
   */
  void delete(String correlationKey);

  /**
   * A link to {@code stored} with this library's link attributes.
   *
   * @param stored the parked context to link to
   * @return the link, to add to a span builder before the span starts
   */
  ParkedLink createLink(StoredTraceContext stored);

  /**
   * Wraps a synchronous handler. Each call of the returned function computes the correlation key,
   * claims the parked context, starts the callback span with the link already on its builder (so
   * samplers see it), makes the span current, runs the handler, records an exception it throws, and
   * ends the span. The handler's exception is rethrown unchanged.
   *
   * @param <T> the event type
   * @param <R> the handler's result type
   * @param config how the callback span is built and the parked context found
   * @param handler the handler, given the callback context and the event
   * @return the wrapped handler
   */
  <T, R> Function<T, R> traceCallback(CallbackConfig<T> config, BiFunction<CallbackContext, T, R> handler);

  /**
   * Wraps an asynchronous handler: as {@link #traceCallback(CallbackConfig, BiFunction)}, but the
   * span ends, and in {@link RetrievalMode#CONSUME_ON_SUCCESS} the entry is consumed, when the
   * returned stage completes. A handler that throws instead of returning a stage gives a stage that
   * completes exceptionally.
   *
   * @param <T> the event type
   * @param <R> the type the handler's stage completes with
   * @param config how the callback span is built and the parked context found
   * @param handler the handler, given the callback context and the event
   * @return the wrapped handler, whose stage completes as the handler's does
   */
  <T, R> Function<T, CompletionStage<R>> traceAsyncCallback(
      CallbackConfig<T> config, BiFunction<CallbackContext, T, ? extends CompletionStage<R>> handler);

  /** Closes the store if this lot owns it. Never throws for a store that fails to close: it is logged. */
  @Override
  void close();
}
