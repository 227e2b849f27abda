package dev.parkinglot;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Options for one {@link ParkingLot#park(String, ParkOptions) park}: a ttl for this entry, metadata,
 * and where the context comes from (by default, the current span and baggage of {@link
 * Context#current()}).
 *
 * <pre>{@code
 * lot.park("payment:" + orderId, ParkOptions.builder()
 *     .ttl(Duration.ofHours(2))
 *     .metadata(Map.of("orderId", orderId))
 *     .build());
 * }</pre>
 */
public final class ParkOptions {
  private static final ParkOptions DEFAULTS = new Builder().build();

  private final @Nullable Duration ttl;
  private final Map<String, String> metadata;
  private final @Nullable SpanContext spanContext;
  private final @Nullable Context context;

  private ParkOptions(Builder builder) {
    this.ttl = builder.ttl;
    this.metadata = builder.metadata;
    this.spanContext = builder.spanContext;
    this.context = builder.context;
  }

  /**
   * No ttl override, no metadata, the current context.
   *
   * @return the shared default options
   */
  public static ParkOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder that starts from the {@linkplain #defaults() defaults}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The ttl of this entry; empty means the lot's default.
   *
   * @return the ttl, or empty for the lot's default
   */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /**
   * The metadata to park, an unmodifiable copy.
   *
   * @return the metadata, empty when none was given
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * An explicit span context to park instead of the current span's.
   *
   * @return the span context to park, or empty for the current span's
   */
  public Optional<SpanContext> spanContext() {
    return Optional.ofNullable(spanContext);
  }

  /**
   * An explicit context to take the span and baggage from, instead of {@link Context#current()}.
   *
   * @return the context to park from, or empty for the current one
   */
  public Optional<Context> context() {
    return Optional.ofNullable(context);
  }

  /** Builds {@link ParkOptions}; each setter validates its value at once. */
  public static final class Builder {
    private @Nullable Duration ttl;
    private Map<String, String> metadata = Map.of();
    private @Nullable SpanContext spanContext;
    private @Nullable Context context;

    private Builder() {}

    /**
     * The ttl of this entry.
     *
     * @param ttl how long the parked context lives
     * @return this builder
     * @throws IllegalArgumentException if it breaks {@link ParkingLotLimits#checkTtl(Duration)}
     */
    public Builder ttl(Duration ttl) {
      this.ttl = ParkingLotLimits.checkTtl(ttl);
      return this;
    }

    /**
     * Metadata to park with the context; copied, in its iteration order.
     *
     * @param metadata the metadata to park
     * @return this builder
     * @throws IllegalArgumentException if it breaks {@link ParkingLotLimits#checkMetadata(Map)}
     */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata =
          Collections.unmodifiableMap(new LinkedHashMap<>(ParkingLotLimits.checkMetadata(metadata)));
      return this;
    }

    /**
     * Park this span context instead of the current span's; for code that parks on behalf of a
     * span that is not current. Baggage still comes from the {@linkplain #context(Context) context}.
     *
     * @param spanContext the span context to park
     * @return this builder
     */
    public Builder spanContext(SpanContext spanContext) {
      this.spanContext = Objects.requireNonNull(spanContext, "spanContext must not be null");
      return this;
    }

    /**
     * Take the span and baggage from this context instead of {@link Context#current()}.
     *
     * @param context the context to take the span and baggage from
     * @return this builder
     */
    public Builder context(Context context) {
      this.context = Objects.requireNonNull(context, "context must not be null");
      return this;
    }

    /**
     * Builds the options from this builder's settings.
     *
     * @return new, immutable options
     */
    public ParkOptions build() {
      return new ParkOptions(this);
    }
  }
}
