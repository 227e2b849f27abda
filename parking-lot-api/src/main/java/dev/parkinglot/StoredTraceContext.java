package dev.parkinglot;

import dev.parkinglot.internal.Extras;
import dev.parkinglot.internal.HexIds;
import dev.parkinglot.spi.Consumption;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Layout. Millions of parked contexts may sit in an in-process store, so an instance is one object
 * of 56 bytes: the ids as three longs, the park time in epoch millis, the ttl in millis with the
 * trace flags in its top byte (a ttl is at most MAX_TTL, about 2^35 ms, so the top byte is free),
 * and one reference to the rarely present extras (tracestate, baggage, metadata). Hex ids, Instant,
 * Duration and the metadata Map are built when asked for, never kept. Metadata is packed, and with
 * no tracestate or baggage the reference is that one packed String: see Extras.
 */

/**
 * An immutable parked trace context: the ids and flags of the span that was current when it was
 * parked, its W3C tracestate and baggage, when it was parked, how long it lives, and the caller's
 * metadata.
 *
 * <p>A value that exists is valid: the trace id is 32 lowercase hex digits and not all zero, the
 * span id 16 and not all zero, the ttl within {@link ParkingLotLimits#MAX_TTL}, and metadata,
 * tracestate and baggage within their {@linkplain ParkingLotLimits limits} (metadata read back from a
 * store, which another writer may have written, within the read bounds: {@link
 * Builder#metadataFromStore(Map)}). Instances are safe to
 * share between threads and never change; {@link #metadata()} returns an unmodifiable copy.
 *
 * <pre>{@code
 * StoredTraceContext ctx = StoredTraceContext.builder()
 *     .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
 *     .spanId("00f067aa0ba902b7")
 *     .traceFlags(TraceFlags.getSampled())
 *     .parkedAt(Instant.now())
 *     .ttl(Duration.ofHours(24))
 *     .metadata(Map.of("orderId", "order-123"))
 *     .build();
 * }</pre>
 */
public final class StoredTraceContext {
  /** The bytes of the object itself: a 12-byte header, five longs, one compressed reference. */
  static final int OBJECT_BYTES = 56;
  private static final int FLAGS_SHIFT = 56;
  private static final long TTL_MASK = (1L << FLAGS_SHIFT) - 1;

  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;
  private final long parkedAtMillis;
  private final long ttlMillisAndFlags;
  /** Null, a packed metadata String, or an {@link Extras}: see {@link Extras#of}. */
  private final @Nullable Object extras;

  private StoredTraceContext(
      long traceIdHigh, long traceIdLow, long spanId, byte flags, long parkedAtMillis, long ttlMillis,
      @Nullable Object extras) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.parkedAtMillis = parkedAtMillis;
    this.ttlMillisAndFlags = ((long) (flags & 0xFF) << FLAGS_SHIFT) | ttlMillis;
    this.extras = extras;
  }

  /**
   * A builder; every field but tracestate, baggage and metadata must be set.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The trace id as 32 lowercase hex digits.
   *
   * @return the trace id in hex
   */
  public String traceId() {
    return HexIds.traceId(traceIdHigh, traceIdLow);
  }

  /**
   * The span id as 16 lowercase hex digits.
   *
   * @return the span id in hex
   */
  public String spanId() {
    return HexIds.spanId(spanId);
  }

  /**
   * The trace flags, the whole byte (not only the sampled bit).
   *
   * @return the trace flags
   */
  public TraceFlags traceFlags() {
    return TraceFlags.fromByte((byte) (ttlMillisAndFlags >>> FLAGS_SHIFT));
  }

  /**
   * The W3C {@code tracestate} header value, or an empty string when there was none.
   *
   * @return the tracestate header value, possibly empty
   */
  public String traceState() {
    return Extras.traceState(extras);
  }

  /**
   * The W3C {@code baggage} header value, or an empty string when there was none.
   *
   * @return the baggage header value, possibly empty
   */
  public String baggage() {
    return Extras.baggage(extras);
  }

  /**
   * When the context was parked.
   *
   * @return the park time, to the millisecond
   */
  public Instant parkedAt() {
    return Instant.ofEpochMilli(parkedAtMillis);
  }

  /**
   * How long the context lives after {@link #parkedAt()}.
   *
   * @return the time-to-live
   */
  public Duration ttl() {
    return Duration.ofMillis(ttlMillis());
  }

  /**
   * {@link #parkedAt()} plus {@link #ttl()}.
   *
   * @return the expiry time
   */
  public Instant expiresAt() {
    return Instant.ofEpochMilli(expiresAtMillis());
  }

  /**
   * Whether the context has expired at {@code now}: true from {@link #expiresAt()} on (the
   * context lives for the half-open interval {@code [parkedAt, expiresAt)}).
   *
   * @param now the time to check against
   * @return true when {@code now} is at or after {@link #expiresAt()}
   */
  public boolean isExpired(Instant now) {
    return isExpiredAt(now.toEpochMilli());
  }

  /**
   * The caller's metadata, unmodifiable; empty when there was none. A context built here iterates it
   * in the order it was given, but the order is not part of the value: {@link #equals} ignores it,
   * and a context a store returns may list the same entries in another order.
   *
   * @return the metadata, possibly empty
   */
  public Map<String, String> metadata() {
    return Extras.metadata(extras);
  }

  /**
   * Whether this entry is a tombstone: a context that a callback already consumed, kept for a grace
   * period so that a redelivered callback can still link to it and be recognised as a duplicate.
   *
   * @return true for a tombstone, false for a live entry
   */
  public boolean isConsumed() {
    return Extras.consumedAtMillis(extras) >= 0;
  }

  /**
   * When the entry was consumed, if it is a {@linkplain #isConsumed() tombstone}.
   *
   * @return the consumption time, or empty for a live entry
   */
  public Optional<Instant> consumedAt() {
    return isConsumed() ? Optional.of(Instant.ofEpochMilli(consumedAtMillis())) : Optional.empty();
  }

  /**
   * The parked span's context as a remote {@link SpanContext}, tracestate included, ready to be the
   * target of a link or the parent of a span.
   *
   * @return a remote span context with this entry's ids, flags and tracestate
   */
  public SpanContext toSpanContext() {
    String traceState = traceState();
    TraceState state = traceState.isEmpty() ? TraceState.getDefault() : parseTraceState(traceState);
    return SpanContext.createFromRemoteParent(traceId(), spanId(), traceFlags(), state);
  }

  // ---- For stores: the packed form (ids as longs, times as epoch millis), read without allocating ----

  /**
   * The upper 64 bits of the trace id.
   *
   * @return the trace id's upper 64 bits
   */
  public long traceIdHigh() {
    return traceIdHigh;
  }

  /**
   * The lower 64 bits of the trace id.
   *
   * @return the trace id's lower 64 bits
   */
  public long traceIdLow() {
    return traceIdLow;
  }

  /**
   * The span id's 64 bits.
   *
   * @return the span id as a long, never zero
   */
  public long spanIdAsLong() {
    return spanId;
  }

  /**
   * When the context was parked, in milliseconds since the epoch.
   *
   * @return the park time in epoch milliseconds
   */
  public long parkedAtMillis() {
    return parkedAtMillis;
  }

  /**
   * The time-to-live in milliseconds.
   *
   * @return the time-to-live in milliseconds
   */
  public long ttlMillis() {
    return ttlMillisAndFlags & TTL_MASK;
  }

  /**
   * {@link #parkedAtMillis()} plus {@link #ttlMillis()}, saturated at {@link Long#MAX_VALUE}.
   *
   * @return the expiry time in epoch milliseconds
   */
  public long expiresAtMillis() {
    long expires = parkedAtMillis + ttlMillis();
    return expires < parkedAtMillis ? Long.MAX_VALUE : expires;
  }

  /**
   * {@link #isExpired(Instant)} for a time in epoch milliseconds.
   *
   * @param nowMillis the time to check against, in epoch milliseconds
   * @return true when {@code nowMillis} is at or after {@link #expiresAtMillis()}
   */
  public boolean isExpiredAt(long nowMillis) {
    return nowMillis >= expiresAtMillis();
  }

  /**
   * When the entry was consumed, in epoch millis; -1 when it is not a {@linkplain #isConsumed()
   * tombstone}.
   *
   * @return the consumption time in epoch milliseconds, or -1
   */
  public long consumedAtMillis() {
    return Extras.consumedAtMillis(extras);
  }

  /**
   * An upper estimate of the heap this value keeps, in bytes, for stores that bound their entries'
   * total size: the {@value #OBJECT_BYTES}-byte object itself, plus its tracestate, baggage and
   * metadata values and keys at two bytes per char (a String of Latin-1 text takes one) with each
   * String's own objects (40 bytes) and the holder of the extras. Metadata keys shared between
   * entries with the same key set are not counted. No allocation; linear in the number of metadata
   * entries. The largest value the {@linkplain ParkingLotLimits limits} allow is about 93 KB.
   *
   * @return the estimated heap bytes, at least {@value #OBJECT_BYTES}
   */
  public int estimatedHeapBytes() {
    return OBJECT_BYTES + Extras.estimatedHeapBytes(extras);
  }

  /**
   * Whether there is any metadata; cheaper than {@code metadata().isEmpty()}.
   *
   * @return true when the metadata is not empty
   */
  public boolean hasMetadata() {
    return Extras.hasMetadata(extras);
  }

  /**
   * A tombstone of this context: the same context, marked as consumed at {@link
   * Consumption#consumedAtMillis()}, living until {@link Consumption#tombstoneExpiresAtMillis()}
   * (its ttl is recomputed from the park time, at least 1 ms and at most {@link
   * ParkingLotLimits#MAX_TTL}).
   *
   * @param consumption when the context is consumed and how long its tombstone lives
   * @return the tombstone
   */
  public StoredTraceContext asConsumed(Consumption consumption) {
    long until = consumption.tombstoneExpiresAtMillis();
    long ttl = Math.max(1, Math.min(ParkingLotLimits.MAX_TTL.toMillis(), until - parkedAtMillis));
    return new StoredTraceContext(
        traceIdHigh, traceIdLow, spanId, (byte) (ttlMillisAndFlags >>> FLAGS_SHIFT), parkedAtMillis, ttl,
        Extras.consumed(extras, Math.max(0, consumption.consumedAtMillis())));
  }

  /** Parses a tracestate header through the W3C propagator rather than by hand. */
  private TraceState parseTraceState(String traceState) {
    String traceParent = "00-" + traceId() + "-" + spanId() + "-01";
    Context extracted =
        W3CTraceContextPropagator.getInstance()
            .extract(Context.root(), new String[] {traceParent, traceState}, HeaderPair.INSTANCE);
    return Span.fromContext(extracted).getSpanContext().getTraceState();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof StoredTraceContext)) {
      return false;
    }
    StoredTraceContext that = (StoredTraceContext) other;
    return traceIdHigh == that.traceIdHigh
        && traceIdLow == that.traceIdLow
        && spanId == that.spanId
        && parkedAtMillis == that.parkedAtMillis
        && ttlMillisAndFlags == that.ttlMillisAndFlags
        && traceState().equals(that.traceState())
        && baggage().equals(that.baggage())
        && metadata().equals(that.metadata())
        && consumedAtMillis() == that.consumedAtMillis();
  }

  @Override
  public int hashCode() {
    int hash = Long.hashCode(traceIdHigh);
    hash = 31 * hash + Long.hashCode(traceIdLow);
    hash = 31 * hash + Long.hashCode(spanId);
    hash = 31 * hash + Long.hashCode(parkedAtMillis);
    hash = 31 * hash + Long.hashCode(ttlMillisAndFlags);
    return hash;
  }

  /** Ids, flags, times, tracestate and metadata keys; baggage and metadata values are left out as they may be sensitive. */
  @Override
  public String toString() {
    return "StoredTraceContext{traceId=" + traceId()
        + ", spanId=" + spanId()
        + ", traceFlags=" + traceFlags().asHex()
        + ", parkedAt=" + parkedAt()
        + ", ttl=" + ttl()
        + (traceState().isEmpty() ? "" : ", traceState=" + traceState())
        + (baggage().isEmpty() ? "" : ", baggage=[" + baggage().length() + " chars]")
        + (hasMetadata() ? ", metadataKeys=" + metadata().keySet() : "")
        + (isConsumed() ? ", consumedAt=" + consumedAt().get() : "")
        + '}';
  }

  private enum HeaderPair implements TextMapGetter<String[]> {
    INSTANCE;

    @Override
    public Iterable<String> keys(String[] carrier) {
      return java.util.List.of("traceparent", "tracestate");
    }

    @Override
    public @Nullable String get(String @Nullable [] carrier, String key) {
      if (carrier == null) {
        return null;
      }
      switch (key) {
        case "traceparent":
          return carrier[0];
        case "tracestate":
          return carrier[1];
        default:
          return null;
      }
    }
  }

  /**
   * Builds a {@link StoredTraceContext}. Ids may be given as hex or as longs; times as {@link
   * Instant}/{@link Duration} or as milliseconds. {@link #build()} validates the whole.
   */
  public static final class Builder {
    private @Nullable String traceIdHex;
    private @Nullable String spanIdHex;
    private long traceIdHigh;
    private long traceIdLow;
    private long spanId;
    private boolean idsAsLongs;
    private boolean spanIdAsLong;
    private byte flags;
    private boolean flagsSet;
    private long parkedAtMillis = Long.MIN_VALUE;
    private long ttlMillis = Long.MIN_VALUE;
    private @Nullable Duration ttl;
    private String traceState = "";
    private String baggage = "";
    private Map<String, String> metadata = Map.of();
    private boolean metadataFromStore;
    private long consumedAtMillis = -1;

    private Builder() {}

    /**
     * The trace id: 32 lowercase hex digits, not all zero.
     *
     * @param traceId the trace id in hex
     * @return this builder
     */
    public Builder traceId(String traceId) {
      this.traceIdHex = Objects.requireNonNull(traceId, "traceId must not be null");
      this.idsAsLongs = false;
      return this;
    }

    /**
     * The trace id as its upper and lower 64 bits; not both zero.
     *
     * @param high the trace id's upper 64 bits
     * @param low the trace id's lower 64 bits
     * @return this builder
     */
    public Builder traceId(long high, long low) {
      this.traceIdHigh = high;
      this.traceIdLow = low;
      this.traceIdHex = null;
      this.idsAsLongs = true;
      return this;
    }

    /**
     * The span id: 16 lowercase hex digits, not all zero.
     *
     * @param spanId the span id in hex
     * @return this builder
     */
    public Builder spanId(String spanId) {
      this.spanIdHex = Objects.requireNonNull(spanId, "spanId must not be null");
      this.spanIdAsLong = false;
      return this;
    }

    /**
     * The span id as 64 bits; not zero.
     *
     * @param spanId the span id's 64 bits
     * @return this builder
     */
    public Builder spanId(long spanId) {
      this.spanId = spanId;
      this.spanIdHex = null;
      this.spanIdAsLong = true;
      return this;
    }

    /**
     * The trace flags (the whole byte is kept).
     *
     * @param traceFlags the trace flags
     * @return this builder
     */
    public Builder traceFlags(TraceFlags traceFlags) {
      return traceFlags(Objects.requireNonNull(traceFlags, "traceFlags must not be null").asByte());
    }

    /**
     * The trace flags as a byte.
     *
     * @param traceFlags the trace flags byte
     * @return this builder
     */
    public Builder traceFlags(byte traceFlags) {
      this.flags = traceFlags;
      this.flagsSet = true;
      return this;
    }

    /**
     * The W3C tracestate header value; empty for none. At most {@value
     * ParkingLotLimits#MAX_TRACE_STATE_LENGTH} chars.
     *
     * @param traceState the tracestate header value
     * @return this builder
     */
    public Builder traceState(String traceState) {
      this.traceState = Objects.requireNonNull(traceState, "traceState must not be null");
      return this;
    }

    /**
     * The W3C baggage header value; empty for none. At most {@value
     * ParkingLotLimits#MAX_BAGGAGE_LENGTH} chars.
     *
     * @param baggage the baggage header value
     * @return this builder
     */
    public Builder baggage(String baggage) {
      this.baggage = Objects.requireNonNull(baggage, "baggage must not be null");
      return this;
    }

    /**
     * When the context was parked; kept to the millisecond.
     *
     * @param parkedAt the park time
     * @return this builder
     * @throws IllegalArgumentException if it is too far from the epoch to count in milliseconds
     */
    public Builder parkedAt(Instant parkedAt) {
      Objects.requireNonNull(parkedAt, "parkedAt must not be null");
      try {
        return parkedAtMillis(parkedAt.toEpochMilli());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "parkedAt must be within the range of epoch milliseconds, was " + parkedAt, e);
      }
    }

    /**
     * When the context was parked, in epoch milliseconds; not negative.
     *
     * @param parkedAtMillis the park time in epoch milliseconds
     * @return this builder
     */
    public Builder parkedAtMillis(long parkedAtMillis) {
      this.parkedAtMillis = parkedAtMillis;
      return this;
    }

    /**
     * The time-to-live; see {@link ParkingLotLimits#checkTtl(Duration)}.
     *
     * @param ttl the time-to-live
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl must not be null");
      this.ttlMillis = Long.MIN_VALUE;
      return this;
    }

    /**
     * The time-to-live in milliseconds; see {@link ParkingLotLimits#checkTtl(Duration)}.
     *
     * @param ttlMillis the time-to-live in milliseconds
     * @return this builder
     */
    public Builder ttlMillis(long ttlMillis) {
      this.ttlMillis = ttlMillis;
      this.ttl = null;
      return this;
    }

    /**
     * The caller's metadata, copied; see {@link ParkingLotLimits#checkMetadata(Map)}.
     *
     * @param metadata the metadata
     * @return this builder
     */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = Objects.requireNonNull(metadata, "metadata must not be null");
      this.metadataFromStore = false;
      return this;
    }

    /**
     * Metadata read back from a store, copied: held to the read bounds of {@link
     * ParkingLotLimits#checkReadMetadata(Map)} rather than the write limits, since another writer
     * sharing the store (the original npm module) may have written more entries or longer values
     * than this library writes. For store implementations decoding an entry.
     *
     * @param metadata the metadata as read
     * @return this builder
     */
    public Builder metadataFromStore(Map<String, String> metadata) {
      this.metadata = Objects.requireNonNull(metadata, "metadata must not be null");
      this.metadataFromStore = true;
      return this;
    }

    /**
     * Marks the entry as a {@linkplain StoredTraceContext#isConsumed() tombstone} consumed at this
     * time, in epoch millis; -1 (the default) for a live entry. Stores use it to read tombstones back.
     *
     * @param consumedAtMillis the consumption time in epoch milliseconds, or -1
     * @return this builder
     * @throws IllegalArgumentException if below -1
     */
    public Builder consumedAtMillis(long consumedAtMillis) {
      if (consumedAtMillis < -1) {
        throw new IllegalArgumentException(
            "consumedAtMillis must be -1 (not consumed) or an epoch millisecond, was " + consumedAtMillis);
      }
      this.consumedAtMillis = consumedAtMillis;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the validated context
     * @throws IllegalStateException if the trace id, span id, flags, park time or ttl was not set
     * @throws IllegalArgumentException if a value is invalid; the message names it and the limit
     */
    public StoredTraceContext build() {
      // Kept short so that the JIT inlines it into the caller and the builder never reaches the heap.
      return validated(traceIdHex, spanIdHex, traceIdHigh, traceIdLow, spanId, idsAsLongs, spanIdAsLong, flags,
          flagsSet, parkedAtMillis, ttlMillis, ttl, traceState, baggage, metadata, metadataFromStore,
          consumedAtMillis);
    }

    private static StoredTraceContext validated(
        @Nullable String traceIdHex, @Nullable String spanIdHex, long traceIdHigh, long traceIdLow, long spanId,
        boolean idsAsLongs, boolean spanIdAsLong, byte flags, boolean flagsSet, long parkedAtMillis,
        long ttlMillis, @Nullable Duration ttl, String traceState, String baggage, Map<String, String> metadata,
        boolean metadataFromStore, long consumedAtMillis) {
      long high = traceIdHigh;
      long low = traceIdLow;
      if (!idsAsLongs) {
        if (traceIdHex == null) {
          throw new IllegalStateException("traceId was not set");
        }
        // One pass validates and parses: a char that is not a lowercase hex digit has digit -1,
        // which the OR keeps negative.
        int bad = traceIdHex.length() == 32 ? 0 : -1;
        high = 0;
        low = 0;
        for (int i = 0; bad >= 0 && i < 16; i++) {
          int high4 = HexIds.digit(traceIdHex.charAt(i));
          int low4 = HexIds.digit(traceIdHex.charAt(i + 16));
          bad |= high4 | low4;
          high = (high << 4) | high4;
          low = (low << 4) | low4;
        }
        if (bad < 0) {
          throw new IllegalArgumentException(
              "traceId must be 32 lowercase hex digits, was '" + ParkingLotLimits.printable(traceIdHex) + "'");
        }
      }
      if (high == 0 && low == 0) {
        throw new IllegalArgumentException("traceId must not be all zero (the invalid trace id)");
      }
      long span = spanId;
      if (!spanIdAsLong) {
        if (spanIdHex == null) {
          throw new IllegalStateException("spanId was not set");
        }
        int bad = spanIdHex.length() == 16 ? 0 : -1;
        span = 0;
        for (int i = 0; bad >= 0 && i < 16; i++) {
          int digit = HexIds.digit(spanIdHex.charAt(i));
          bad |= digit;
          span = (span << 4) | digit;
        }
        if (bad < 0) {
          throw new IllegalArgumentException(
              "spanId must be 16 lowercase hex digits, was '" + ParkingLotLimits.printable(spanIdHex) + "'");
        }
      }
      if (span == 0) {
        throw new IllegalArgumentException("spanId must not be all zero (the invalid span id)");
      }
      if (!flagsSet) {
        throw new IllegalStateException("traceFlags was not set");
      }
      if (parkedAtMillis == Long.MIN_VALUE) {
        throw new IllegalStateException("parkedAt was not set");
      }
      if (parkedAtMillis < 0) {
        throw new IllegalArgumentException("parkedAt must not be before the epoch, was " + parkedAtMillis + " ms");
      }
      long ttlMs;
      if (ttl != null) {
        ttlMs = ParkingLotLimits.checkTtl(ttl).toMillis();
      } else if (ttlMillis != Long.MIN_VALUE) {
        if (ttlMillis <= 0 || ttlMillis > ParkingLotLimits.MAX_TTL.toMillis()) {
          throw new IllegalArgumentException(
              "ttl must be between 1 ms and " + ParkingLotLimits.MAX_TTL.toMillis() + " ms, was " + ttlMillis + " ms");
        }
        ttlMs = ttlMillis;
      } else {
        throw new IllegalStateException("ttl was not set");
      }
      if (traceState.length() > ParkingLotLimits.MAX_TRACE_STATE_LENGTH) {
        throw new IllegalArgumentException(
            "traceState has " + traceState.length() + " chars, more than the maximum of "
                + ParkingLotLimits.MAX_TRACE_STATE_LENGTH);
      }
      if (baggage.length() > ParkingLotLimits.MAX_BAGGAGE_LENGTH) {
        throw new IllegalArgumentException(
            "baggage has " + baggage.length() + " chars, more than the maximum of "
                + ParkingLotLimits.MAX_BAGGAGE_LENGTH);
      }
      Object extras = Extras.of(traceState, baggage, metadataFromStore
          ? ParkingLotLimits.checkReadMetadata(metadata)
          : ParkingLotLimits.checkMetadata(metadata));
      if (consumedAtMillis >= 0) {
        extras = Extras.consumed(extras, consumedAtMillis);
      }
      return new StoredTraceContext(high, low, span, flags, parkedAtMillis, ttlMs, extras);
    }
  }
}
