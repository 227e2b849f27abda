package dev.parkinglot;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ParkingLot#traceCallback(CallbackConfig, java.util.function.BiFunction)} wraps a
 * handler: the span's name and kind, how the parked context is found from the event (a correlation
 * key to look up in the store, a signed ticket carried by the event, or both), and what to do with it.
 *
 * <pre>{@code
 * CallbackConfig<StripeEvent> config = CallbackConfig
 *     .builder("stripe.webhook.payment_intent.succeeded",
 *         (StripeEvent e) -> CorrelationKeys.of("payment", e.orderId()))
 *     .attributes(Attributes.of(AttributeKey.stringKey("webhook.provider"), "stripe"))
 *     .build();
 * }</pre>
 *
 * <p>For providers that echo back metadata you attach, a {@linkplain ParkingLot#ticket() ticket}
 * needs no store at all:
 *
 * <pre>{@code
 * CallbackConfig<PaymentIntent> config = CallbackConfig
 *     .builderForTicket("stripe.webhook.payment_intent.succeeded",
 *         (PaymentIntent intent) -> intent.getMetadata().get("parking_lot_ticket"))
 *     .build();
 * }</pre>
 *
 * @param <T> the type of the event the handler receives
 */
public final class CallbackConfig<T> {
  private final String spanName;
  private final @Nullable Function<? super T, String> correlationKeyFrom;
  private final @Nullable Function<? super T, @Nullable String> ticketFrom;
  private final @Nullable SpanKind spanKind;
  private final Attributes attributes;
  private final boolean requireParkedContext;
  private final @Nullable RetrievalMode retrievalMode;
  private final CallbackSpanRelation relation;

  private CallbackConfig(Builder<T> builder) {
    this.spanName = builder.spanName;
    this.correlationKeyFrom = builder.correlationKeyFrom;
    this.ticketFrom = builder.ticketFrom;
    this.spanKind = builder.spanKind;
    this.attributes = builder.attributes;
    this.requireParkedContext = builder.requireParkedContext;
    this.retrievalMode = builder.retrievalMode;
    this.relation = builder.relation;
  }

  /**
   * A builder for a callback whose span is named {@code spanName} and whose correlation key is
   * computed from the event by {@code correlationKeyFrom}.
   *
   * @param <T> the type of the event the handler receives
   * @param spanName the callback span's name; not blank
   * @param correlationKeyFrom computes the correlation key from the event
   * @return a builder with the defaults: a {@link SpanKind#SERVER} span linked to the parked
   *     context
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code spanName} is blank
   */
  public static <T> Builder<T> builder(String spanName, Function<? super T, String> correlationKeyFrom) {
    return new Builder<>(spanName,
        Objects.requireNonNull(correlationKeyFrom, "correlationKeyFrom must not be null"), null);
  }

  /**
   * A builder for a callback that finds its parked context only in a signed ticket carried by the
   * event, without a correlation key and without any store lookup. {@code ticketFrom} is as for
   * {@link Builder#ticketFrom(Function)}. The callback's {@link CallbackContext#correlationKey()} is
   * empty and its span has no {@code parking_lot.correlation_key}.
   *
   * @param <T> the type of the event the handler receives
   * @param spanName the callback span's name; not blank
   * @param ticketFrom takes the ticket text from the event
   * @return a builder with the defaults: a {@link SpanKind#SERVER} span linked to the ticket's
   *     context
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code spanName} is blank
   */
  public static <T> Builder<T> builderForTicket(
      String spanName, Function<? super T, @Nullable String> ticketFrom) {
    return new Builder<>(spanName, null, Objects.requireNonNull(ticketFrom, "ticketFrom must not be null"));
  }

  /**
   * The name of the callback span.
   *
   * @return the span name, never blank
   */
  public String spanName() {
    return spanName;
  }

  /**
   * How the correlation key is computed from the event.
   *
   * @return the function from event to correlation key
   * @throws IllegalStateException if this config has none ({@link #builderForTicket(String,
   *     Function)}); see {@link #hasCorrelationKey()}
   */
  public Function<? super T, String> correlationKeyFrom() {
    if (correlationKeyFrom == null) {
      throw new IllegalStateException(
          "callback '" + spanName + "' has no correlation key: it was built with builderForTicket");
    }
    return correlationKeyFrom;
  }

  /**
   * Whether the parked context is looked up in the store under a correlation key; false only for
   * {@link #builderForTicket(String, Function)}.
   *
   * @return true when the config has a correlation key function
   */
  public boolean hasCorrelationKey() {
    return correlationKeyFrom != null;
  }

  /**
   * How a signed ticket is taken from the event, when the callback accepts tickets.
   *
   * @return the ticket function, or empty when the callback accepts no ticket
   */
  public Optional<Function<? super T, @Nullable String>> ticketFrom() {
    return Optional.ofNullable(ticketFrom);
  }

  /**
   * The callback span's kind as set with {@link Builder#spanKind(SpanKind)}; empty by default,
   * which means: {@link SpanKind#SERVER} when no span is current where the callback runs (the
   * webhook starts the handling of a request), and {@link SpanKind#INTERNAL} when a local span is
   * already current there, such as the HTTP {@code SERVER} span of the OpenTelemetry Java agent or
   * of a framework's instrumentation. The callback span is then that request span's child, carrying
   * the link and every {@code parking_lot.*} attribute, instead of a second {@code SERVER} span
   * nested under the first.
   *
   * @return the span kind set on the builder, or empty for the automatic choice
   */
  public Optional<SpanKind> spanKind() {
    return Optional.ofNullable(spanKind);
  }

  /**
   * Extra attributes for the callback span. They never replace the library's own {@code
   * parking_lot.*} attributes: such keys are dropped.
   *
   * @return the extra attributes, possibly empty
   */
  public Attributes attributes() {
    return attributes;
  }

  /**
   * Whether the handler must not run without a parked context; see {@link
   * ParkedContextNotFoundException}.
   *
   * @return true when a callback without a parked context throws instead of running the handler
   */
  public boolean requireParkedContext() {
    return requireParkedContext;
  }

  /**
   * The retrieval mode of this callback; empty means the lot's default.
   *
   * @return the retrieval mode, or empty for the lot's default
   */
  public Optional<RetrievalMode> retrievalMode() {
    return Optional.ofNullable(retrievalMode);
  }

  /**
   * Whether the callback span links to the parked context or is its child.
   *
   * @return {@link CallbackSpanRelation#LINK} or {@link CallbackSpanRelation#CHILD}
   */
  public CallbackSpanRelation relation() {
    return relation;
  }

  /**
   * Builds a {@link CallbackConfig}.
   *
   * @param <T> the type of the event the handler receives
   */
  public static final class Builder<T> {
    private final String spanName;
    private final @Nullable Function<? super T, String> correlationKeyFrom;
    private @Nullable Function<? super T, @Nullable String> ticketFrom;
    private @Nullable SpanKind spanKind;
    private Attributes attributes = Attributes.empty();
    private boolean requireParkedContext;
    private @Nullable RetrievalMode retrievalMode;
    private CallbackSpanRelation relation = CallbackSpanRelation.LINK;

    private Builder(
        String spanName, @Nullable Function<? super T, String> correlationKeyFrom,
        @Nullable Function<? super T, @Nullable String> ticketFrom) {
      Objects.requireNonNull(spanName, "spanName must not be null");
      if (spanName.isBlank()) {
        throw new IllegalArgumentException("spanName must not be blank, was '" + spanName + "'");
      }
      this.spanName = spanName;
      this.correlationKeyFrom = correlationKeyFrom;
      this.ticketFrom = ticketFrom;
    }

    /**
     * Takes a signed {@linkplain ParkingLot#ticket() ticket} from the event. The function returns
     * the ticket text; {@code null} or a blank string means the event carries none. The lot that
     * wraps the callback must have ticket keys, or {@code traceCallback} throws {@link
     * IllegalStateException}.
     *
     * <p>A present ticket decides, and the store is then not consulted: a {@linkplain
     * TicketStatus#VALID valid} one links the callback span to the context it carries, with the same
     * link and attributes as a parked context; any other is never linked, the handler runs without a
     * link and the span's {@code parking_lot.ticket.status} says why (see {@link TicketStatus}).
     * Without a ticket, the correlation key (if the config has one) is looked up as usual. A
     * function that throws is recorded on the span and counts as no ticket. Tickets are verified,
     * never consumed: the {@linkplain #retrievalMode(RetrievalMode) retrieval mode}, duplicate
     * detection ({@link CallbackContext#duplicate()} stays false) and the lot's miss listener do
     * not apply to them. With {@link #requireParkedContext(boolean)}, a missing
     * or rejected ticket (and no parked context) throws {@link ParkedContextNotFoundException}.
     *
     * @param ticketFrom returns the ticket text of an event, or null or blank when it carries none
     * @return this builder
     * @throws NullPointerException if {@code ticketFrom} is null
     */
    public Builder<T> ticketFrom(Function<? super T, @Nullable String> ticketFrom) {
      this.ticketFrom = Objects.requireNonNull(ticketFrom, "ticketFrom must not be null");
      return this;
    }

    /**
     * The span kind, always; by default it is chosen per call: {@link SpanKind#SERVER}, or {@link
     * SpanKind#INTERNAL} when a local span (an HTTP server span) is already current, see {@link
     * CallbackConfig#spanKind()}.
     *
     * @param spanKind the callback span's kind
     * @return this builder
     * @throws NullPointerException if {@code spanKind} is null
     */
    public Builder<T> spanKind(SpanKind spanKind) {
      this.spanKind = Objects.requireNonNull(spanKind, "spanKind must not be null");
      return this;
    }

    /**
     * Extra attributes for the callback span; keys starting with {@code parking_lot.} are ignored.
     *
     * @param attributes the extra attributes
     * @return this builder
     */
    public Builder<T> attributes(Attributes attributes) {
      this.attributes = Objects.requireNonNull(attributes, "attributes must not be null");
      return this;
    }

    /**
     * When true, a callback without a live parked context (or a valid ticket) throws {@link
     * ParkedContextNotFoundException} (recorded on its span) instead of running the handler. False
     * by default.
     *
     * @param requireParkedContext whether a missing parked context throws
     * @return this builder
     */
    public Builder<T> requireParkedContext(boolean requireParkedContext) {
      this.requireParkedContext = requireParkedContext;
      return this;
    }

    /**
     * Overrides the lot's retrieval mode for this callback.
     *
     * @param retrievalMode the retrieval mode for this callback
     * @return this builder
     */
    public Builder<T> retrievalMode(RetrievalMode retrievalMode) {
      this.retrievalMode = Objects.requireNonNull(retrievalMode, "retrievalMode must not be null");
      return this;
    }

    /**
     * {@link CallbackSpanRelation#LINK} (the default) or {@link CallbackSpanRelation#CHILD}.
     *
     * @param relation how the callback span relates to the parked context
     * @return this builder
     */
    public Builder<T> relation(CallbackSpanRelation relation) {
      this.relation = Objects.requireNonNull(relation, "relation must not be null");
      return this;
    }

    /**
     * Builds the config from this builder's settings.
     *
     * @return a new, immutable config
     */
    public CallbackConfig<T> build() {
      return new CallbackConfig<>(this);
    }
  }
}
