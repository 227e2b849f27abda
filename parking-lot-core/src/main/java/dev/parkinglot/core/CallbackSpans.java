package dev.parkinglot.core;

import dev.parkinglot.CallbackSpanRelation;
import dev.parkinglot.ParkedContextNotFoundException;
import dev.parkinglot.StoredTraceContext;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * The span step of one callback call, after its lookup. The order matters for samplers: the span
 * is built with the link and every parking_lot.* attribute on its SpanBuilder, and only then
 * started, so a sampler sees all of them in shouldSample. Everything here is fail-open: a tracing
 * API that throws (a linkage error of an older API included) leaves the handler running without a
 * span or without the events, never not running.
 */

/** Starts and describes the span of one callback call. Package-private: not public API. */
final class CallbackSpans {
  private CallbackSpans() {}

  /** The started callback span; {@link Span#getInvalid()} when the tracing API failed to start one. */
  static Span start(CallbackTemplate<?> template, CallbackLookup lookup, Context current) {
    Span started;
    try {
      started = build(template, lookup, current).startSpan();
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.tracingFailed("starting the callback span of '" + template.spanName + "'", e);
      return Span.getInvalid();
    }
    try {
      describe(template, lookup, started);
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.tracingFailed("adding events to the callback span of '" + template.spanName + "'", e);
    }
    log(template, lookup);
    return started;
  }

  private static SpanBuilder build(CallbackTemplate<?> template, CallbackLookup lookup, Context current) {
    CallbackSettings settings = template.settings;
    SpanBuilder builder = settings.metrics.telemetry().tracer.spanBuilder(template.spanName)
        .setSpanKind(template.spanKindIn(current));
    if (!template.customAttributes.isEmpty()) {
      builder.setAllAttributes(template.customAttributes);
    }
    if (lookup.storeKey != null) {
      builder.setAttribute(ParkingLotAttributes.CORRELATION_KEY, lookup.shownKey);
    }
    StoredTraceContext found = lookup.found;
    builder.setAttribute(ParkingLotAttributes.CONTEXT_FOUND, found != null);
    if (lookup.ticket != null) {
      lookup.ticket.describe(builder);
    }
    if (found != null) {
      SpanContext parkedSpan = found.toSpanContext();
      builder.setParent(
          template.relation == CallbackSpanRelation.CHILD ? current.with(Span.wrap(parkedSpan)) : current);
      builder.setAttribute(ParkingLotAttributes.ELAPSED_MS, lookup.elapsedMillis);
      builder.setAttribute(ParkingLotAttributes.ORIGINAL_TRACE_ID, parkedSpan.getTraceId());
      builder.setAttribute(ParkingLotAttributes.ORIGINAL_SPAN_ID, parkedSpan.getSpanId());
      if (found.hasMetadata() && !settings.metadataAttributes.isNone()) {
        for (Map.Entry<String, String> entry : found.metadata().entrySet()) {
          if (settings.metadataAttributes.includes(entry.getKey())) {
            builder.setAttribute(ParkingLotAttributes.metadata(entry.getKey()), entry.getValue());
          }
        }
      }
      builder.addLink(parkedSpan, DefaultParkingLot.linkAttributes(found));
      if (lookup.duplicate) {
        builder.setAttribute(ParkingLotAttributes.DUPLICATE, true);
      }
    } else {
      builder.setParent(current);
    }
    if (lookup.storeFailure != null) {
      builder.setAttribute(ParkingLotAttributes.STORE_ERROR, true);
    }
    if (lookup.keyFailure != null) {
      builder.setAttribute(ParkingLotAttributes.CORRELATION_KEY_ERROR, true);
    }
    return builder;
  }

  /** The started span's events: the retrieved context, the ticket's outcome, what failed. */
  private static void describe(CallbackTemplate<?> template, CallbackLookup lookup, Span started) {
    StoredTraceContext found = lookup.found;
    if (found != null) {
      Long elapsed = lookup.elapsedMillis;
      String originalTraceId = found.traceId();
      started.addEvent(ParkingLotAttributes.EVENT_RETRIEVED, lookup.storeKey == null
          ? Attributes.of(
              ParkingLotAttributes.ELAPSED_MS, elapsed, ParkingLotAttributes.ORIGINAL_TRACE_ID, originalTraceId)
          : Attributes.of(
              ParkingLotAttributes.CORRELATION_KEY, lookup.shownKey,
              ParkingLotAttributes.ELAPSED_MS, elapsed,
              ParkingLotAttributes.ORIGINAL_TRACE_ID, originalTraceId));
    }
    if (lookup.ticket != null) {
      lookup.ticket.recordOn(started, template.spanName, template.settings.failures);
    }
    if (lookup.keyFailure != null) {
      started.recordException(lookup.keyFailure);
    }
    if (lookup.storeFailure != null) {
      started.recordException(lookup.storeFailure,
          Attributes.of(ParkingLotAttributes.CORRELATION_KEY, lookup.shownKey));
    }
  }

  /** Logs a key that could not be computed and a store lookup that failed (fail-open). */
  private static void log(CallbackTemplate<?> template, CallbackLookup lookup) {
    if (lookup.keyFailure != null) {
      template.settings.failures.failed("correlation key",
          "callback '" + template.spanName + "': the correlation key could not be computed from the event;"
              + " running without a parked context", lookup.keyFailure);
    }
    if (lookup.storeFailure != null && !template.settings.propagateStoreErrors) {
      template.settings.failures.failed(DefaultParkingLot.failureKind(lookup.storeFailure),
          "callback '" + template.spanName + "': looking up key '" + lookup.shownKey + "' failed in the"
              + " store" + DefaultParkingLot.removalNote(lookup.storeFailure)
              + "; running without a parked context (fail-open)", lookup.storeFailure);
    }
  }

  /**
   * Why the handler must not run, or null: a store failure when errors propagate, or a missing
   * context when the callback requires one (recorded on the span).
   */
  static @Nullable RuntimeException abortCause(CallbackTemplate<?> template, CallbackLookup lookup, Span span) {
    RuntimeException failure = lookup.storeFailure;
    if (failure != null && template.settings.propagateStoreErrors) {
      return DefaultParkingLot.asParkingLotException(lookup.correlationKey, "callback lookup", failure);
    }
    if (lookup.found != null || !template.requireParkedContext) {
      return null;
    }
    ParkedContextNotFoundException notFound =
        new ParkedContextNotFoundException(lookup.correlationKey, missReason(lookup));
    try {
      span.recordException(notFound);
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.tracingFailed("recording the missing context on the callback span", e);
    }
    return notFound;
  }

  private static String missReason(CallbackLookup lookup) {
    Tickets.Check ticket = lookup.ticket;
    String ticketReason = ticket == null ? null : ticket.missReason();
    if (ticketReason != null && (ticket.present() || lookup.storeKey == null)) {
      return ticketReason;
    }
    if (lookup.keyFailure != null) {
      return "the correlation key could not be computed from the event: " + lookup.keyFailure.getMessage();
    }
    if (lookup.storeFailure != null) {
      return "the store lookup failed: " + lookup.storeFailure;
    }
    if (lookup.storeKey == null) {
      return "the event carried no ticket";
    }
    return "nothing is parked under it (never parked, expired, or already claimed)";
  }
}
