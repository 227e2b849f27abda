package dev.parkinglot;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Objects;

/**
 * A span link to a parked context, with the link attributes this library sets ({@code
 * parking_lot.link.type}, {@code link.type}, {@code parking_lot.parked_at}). The OpenTelemetry API
 * has no link value type, so this is one; add it to a span builder before the span starts so that
 * samplers see it:
 *
 * <pre>{@code
 * ParkedLink link = lot.createLink(stored);
 * Span span = link.addTo(tracer.spanBuilder("approval.received")).startSpan();
 * }</pre>
 */
public final class ParkedLink {
  private final SpanContext spanContext;
  private final Attributes attributes;

  /**
   * A link to {@code spanContext} with {@code attributes}; {@link
   * ParkingLot#createLink(StoredTraceContext)} makes one with this library's attributes.
   *
   * @param spanContext the linked span's context
   * @param attributes the link's attributes
   */
  public ParkedLink(SpanContext spanContext, Attributes attributes) {
    this.spanContext = Objects.requireNonNull(spanContext, "spanContext must not be null");
    this.attributes = Objects.requireNonNull(attributes, "attributes must not be null");
  }

  /**
   * The parked span's context, remote.
   *
   * @return the linked span context
   */
  public SpanContext spanContext() {
    return spanContext;
  }

  /**
   * The link's attributes.
   *
   * @return the link attributes
   */
  public Attributes attributes() {
    return attributes;
  }

  /**
   * Adds this link to {@code builder} and returns the builder.
   *
   * @param builder the builder of a span that has not started yet
   * @return {@code builder}, for chaining
   */
  public SpanBuilder addTo(SpanBuilder builder) {
    return builder.addLink(spanContext, attributes);
  }

  /**
   * Adds this link to a span that has already started. Samplers do not see links added this way;
   * prefer {@link #addTo(SpanBuilder)}.
   *
   * @param span the started span
   * @return {@code span}, for chaining
   */
  public Span addTo(Span span) {
    return span.addLink(spanContext, attributes);
  }

  @Override
  public String toString() {
    return "ParkedLink{" + spanContext + ", " + attributes + '}';
  }
}
