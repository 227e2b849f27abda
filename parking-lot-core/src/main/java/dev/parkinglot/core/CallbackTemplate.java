package dev.parkinglot.core;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackSpanRelation;
import dev.parkinglot.RetrievalMode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one wrapped callback computes once, at wrap time, instead of on every call: the resolved
 * retrieval mode and the custom attributes with every {@code parking_lot.*} key removed.
 * Package-private: not public API.
 */
final class CallbackTemplate<T> {
  final DefaultParkingLot lot;
  final String spanName;
  final SpanKind spanKind;
  final Function<? super T, String> correlationKeyFrom;
  final boolean requireParkedContext;
  final RetrievalMode retrievalMode;
  final CallbackSpanRelation relation;
  /** The config's attributes without any key in our namespace; they can never replace ours. */
  final Attributes customAttributes;

  CallbackTemplate(DefaultParkingLot lot, CallbackConfig<T> config) {
    Objects.requireNonNull(config, "config must not be null");
    this.lot = lot;
    this.spanName = config.spanName();
    this.spanKind = config.spanKind();
    this.correlationKeyFrom = config.correlationKeyFrom();
    this.requireParkedContext = config.requireParkedContext();
    this.retrievalMode = config.retrievalMode().orElse(lot.retrievalMode);
    this.relation = config.relation();
    Attributes attributes = config.attributes();
    this.customAttributes = attributes.isEmpty()
        ? Attributes.empty()
        : attributes.toBuilder()
            .removeIf(key -> key.getKey().startsWith(ParkingLotAttributes.NAMESPACE))
            .build();
  }
}
