package dev.parkinglot.core;

import dev.parkinglot.CallbackContext;
import dev.parkinglot.CallbackSpanRelation;
import dev.parkinglot.ParkedContextNotFoundException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.RetrievalMode;
import dev.parkinglot.StoredTraceContext;
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
import org.jspecify.annotations.Nullable;

/*
 * One call of a wrapped callback. The order matters for samplers: the key is computed and the
 * context claimed first, then the span is built with the link and every parking_lot.* attribute on
 * its SpanBuilder, and only then started, so a sampler sees all of them in shouldSample.
 *
 * This object is at once the handler's CallbackContext and, for the async form, the completion
 * action of the handler's stage: one allocation per call for both. Package-private: not public API.
 */
final class CallbackInvocation implements CallbackContext, BiConsumer<Object, Throwable> {
  private final DefaultParkingLot lot;
  private final RetrievalMode retrievalMode;
  private final String correlationKey;
  private final @Nullable StoredTraceContext parked;
  private final long elapsedMillis;
  private final @Nullable RuntimeException storeFailure;
  private final Span span;
  private final Context handlerContext;
  private final @Nullable RuntimeException abort;

  private <T> CallbackInvocation(CallbackTemplate<T> template, T event) {
    DefaultParkingLot lot = template.lot;
    this.lot = lot;
    this.retrievalMode = template.retrievalMode;

    String rawKey = null;
    String key = null;
    RuntimeException keyFailure = null;
    try {
      rawKey = template.correlationKeyFrom.apply(event);
      key = ParkingLotLimits.checkCorrelationKey(rawKey);
    } catch (RuntimeException e) {
      keyFailure = e;
    }
    this.correlationKey = key != null ? key : rawKey != null ? rawKey : "";

    StoredTraceContext found = null;
    RuntimeException failure = null;
    if (key != null) {
      try {
        Optional<StoredTraceContext> claimed = retrievalMode == RetrievalMode.CONSUME_ON_CLAIM
            ? lot.store.take(lot.keyPrefix, key)
            : lot.store.load(lot.keyPrefix, key);
        found = claimed.orElse(null);
      } catch (RuntimeException e) {
        failure = e;
      }
      if (found == null) {
        lot.notifyMiss(key, failure == null ? MissListener.Reason.NOT_FOUND : MissListener.Reason.STORE_ERROR);
      }
    }
    this.parked = found;
    this.storeFailure = failure;
    this.elapsedMillis = found == null ? -1 : Math.max(0, lot.clock.millis() - found.parkedAtMillis());

    Context current = Context.current();
    SpanBuilder builder = lot.tracer.spanBuilder(template.spanName).setSpanKind(template.spanKind);
    if (!template.customAttributes.isEmpty()) {
      builder.setAllAttributes(template.customAttributes);
    }
    if (key != null) {
      builder.setAttribute(ParkingLotAttributes.CORRELATION_KEY, key);
    }
    builder.setAttribute(ParkingLotAttributes.CONTEXT_FOUND, found != null);
    String originalTraceId = null;
    if (found != null) {
      SpanContext parkedSpan = found.toSpanContext();
      originalTraceId = parkedSpan.getTraceId();
      builder.setParent(template.relation == CallbackSpanRelation.CHILD ? current.with(Span.wrap(parkedSpan)) : current);
      builder.setAttribute(ParkingLotAttributes.ELAPSED_MS, elapsedMillis);
      builder.setAttribute(ParkingLotAttributes.ORIGINAL_TRACE_ID, originalTraceId);
      builder.setAttribute(ParkingLotAttributes.ORIGINAL_SPAN_ID, parkedSpan.getSpanId());
      if (found.hasMetadata() && !lot.metadataAttributes.isNone()) {
        for (Map.Entry<String, String> entry : found.metadata().entrySet()) {
          if (lot.metadataAttributes.includes(entry.getKey())) {
            builder.setAttribute(ParkingLotAttributes.metadata(entry.getKey()), entry.getValue());
          }
        }
      }
      builder.addLink(parkedSpan, DefaultParkingLot.linkAttributes(found));
    } else {
      builder.setParent(current);
    }
    if (failure != null) {
      builder.setAttribute(ParkingLotAttributes.STORE_ERROR, true);
    }
    if (keyFailure != null) {
      builder.setAttribute(ParkingLotAttributes.CORRELATION_KEY_ERROR, true);
    }
    Span started = builder.startSpan();
    this.span = started;

    if (found != null) {
      started.addEvent(ParkingLotAttributes.EVENT_RETRIEVED, Attributes.of(
          ParkingLotAttributes.CORRELATION_KEY, correlationKey,
          ParkingLotAttributes.ELAPSED_MS, elapsedMillis,
          ParkingLotAttributes.ORIGINAL_TRACE_ID, originalTraceId));
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

    this.abort = abortCause(template, key, keyFailure, found, failure);
    Context context = current.with(started);
    if (found != null && !found.baggage().isEmpty()) {
      context = context.with(W3CHeaders.restore(found.baggage(), Baggage.fromContext(current)));
    }
    this.handlerContext = context;
  }

  private @Nullable RuntimeException abortCause(
      CallbackTemplate<?> template, @Nullable String key, @Nullable RuntimeException keyFailure,
      @Nullable StoredTraceContext found, @Nullable RuntimeException failure) {
    if (failure != null && lot.propagateStoreErrors) {
      return DefaultParkingLot.asParkingLotException(correlationKey, "callback lookup", failure);
    }
    if (found != null || !template.requireParkedContext) {
      return null;
    }
    String reason;
    if (keyFailure != null) {
      reason = "the correlation key could not be computed from the event: " + keyFailure.getMessage();
    } else if (failure != null) {
      reason = "the store lookup failed: " + failure;
    } else {
      reason = "nothing is parked under it (never parked, expired, or already claimed)";
    }
    ParkedContextNotFoundException notFound = new ParkedContextNotFoundException(correlationKey, reason);
    span.recordException(notFound);
    return notFound;
  }

  /** Runs a synchronous handler as one callback. */
  static <T, R> R run(CallbackTemplate<T> template, BiFunction<CallbackContext, T, R> handler, T event) {
    CallbackInvocation invocation = new CallbackInvocation(template, event);
    Span span = invocation.span;
    RuntimeException abort = invocation.abort;
    if (abort != null) {
      span.setStatus(StatusCode.ERROR);
      span.end();
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
      span.end();
    }
  }

  /** Runs an asynchronous handler as one callback; the span ends when its stage completes. */
  static <T, R> CompletionStage<R> runAsync(
      CallbackTemplate<T> template, BiFunction<CallbackContext, T, ? extends CompletionStage<R>> handler, T event) {
    CallbackInvocation invocation;
    try {
      invocation = new CallbackInvocation(template, event);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Span span = invocation.span;
    RuntimeException abort = invocation.abort;
    if (abort != null) {
      span.setStatus(StatusCode.ERROR);
      span.end();
      return CompletableFuture.failedFuture(abort);
    }
    CompletionStage<R> stage;
    try (Scope ignored = invocation.handlerContext.makeCurrent()) {
      stage = handler.apply(invocation, event);
    } catch (Throwable t) {
      failed(span, t);
      span.end();
      return CompletableFuture.failedFuture(t);
    }
    if (stage == null) {
      NullPointerException none = new NullPointerException(
          "the async handler of callback '" + template.spanName + "' returned null instead of a CompletionStage");
      failed(span, none);
      span.end();
      return CompletableFuture.failedFuture(none);
    }
    return stage.whenComplete(invocation);
  }

  /** The completion of an async handler's stage. */
  @Override
  public void accept(@Nullable Object result, @Nullable Throwable error) {
    try {
      if (error != null) {
        failed(span, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
      } else {
        succeeded();
      }
    } finally {
      span.end();
    }
  }

  private static void failed(Span span, Throwable error) {
    span.recordException(error);
    span.setStatus(StatusCode.ERROR);
  }

  /** After the handler succeeded: in CONSUME_ON_SUCCESS, delete the entry; a failure is recorded, never thrown. */
  private void succeeded() {
    if (retrievalMode != RetrievalMode.CONSUME_ON_SUCCESS || parked == null) {
      return;
    }
    try {
      lot.store.delete(lot.keyPrefix.concat(correlationKey));
    } catch (RuntimeException e) {
      DefaultParkingLot.recordStoreFailure(span, correlationKey, "delete after success", e);
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
  public String toString() {
    return "CallbackContext{correlationKey=" + correlationKey + ", found=" + (parked != null)
        + ", elapsedMillis=" + (parked == null ? "n/a" : Long.toString(elapsedMillis))
        + ", storeFailed=" + (storeFailure != null) + '}';
  }
}
