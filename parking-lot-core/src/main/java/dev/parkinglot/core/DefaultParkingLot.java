package dev.parkinglot.core;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.MetadataAttributes;
import dev.parkinglot.ParkOptions;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkedLink;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.ParkingLotException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.RetrievalMode;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.LotMetrics.ClaimOutcome;
import dev.parkinglot.core.LotMetrics.ParkOutcome;
import dev.parkinglot.internal.HexIds;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/*
 * Design notes.
 *
 * Hot paths (park, retrieve, a callback hit) build the store key once per call, read time as
 * clock.millis(), use constant AttributeKeys, and skip the W3C propagators when tracestate or
 * baggage are empty; nothing on them allocates Instants, Durations, streams or lambdas.
 *
 * Bad input (key, ttl, metadata) always throws, before anything touches the store. Store errors
 * are the store's business: by default they are recorded on the current span, logged, and turned
 * into a miss or a FAILED result (fail-open); with propagateStoreErrors they are thrown as
 * ParkingLotExceptions, a backend RuntimeException wrapped in StoreUnavailableException.
 *
 * Duplicate detection (tombstones left by consuming claims) lives in Claims.
 *
 * Metrics: the store is wrapped in a MeteredStore, so every store call is timed; parks and claims
 * are counted here and in CallbackInvocation with attribute sets built in advance (LotMetrics).
 *
 * Callbacks live in CallbackInvocation; this class holds the lot's settings and the simple
 * operations. Package-private: not public API; create lots with ParkingLots.
 */
final class DefaultParkingLot implements ParkingLot {
  static final System.Logger LOGGER = System.getLogger(ParkingLot.class.getName());

  final TraceContextStore store;
  /** The lot's key prefix, checked once; it makes the store key of every operation. */
  final StoreKey.Prefix keys;
  final RetrievalMode retrievalMode;
  final Clock clock;
  final boolean propagateStoreErrors;
  final MetadataAttributes metadataAttributes;
  final LotMetrics metrics;
  /** How claims consume entries: take, or claim with a tombstone. */
  final Claims claims;
  private final boolean ownsStore;
  private final long defaultTtlMillis;
  /** The default ttl boxed once, for the parked event's attribute. */
  private final Long defaultTtlBoxed;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Signed tickets; null when the lot has no ticket keys. */
  final @Nullable Tickets tickets;
  /** What callbacks read of this lot. */
  final CallbackSettings callbackSettings;
  /** The log of failures the lot continues without: the first of each cause in full, then summaries. */
  final FailureLog failures;

  DefaultParkingLot(
      TraceContextStore store, boolean ownsStore, long defaultTtlMillis, String keyPrefix,
      RetrievalMode retrievalMode, @Nullable MissListener missListener, Clock clock,
      boolean propagateStoreErrors, MetadataAttributes metadataAttributes, LotMetrics metrics,
      Duration duplicateGrace, @Nullable Tickets tickets) {
    this.store = metrics.instrument(store);
    this.metrics = metrics;
    this.claims = new Claims(this.store, clock, duplicateGrace);
    this.ownsStore = ownsStore;
    this.defaultTtlMillis = defaultTtlMillis;
    this.defaultTtlBoxed = defaultTtlMillis;
    this.keys = StoreKey.prefix(keyPrefix);
    this.retrievalMode = retrievalMode;
    this.clock = clock;
    this.propagateStoreErrors = propagateStoreErrors;
    this.metadataAttributes = metadataAttributes;
    this.tickets = tickets;
    this.failures = new FailureLog(clock);
    this.callbackSettings = new CallbackSettings(keys, clock, claims, metrics, metadataAttributes,
        propagateStoreErrors, retrievalMode, tickets, missListener, failures);
  }

  @Override
  public Optional<String> ticket(ParkOptions options) {
    Objects.requireNonNull(options, "options must not be null");
    if (tickets == null) {
      throw new IllegalStateException(NO_TICKET_KEYS);
    }
    return tickets.issue(options, defaultTtlMillis);
  }

  static final String NO_TICKET_KEYS =
      "this parking lot has no ticket keys: set ParkingLotBuilder.ticketKeys(TicketKeys) or "
      + TicketKeys.KEYS + " (environment variable PARKINGLOT_TICKETS_KEYS)";

  @Override
  public ParkResult park(String correlationKey) {
    return park(correlationKey, defaultTtlMillis, Map.of(), null, null);
  }

  @Override
  public ParkResult park(String correlationKey, Map<String, String> metadata) {
    return park(correlationKey, defaultTtlMillis, ParkingLotLimits.checkMetadata(metadata), null, null);
  }

  @Override
  public ParkResult park(String correlationKey, ParkOptions options) {
    Objects.requireNonNull(options, "options must not be null");
    long ttlMillis = options.ttl().isPresent() ? options.ttl().get().toMillis() : defaultTtlMillis;
    return park(correlationKey, ttlMillis, options.metadata(), options.spanContext().orElse(null),
        options.context().orElse(null));
  }

  private ParkResult park(
      String correlationKey, long ttlMillis, Map<String, String> metadata,
      @Nullable SpanContext explicitSpanContext, @Nullable Context explicitContext) {
    StoreKey key = keys.key(correlationKey);
    Context context = explicitContext != null ? explicitContext : Context.current();
    Span span = Span.fromContext(context);
    SpanContext spanContext = explicitSpanContext != null ? explicitSpanContext : span.getSpanContext();
    if (!spanContext.isValid()) {
      metrics.parked(ParkOutcome.SKIPPED);
      return ParkResult.skippedNoValidContext(correlationKey);
    }
    String traceState = W3CHeaders.traceState(spanContext);
    boolean traceStateDropped = traceState.length() > ParkingLotLimits.MAX_TRACE_STATE_LENGTH;
    if (traceStateDropped) {
      traceState = "";
    }
    Baggage baggage = Baggage.fromContext(context);
    String baggageHeader = "";
    boolean baggageDropped = false;
    if (!baggage.isEmpty()) {
      baggageHeader = W3CHeaders.baggage(baggage);
      baggageDropped = W3CHeaders.tooLong(baggage, baggageHeader, ParkingLotLimits.MAX_BAGGAGE_LENGTH);
      if (baggageDropped) {
        baggageHeader = "";
      }
    }
    String traceId = spanContext.getTraceId();
    // A fresh builder, not a reused one: escape analysis removes it, while a long-lived builder
    // pays a GC write barrier for every reference stored into it.
    StoredTraceContext stored = StoredTraceContext.builder()
        .traceId(HexIds.parse(traceId, 0), HexIds.parse(traceId, 16))
        .spanId(HexIds.parse(spanContext.getSpanId(), 0))
        .traceFlags(spanContext.getTraceFlags().asByte())
        .parkedAtMillis(clock.millis())
        .ttlMillis(ttlMillis)
        .metadata(metadata)
        .traceState(traceState)
        .baggage(baggageHeader)
        .build();
    try {
      store.save(key, stored);
    } catch (RuntimeException e) {
      metrics.parked(ParkOutcome.FAILED);
      storeFailed(span, correlationKey, "park", e);
      return ParkResult.failed(correlationKey, e);
    }
    metrics.parked(ParkOutcome.STORED);
    try {
      if (isRecording(span)) {
        span.addEvent(ParkingLotAttributes.EVENT_PARKED,
            parkedEventAttributes(correlationKey, ttlMillis, metadata, traceStateDropped, baggageDropped));
      }
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.tracingFailed("adding the parked event", e);
    }
    if (baggageDropped || traceStateDropped) {
      LOGGER.log(Level.DEBUG, "parked ''{0}'' without its {1}: longer than the limit", correlationKey,
          baggageDropped ? "baggage" : "tracestate");
    }
    return ParkResult.parked(correlationKey, stored);
  }

  /**
   * Whether events added to {@code span} are kept. A sampled span is taken as recording without
   * asking: the SDK's {@code isRecording} takes the span's lock, and an event added to a sampled
   * span that has ended, or to a remote one, is dropped by the span at no harm.
   */
  static boolean isRecording(Span span) {
    return span.getSpanContext().isSampled() || span.isRecording();
  }

  private Attributes parkedEventAttributes(
      String correlationKey, long ttlMillis, Map<String, String> metadata, boolean traceStateDropped,
      boolean baggageDropped) {
    boolean withMetadata = !metadata.isEmpty() && !metadataAttributes.isNone();
    if (!withMetadata && !traceStateDropped && !baggageDropped) {
      Long ttl = ttlMillis == defaultTtlMillis ? defaultTtlBoxed : Long.valueOf(ttlMillis);
      return Attributes.of(ParkingLotAttributes.CORRELATION_KEY, ParkingLotLimits.printable(correlationKey),
          ParkingLotAttributes.TTL_MS, ttl);
    }
    AttributesBuilder attributes = Attributes.builder()
        .put(ParkingLotAttributes.CORRELATION_KEY, ParkingLotLimits.printable(correlationKey))
        .put(ParkingLotAttributes.TTL_MS, ttlMillis);
    if (withMetadata) {
      putMetadata(attributes, metadata);
    }
    if (traceStateDropped) {
      attributes.put(ParkingLotAttributes.TRACE_STATE_DROPPED, true);
    }
    if (baggageDropped) {
      attributes.put(ParkingLotAttributes.BAGGAGE_DROPPED, true);
    }
    return attributes.build();
  }

  void putMetadata(AttributesBuilder attributes, Map<String, String> metadata) {
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      if (metadataAttributes.includes(entry.getKey())) {
        attributes.put(ParkingLotAttributes.metadata(entry.getKey()), entry.getValue());
      }
    }
  }

  @Override
  public Optional<StoredTraceContext> retrieve(String correlationKey) {
    StoreKey key = keys.readKey(correlationKey);
    RetrievalMode mode = retrievalMode == RetrievalMode.KEEP_UNTIL_EXPIRY
        ? RetrievalMode.KEEP_UNTIL_EXPIRY
        : RetrievalMode.CONSUME_ON_CLAIM;
    long now = clock.millis();
    StoredTraceContext found;
    try {
      found = claims.claimEntry(key, mode, now);
    } catch (RuntimeException e) {
      metrics.retrieveClaims.claimed(ClaimOutcome.STORE_ERROR);
      notifyMiss(correlationKey, MissListener.Reason.STORE_ERROR);
      storeFailed(Span.current(), correlationKey, "retrieve", e);
      return Optional.empty();
    }
    ClaimOutcome outcome = Claims.outcomeOf(found, now);
    metrics.retrieveClaims.claimed(outcome);
    if (outcome == ClaimOutcome.HIT) {
      metrics.retrieveClaims.waited(Math.max(0, now - found.parkedAtMillis()));
      return Optional.of(found);
    }
    if (outcome != ClaimOutcome.DUPLICATE) {
      notifyMiss(correlationKey, MissListener.Reason.NOT_FOUND);
    }
    return Optional.empty();
  }

  @Override
  public Optional<StoredTraceContext> peek(String correlationKey) {
    StoreKey key = keys.readKey(correlationKey);
    try {
      Optional<StoredTraceContext> found = store.load(key);
      return found.isPresent() && found.get().isConsumed() ? Optional.empty() : found;
    } catch (RuntimeException e) {
      storeFailed(Span.current(), correlationKey, "peek", e);
      return Optional.empty();
    }
  }

  @Override
  public boolean exists(String correlationKey) {
    StoreKey key = keys.readKey(correlationKey);
    try {
      // A load, not the store's exists: a tombstone is an entry in the store but not a live context.
      Optional<StoredTraceContext> found = store.load(key);
      return found.isPresent() && !found.get().isConsumed();
    } catch (RuntimeException e) {
      storeFailed(Span.current(), correlationKey, "exists", e);
      return false;
    }
  }

  @Override
  public void delete(String correlationKey) {
    StoreKey key = keys.readKey(correlationKey);
    try {
      store.delete(key);
    } catch (RuntimeException e) {
      storeFailed(Span.current(), correlationKey, "delete", e);
    }
  }

  @Override
  public ParkedLink createLink(StoredTraceContext stored) {
    Objects.requireNonNull(stored, "stored must not be null");
    return new ParkedLink(stored.toSpanContext(), linkAttributes(stored));
  }

  static Attributes linkAttributes(StoredTraceContext stored) {
    if (stored.hasMetadata()) {
      return Attributes.of(
          ParkingLotAttributes.LINK_TYPE, ParkingLotAttributes.LINK_TYPE_VALUE,
          ParkingLotAttributes.LEGACY_LINK_TYPE, ParkingLotAttributes.LINK_TYPE_VALUE,
          ParkingLotAttributes.PARKED_AT, stored.parkedAtMillis(),
          ParkingLotAttributes.HAS_METADATA, true);
    }
    return Attributes.of(
        ParkingLotAttributes.LINK_TYPE, ParkingLotAttributes.LINK_TYPE_VALUE,
        ParkingLotAttributes.LEGACY_LINK_TYPE, ParkingLotAttributes.LINK_TYPE_VALUE,
        ParkingLotAttributes.PARKED_AT, stored.parkedAtMillis());
  }

  @Override
  public <T, R> Function<T, R> traceCallback(
      CallbackConfig<T> config, BiFunction<CallbackContext, T, R> handler) {
    Objects.requireNonNull(handler, "handler must not be null");
    CallbackTemplate<T> template = new CallbackTemplate<>(this, config);
    return event -> CallbackInvocation.run(template, handler, event);
  }

  @Override
  public <T, R> Function<T, CompletionStage<R>> traceAsyncCallback(
      CallbackConfig<T> config, BiFunction<CallbackContext, T, ? extends CompletionStage<R>> handler) {
    Objects.requireNonNull(handler, "handler must not be null");
    CallbackTemplate<T> template = new CallbackTemplate<>(this, config);
    return event -> CallbackInvocation.runAsync(template, handler, event);
  }

  /** Tells the miss listener, if any; a listener that throws is logged, never propagated. */
  void notifyMiss(String correlationKey, MissListener.Reason reason) {
    callbackSettings.notifyMiss(correlationKey, reason);
  }

  /**
   * Handles a store failure of {@code operation}: throws it when propagating, otherwise records it
   * on {@code span} (exception event plus {@code parking_lot.store_error=true}) and logs it.
   */
  void storeFailed(Span span, String correlationKey, String operation, RuntimeException e) {
    if (propagateStoreErrors) {
      throw asParkingLotException(correlationKey, operation, e);
    }
    recordStoreFailure(span, correlationKey, operation, e, failures);
  }

  static void recordStoreFailure(
      Span span, String correlationKey, String operation, RuntimeException e, FailureLog failures) {
    try {
      span.recordException(
          e, Attributes.of(ParkingLotAttributes.CORRELATION_KEY, ParkingLotLimits.printable(correlationKey)));
      span.setAttribute(ParkingLotAttributes.STORE_ERROR, true);
    } catch (RuntimeException | LinkageError failure) {
      LotTelemetry.tracingFailed("recording a store failure on the span", failure);
    }
    failures.failed(failureKind(e),
        "parking lot " + operation + " for key '" + ParkingLotLimits.printable(correlationKey)
            + "' failed in the store" + removalNote(e) + "; continuing without it (fail-open)", e);
  }

  /** The failure log's kind of {@code e}: {@code store}, or {@code corrupt entry removal}. */
  static String failureKind(Throwable e) {
    // A removal is a cause of its own in the rate-limited log, so that the first one is logged in
    // full even when failures to read the same kind of entry (a peek, an exists) came before.
    return removalNote(e).isEmpty() ? "store" : "corrupt entry removal";
  }

  /**
   * {@code " (a corrupt entry, which the store removed)"} for a corrupt entry that the failed
   * operation removed from the store (another writer sharing it loses it too: the log must say so),
   * else empty.
   */
  static String removalNote(Throwable e) {
    return e instanceof CorruptEntryException && ((CorruptEntryException) e).removed()
        ? " (a corrupt entry, which the store removed)" : "";
  }

  static ParkingLotException asParkingLotException(
      String correlationKey, String operation, RuntimeException e) {
    if (e instanceof ParkingLotException) {
      return (ParkingLotException) e;
    }
    return new StoreUnavailableException(
        "parking lot " + operation + " for key '" + ParkingLotLimits.printable(correlationKey)
            + "' failed in the store: " + e, e);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true) || !ownsStore) {
      return;
    }
    try {
      store.close();
    } catch (RuntimeException e) {
      LOGGER.log(Level.WARNING, "closing the parking lot's store " + store + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "ParkingLot{store=" + store + (ownsStore ? " (owned)" : "") + ", keyPrefix='" + keys
        + "', defaultTtlMillis=" + defaultTtlMillis + ", retrievalMode=" + retrievalMode
        + ", propagateStoreErrors=" + propagateStoreErrors + ", metadataAttributes=" + metadataAttributes
        + ", duplicateGrace=" + claims.graceText()
        + (tickets == null ? "" : ", " + tickets) + '}';
  }
}
