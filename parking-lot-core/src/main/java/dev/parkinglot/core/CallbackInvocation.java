package dev.parkinglot.core;

import dev.parkinglot.CallbackContext;
import dev.parkinglot.CallbackSpanRelation;
import dev.parkinglot.ParkedContextNotFoundException;
import dev.parkinglot.RetrievalMode;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.TicketStatus;
import dev.parkinglot.core.LotMetrics.ClaimOutcome;
import dev.parkinglot.spi.StoreKey;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/*
 * One call of a wrapped callback. The order matters for samplers: the key is computed and the
 * context claimed first, then the span is built with the link and every parking_lot.* attribute on
 * its SpanBuilder, and only then started, so a sampler sees all of them in shouldSample.
 *
 * A found context that is a tombstone makes this call a duplicate: the span links and carries the
 * same attributes as the first delivery's, plus parking_lot.duplicate=true, and nothing is consumed
 * after the handler. An entry the lot's own clock says has expired is treated as a miss.
 *
 * This object is at once the handler's CallbackContext and, for the async form, the completion
 * action of the handler's stage: one allocation per call for both. Package-private: not public API.
 */
final class CallbackInvocation implements CallbackContext, BiConsumer<Object, Throwable> {
  private final DefaultParkingLot lot;
  private final RetrievalMode retrievalMode;
  private final String correlationKey;
  /** The correlation key claimed from the store; null when there was none or a ticket decided. */
  private final @Nullable StoreKey claimedKey;
  private final @Nullable StoredTraceContext parked;
  private final boolean duplicate;
  private final long elapsedMillis;
  private final @Nullable RuntimeException storeFailure;
  private final Span span;
  private final Context handlerContext;
  private final @Nullable RuntimeException abort;
  private final @Nullable TicketStatus ticketStatus;

  private <T> CallbackInvocation(CallbackTemplate<T> template, T event) {
    DefaultParkingLot lot = template.lot;
    this.lot = lot;
    this.retrievalMode = template.retrievalMode;

    String rawKey = null;
    String key = null;
    StoreKey storeKey = null;
    RuntimeException keyFailure = null;
    Function<? super T, String> keyFrom = template.correlationKeyFrom;
    if (keyFrom != null) {
      try {
        rawKey = keyFrom.apply(event);
        storeKey = lot.keys.key(rawKey);
        key = storeKey.correlationKey();
      } catch (RuntimeException e) {
        keyFailure = e;
      }
    }
    this.correlationKey = key != null ? key : rawKey != null ? rawKey : "";

    // A ticket carried by the event decides when present; the store is consulted only without one.
    Tickets.Check ticket = Tickets.check(template, event);
    this.ticketStatus = ticket == null ? null : ticket.status;
    StoredTraceContext found = ticket == null ? null : ticket.context;
    RuntimeException failure = null;
    ClaimOutcome outcome = ClaimOutcome.MISS;
    long now = lot.clock.millis();
    if (storeKey != null && (ticket == null || !ticket.present())) {
      this.claimedKey = storeKey;
      try {
        found = lot.claims.claimEntry(storeKey, retrievalMode, now);
      } catch (RuntimeException e) {
        failure = e;
      }
      outcome = failure != null ? ClaimOutcome.STORE_ERROR : Claims.outcomeOf(found, now);
      if (outcome == ClaimOutcome.EXPIRED) {
        found = null;
      }
      template.claims.claimed(outcome);
      if (found == null) {
        lot.notifyMiss(key, failure == null ? MissListener.Reason.NOT_FOUND : MissListener.Reason.STORE_ERROR);
      }
    } else {
      this.claimedKey = null;
    }
    this.parked = found;
    this.duplicate = outcome == ClaimOutcome.DUPLICATE;
    this.storeFailure = failure;
    this.elapsedMillis = found == null ? -1 : Math.max(0, now - found.parkedAtMillis());
    boolean ticketHit = ticket != null && ticket.present() && found != null;
    if (outcome == ClaimOutcome.HIT || ticketHit) {
      // A valid ticket is a wait like a claimed entry: "how long do our webhooks take" counts both.
      template.claims.waited(elapsedMillis);
    }

    Context current = Context.current();
    Span started;
    try {
      started = startSpan(template, current, key, found, ticket, failure, keyFailure);
    } catch (RuntimeException | LinkageError e) {
      // Fail-open: the handler runs without a span rather than not at all.
      LotTelemetry.tracingFailed("starting the callback span of '" + template.spanName + "'", e);
      started = Span.getInvalid();
    }
    this.span = started;
    try {
      describeStartedSpan(template, started, key, found, ticket, failure, keyFailure);
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.tracingFailed("adding events to the callback span of '" + template.spanName + "'", e);
    }
    this.abort = abortCause(template, key, keyFailure, found, failure, ticket);
    Context context = current.with(started);
    if (found != null && !found.baggage().isEmpty()) {
      context = context.with(W3CHeaders.restore(found.baggage(), Baggage.fromContext(current)));
    }
    this.handlerContext = context;
  }

  /**
   * Builds the callback span with the link and every attribute on its builder (samplers see them
   * all in shouldSample), then starts it.
   */
  private Span startSpan(
      CallbackTemplate<?> template, Context current, @Nullable String key, @Nullable StoredTraceContext found,
      Tickets.@Nullable Check ticket, @Nullable RuntimeException failure, @Nullable RuntimeException keyFailure) {
    SpanBuilder builder = lot.metrics.telemetry().tracer.spanBuilder(template.spanName)
        .setSpanKind(template.spanKindIn(current));
    if (!template.customAttributes.isEmpty()) {
      builder.setAllAttributes(template.customAttributes);
    }
    if (key != null) {
      builder.setAttribute(ParkingLotAttributes.CORRELATION_KEY, key);
    }
    builder.setAttribute(ParkingLotAttributes.CONTEXT_FOUND, found != null);
    if (ticket != null) {
      ticket.describe(builder);
    }
    if (found != null) {
      SpanContext parkedSpan = found.toSpanContext();
      builder.setParent(
          template.relation == CallbackSpanRelation.CHILD ? current.with(Span.wrap(parkedSpan)) : current);
      builder.setAttribute(ParkingLotAttributes.ELAPSED_MS, elapsedMillis);
      builder.setAttribute(ParkingLotAttributes.ORIGINAL_TRACE_ID, parkedSpan.getTraceId());
      builder.setAttribute(ParkingLotAttributes.ORIGINAL_SPAN_ID, parkedSpan.getSpanId());
      if (found.hasMetadata() && !lot.metadataAttributes.isNone()) {
        for (Map.Entry<String, String> entry : found.metadata().entrySet()) {
          if (lot.metadataAttributes.includes(entry.getKey())) {
            builder.setAttribute(ParkingLotAttributes.metadata(entry.getKey()), entry.getValue());
          }
        }
      }
      builder.addLink(parkedSpan, DefaultParkingLot.linkAttributes(found));
      if (duplicate) {
        builder.setAttribute(ParkingLotAttributes.DUPLICATE, true);
      }
    } else {
      builder.setParent(current);
    }
    if (failure != null) {
      builder.setAttribute(ParkingLotAttributes.STORE_ERROR, true);
    }
    if (keyFailure != null) {
      builder.setAttribute(ParkingLotAttributes.CORRELATION_KEY_ERROR, true);
    }
    return builder.startSpan();
  }

  /** The started span's events: the retrieved context, the ticket's outcome, what failed. */
  private void describeStartedSpan(
      CallbackTemplate<?> template, Span started, @Nullable String key, @Nullable StoredTraceContext found,
      Tickets.@Nullable Check ticket, @Nullable RuntimeException failure, @Nullable RuntimeException keyFailure) {
    if (found != null) {
      Long elapsed = elapsedMillis;
      String originalTraceId = found.traceId();
      started.addEvent(ParkingLotAttributes.EVENT_RETRIEVED, key == null
          ? Attributes.of(
              ParkingLotAttributes.ELAPSED_MS, elapsed, ParkingLotAttributes.ORIGINAL_TRACE_ID, originalTraceId)
          : Attributes.of(
              ParkingLotAttributes.CORRELATION_KEY, correlationKey,
              ParkingLotAttributes.ELAPSED_MS, elapsed,
              ParkingLotAttributes.ORIGINAL_TRACE_ID, originalTraceId));
    }
    if (ticket != null) {
      ticket.recordOn(started, template.spanName);
    }
    if (keyFailure != null) {
      started.recordException(keyFailure);
      DefaultParkingLot.LOGGER.log(Level.WARNING,
          "callback '" + template.spanName + "': the correlation key could not be computed from the event;"
              + " running without a parked context", keyFailure);
    }
    if (failure != null) {
      started.recordException(failure, Attributes.of(ParkingLotAttributes.CORRELATION_KEY, correlationKey));
      if (!lot.propagateStoreErrors) {
        DefaultParkingLot.LOGGER.log(Level.WARNING,
            "callback '" + template.spanName + "': looking up key '" + correlationKey + "' failed in the store;"
                + " running without a parked context (fail-open)", failure);
      }
    }
  }

  private @Nullable RuntimeException abortCause(
      CallbackTemplate<?> template, @Nullable String key, @Nullable RuntimeException keyFailure,
      @Nullable StoredTraceContext found, @Nullable RuntimeException failure, Tickets.@Nullable Check ticket) {
    if (failure != null && lot.propagateStoreErrors) {
      return DefaultParkingLot.asParkingLotException(correlationKey, "callback lookup", failure);
    }
    if (found != null || !template.requireParkedContext) {
      return null;
    }
    String reason;
    String ticketReason = ticket == null ? null : ticket.missReason();
    if (ticketReason != null && (ticket.present() || key == null)) {
      reason = ticketReason;
    } else if (keyFailure != null) {
      reason = "the correlation key could not be computed from the event: " + keyFailure.getMessage();
    } else if (failure != null) {
      reason = "the store lookup failed: " + failure;
    } else if (key == null) {
      reason = "the event carried no ticket";
    } else {
      reason = "nothing is parked under it (never parked, expired, or already claimed)";
    }
    ParkedContextNotFoundException notFound = new ParkedContextNotFoundException(correlationKey, reason);
    try {
      span.recordException(notFound);
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.tracingFailed("recording the missing context on the callback span", e);
    }
    return notFound;
  }

  /** Runs a synchronous handler as one callback. */
  static <T, R> R run(CallbackTemplate<T> template, BiFunction<CallbackContext, T, R> handler, T event) {
    CallbackInvocation invocation = new CallbackInvocation(template, event);
    Span span = invocation.span;
    RuntimeException abort = invocation.abort;
    if (abort != null) {
      failed(span, null);
      end(span);
      throw abort;
    }
    try (Scope ignored = invocation.handlerContext.makeCurrent()) {
      R result = handler.apply(invocation, event);
      invocation.succeeded();
      return result;
    } catch (Throwable t) {
      failed(span, t);
      throw t;
    } finally {
      end(span);
    }
  }

  /** Runs an asynchronous handler as one callback; the span ends when its stage completes. */
  static <T, R> CompletionStage<R> runAsync(
      CallbackTemplate<T> template, BiFunction<CallbackContext, T, ? extends CompletionStage<R>> handler,
      T event) {
    CallbackInvocation invocation;
    try {
      invocation = new CallbackInvocation(template, event);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Span span = invocation.span;
    RuntimeException abort = invocation.abort;
    if (abort != null) {
      failed(span, null);
      end(span);
      return CompletableFuture.failedFuture(abort);
    }
    CompletionStage<R> stage;
    try (Scope ignored = invocation.handlerContext.makeCurrent()) {
      stage = handler.apply(invocation, event);
    } catch (Throwable t) {
      failed(span, t);
      end(span);
      return CompletableFuture.failedFuture(t);
    }
    if (stage == null) {
      NullPointerException none = new NullPointerException(
          "the async handler of callback '" + template.spanName
              + "' returned null instead of a CompletionStage");
      failed(span, none);
      end(span);
      return CompletableFuture.failedFuture(none);
    }
    return stage.whenComplete(invocation);
  }

  /** The completion of an async handler's stage. */
  @Override
  public void accept(@Nullable Object result, @Nullable Throwable error) {
    try {
      if (error != null) {
        boolean wrapped = error instanceof CompletionException && error.getCause() != null;
        failed(span, wrapped ? error.getCause() : error);
      } else {
        succeeded();
      }
    } finally {
      end(span);
    }
  }

  /** Marks the span failed, with {@code error} recorded when there is one; never throws. */
  private static void failed(Span span, @Nullable Throwable error) {
    try {
      if (error != null) {
        span.recordException(error);
      }
      span.setStatus(StatusCode.ERROR);
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.tracingFailed("marking the callback span failed", e);
    }
  }

  /** Ends the span; a tracing API or span processor that throws never reaches the handler's caller. */
  private static void end(Span span) {
    try {
      span.end();
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.tracingFailed("ending the callback span", e);
    }
  }

  /**
   * After the handler succeeded: in CONSUME_ON_SUCCESS, consume the entry (a tombstone with
   * duplicate detection, a delete without); a failure is recorded, not thrown. A duplicate found a
   * tombstone already: nothing to consume.
   */
  private void succeeded() {
    if (retrievalMode != RetrievalMode.CONSUME_ON_SUCCESS || parked == null || claimedKey == null || duplicate) {
      return;
    }
    try {
      lot.claims.consumeAfterSuccess(claimedKey);
    } catch (RuntimeException e) {
      DefaultParkingLot.recordStoreFailure(span, correlationKey, "consume after success", e);
    }
  }

  @Override
  public Span span() {
    return span;
  }

  @Override
  public String correlationKey() {
    return correlationKey;
  }

  @Override
  public Optional<StoredTraceContext> parkedContext() {
    return Optional.ofNullable(parked);
  }

  @Override
  public Optional<Duration> elapsed() {
    return parked == null ? Optional.empty() : Optional.of(Duration.ofMillis(elapsedMillis));
  }

  @Override
  public boolean storeFailed() {
    return storeFailure != null;
  }

  @Override
  public Optional<TicketStatus> ticketStatus() {
    return Optional.ofNullable(ticketStatus);
  }

  @Override
  public boolean duplicate() {
    return duplicate;
  }

  @Override
  public String toString() {
    return "CallbackContext{correlationKey=" + correlationKey + ", found=" + (parked != null)
        + ", elapsedMillis=" + (parked == null ? "n/a" : Long.toString(elapsedMillis))
        + ", storeFailed=" + (storeFailure != null) + ", duplicate=" + duplicate + '}';
  }
}
