package dev.parkinglot.core;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackSpanRelation;
import dev.parkinglot.RetrievalMode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What one wrapped callback computes once, at wrap time, instead of on every call: the resolved
 * retrieval mode, the custom attributes with every {@code parking_lot.*} key removed, and the
 * metric attributes of its claims. A config that takes tickets is refused here, at wrap time, when
 * the lot has no ticket keys.
 * Package-private: not public API.
 */
final class CallbackTemplate<T> {
  /**
   * The callback span's kind in {@code current}: the config's, else SERVER unless a local span is
   * current (an HTTP server span of the agent or a framework), whose INTERNAL child it then is.
   */
  SpanKind spanKindIn(Context current) {
    if (spanKind != null) {
      return spanKind;
    }
    SpanContext currentSpan = Span.fromContext(current).getSpanContext();
    return currentSpan.isValid() && !currentSpan.isRemote() ? SpanKind.INTERNAL : SpanKind.SERVER;
  }

  final CallbackSettings settings;
  final String spanName;
  /** The kind the config sets; null to choose per call (SERVER, or INTERNAL under a local span). */
  final @Nullable SpanKind spanKind;
  /** Null for a ticket-only callback. */
  final @Nullable Function<? super T, String> correlationKeyFrom;
  /** Null for a callback that takes no ticket. */
  final @Nullable Function<? super T, @Nullable String> ticketFrom;
  final boolean requireParkedContext;
  final RetrievalMode retrievalMode;
  final CallbackSpanRelation relation;
  /** The config's attributes without any key in our namespace; they can never replace ours. */
  final Attributes customAttributes;
  /** Claim outcomes and waits of this callback, its span name an attribute. */
  final LotMetrics.ClaimRecorder claims;

  CallbackTemplate(DefaultParkingLot lot, CallbackConfig<T> config) {
    Objects.requireNonNull(config, "config must not be null");
    CallbackSettings settings = lot.callbackSettings;
    this.settings = settings;
    this.spanName = config.spanName();
    this.spanKind = config.spanKind().orElse(null);
    this.correlationKeyFrom = config.hasCorrelationKey() ? config.correlationKeyFrom() : null;
    this.ticketFrom = config.ticketFrom().orElse(null);
    if (ticketFrom != null && settings.tickets == null) {
      throw new IllegalStateException("callback '" + config.spanName() + "' takes tickets, but "
          + DefaultParkingLot.NO_TICKET_KEYS);
    }
    if (correlationKeyFrom != null && settings.tickets != null && settings.tickets.storeless) {
      throw new IllegalStateException("callback '" + config.spanName() + "' looks up a correlation key, but "
          + TicketsOnlyStore.MESSAGE + "; build the callback with CallbackConfig.builderForTicket");
    }
    this.requireParkedContext = config.requireParkedContext();
    this.retrievalMode = config.retrievalMode().orElse(settings.retrievalMode);
    this.relation = config.relation();
    this.claims = settings.metrics.forCallback(spanName);
    Attributes attributes = config.attributes();
    this.customAttributes = attributes.isEmpty()
        ? Attributes.empty()
        : attributes.toBuilder()
            .removeIf(key -> key.getKey().startsWith(ParkingLotAttributes.NAMESPACE))
            .build();
  }
}
