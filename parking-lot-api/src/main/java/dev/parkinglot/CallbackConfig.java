package dev.parkinglot;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ParkingLot#traceCallback(CallbackConfig, java.util.function.BiFunction)} wraps a
 * handler: the span's name and kind, how the correlation key is found in the event, and what to do
 * with the parked context.
 *
 * <pre>{@code
 * CallbackConfig<StripeEvent> config = CallbackConfig
 *     .builder("stripe.webhook.payment_intent.succeeded",
 *         (StripeEvent e) -> CorrelationKeys.of("payment", e.orderId()))
 *     .attributes(Attributes.of(AttributeKey.stringKey("webhook.provider"), "stripe"))
 *     .build();
 * }</pre>
 *
 * @param <T> the type of the event the handler receives
 */
public final class CallbackConfig<T> {
  private final String spanName;
  private final Function<? super T, String> correlationKeyFrom;
  private final SpanKind spanKind;
  private final Attributes attributes;
  private final boolean requireParkedContext;
  private final @Nullable RetrievalMode retrievalMode;
  private final CallbackSpanRelation relation;

  private CallbackConfig(Builder<T> builder) {
    this.spanName = builder.spanName;
    this.correlationKeyFrom = builder.correlationKeyFrom;
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
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code spanName} is blank
   */
  public static <T> Builder<T> builder(String spanName, Function<? super T, String> correlationKeyFrom) {
    return new Builder<>(spanName, correlationKeyFrom);
  }

  public String spanName() {
    return spanName;
  }

  public Function<? super T, String> correlationKeyFrom() {
    return correlationKeyFrom;
  }

  /** The callback span's kind; {@link SpanKind#SERVER} unless set. */
  public SpanKind spanKind() {
    return spanKind;
  }

  /**
   * Extra attributes for the callback span. They never replace the library's own {@code
   * parking_lot.*} attributes: such keys are dropped.
   */
  public Attributes attributes() {
    return attributes;
  }

  /** Whether the handler must not run without a parked context; see {@link ParkedContextNotFoundException}. */
  public boolean requireParkedContext() {
    return requireParkedContext;
  }

  /** The retrieval mode of this callback; empty means the lot's default. */
  public Optional<RetrievalMode> retrievalMode() {
    return Optional.ofNullable(retrievalMode);
  }

  /** Whether the callback span links to the parked context or is its child. */
  public CallbackSpanRelation relation() {
    return relation;
  }

  /** Builds a {@link CallbackConfig}. */
  public static final class Builder<T> {
    private final String spanName;
    private final Function<? super T, String> correlationKeyFrom;
    private SpanKind spanKind = SpanKind.SERVER;
    private Attributes attributes = Attributes.empty();
    private boolean requireParkedContext;
    private @Nullable RetrievalMode retrievalMode;
    private CallbackSpanRelation relation = CallbackSpanRelation.LINK;

    private Builder(String spanName, Function<? super T, String> correlationKeyFrom) {
      Objects.requireNonNull(spanName, "spanName must not be null");
      if (spanName.isBlank()) {
        throw new IllegalArgumentException("spanName must not be blank, was '" + spanName + "'");
      }
      this.spanName = spanName;
      this.correlationKeyFrom = Objects.requireNonNull(correlationKeyFrom, "correlationKeyFrom must not be null");
    }

    /** The span kind; {@link SpanKind#SERVER} by default, as a webhook is an incoming request. */
    public Builder<T> spanKind(SpanKind spanKind) {
      this.spanKind = Objects.requireNonNull(spanKind, "spanKind must not be null");
      return this;
    }

    /** Extra attributes for the callback span; keys starting with {@code parking_lot.} are ignored. */
    public Builder<T> attributes(Attributes attributes) {
      this.attributes = Objects.requireNonNull(attributes, "attributes must not be null");
      return this;
    }

    /**
     * When true, a callback without a live parked context throws {@link
     * ParkedContextNotFoundException} (recorded on its span) instead of running the handler. False
     * by default.
     */
    public Builder<T> requireParkedContext(boolean requireParkedContext) {
      this.requireParkedContext = requireParkedContext;
      return this;
    }

    /** Overrides the lot's retrieval mode for this callback. */
    public Builder<T> retrievalMode(RetrievalMode retrievalMode) {
      this.retrievalMode = Objects.requireNonNull(retrievalMode, "retrievalMode must not be null");
      return this;
    }

    /** {@link CallbackSpanRelation#LINK} (the default) or {@link CallbackSpanRelation#CHILD}. */
    public Builder<T> relation(CallbackSpanRelation relation) {
      this.relation = Objects.requireNonNull(relation, "relation must not be null");
      return this;
    }

    public CallbackConfig<T> build() {
      return new CallbackConfig<>(this);
    }
  }
}
