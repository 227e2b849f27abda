package dev.parkinglot.core;

import dev.parkinglot.CallbackContext;
import dev.parkinglot.RetrievalMode;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.TicketStatus;
import dev.parkinglot.spi.StoreKey;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/*
 * One call of a wrapped callback: its lookup (CallbackLookup: key, ticket, claim, counts), its span
 * (CallbackSpans: built with the link, then started), then the handler in the span's context.
 *
 * A found context that is a tombstone makes this call a duplicate: the span links and carries the
 * same attributes as the first delivery's, plus parking_lot.duplicate=true, and nothing is consumed
 * after the handler. An entry the lot's own clock says has expired is treated as a miss.
 *
 * This object is at once the handler's CallbackContext and, for the async form, the completion
 * action of the handler's stage: one allocation per call for both. Package-private: not public API.
 */
final class CallbackInvocation implements CallbackContext, BiConsumer<Object, Throwable> {
  private final CallbackTemplate<?> template;
  private final CallbackLookup lookup;
  private final Span span;
  private final Context handlerContext;
  private final @Nullable RuntimeException abort;

  private CallbackInvocation(CallbackTemplate<?> template, CallbackLookup lookup) {
    this.template = template;
    this.lookup = lookup;
    Context current = Context.current();
    this.span = CallbackSpans.start(template, lookup, current);
    this.abort = CallbackSpans.abortCause(template, lookup, span);
    Context context = current.with(span);
    StoredTraceContext found = lookup.found;
    if (found != null && !found.baggage().isEmpty()) {
      context = context.with(W3CHeaders.restore(found.baggage(), Baggage.fromContext(current)));
    }
    this.handlerContext = context;
  }

  private static <T> CallbackInvocation of(CallbackTemplate<T> template, T event) {
    return new CallbackInvocation(template, CallbackLookup.of(template, event));
  }

  /** Runs a synchronous handler as one callback. */
  static <T, R> R run(CallbackTemplate<T> template, BiFunction<CallbackContext, T, R> handler, T event) {
    CallbackInvocation invocation = of(template, event);
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
      invocation = of(template, event);
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
    StoreKey claimed = lookup.claimedKey;
    if (template.retrievalMode != RetrievalMode.CONSUME_ON_SUCCESS || lookup.found == null || claimed == null
        || lookup.duplicate) {
      return;
    }
    try {
      template.settings.claims.consumeAfterSuccess(claimed);
    } catch (RuntimeException e) {
      DefaultParkingLot.recordStoreFailure(
          span, lookup.correlationKey, "consume after success", e, template.settings.failures);
    }
  }

  @Override
  public Span span() {
    return span;
  }

  @Override
  public String correlationKey() {
    return lookup.correlationKey;
  }

  @Override
  public Optional<StoredTraceContext> parkedContext() {
    return Optional.ofNullable(lookup.found);
  }

  @Override
  public Optional<Duration> elapsed() {
    return lookup.found == null ? Optional.empty() : Optional.of(Duration.ofMillis(lookup.elapsedMillis));
  }

  @Override
  public boolean storeFailed() {
    return lookup.storeFailure != null;
  }

  @Override
  public Optional<TicketStatus> ticketStatus() {
    Tickets.Check ticket = lookup.ticket;
    return Optional.ofNullable(ticket == null ? null : ticket.status);
  }

  @Override
  public boolean duplicate() {
    return lookup.duplicate;
  }

  @Override
  public String toString() {
    return "CallbackContext{correlationKey=" + lookup.shownKey + ", found=" + (lookup.found != null)
        + ", elapsedMillis=" + (lookup.found == null ? "n/a" : Long.toString(lookup.elapsedMillis))
        + ", storeFailed=" + (lookup.storeFailure != null) + ", duplicate=" + lookup.duplicate + '}';
  }
}
