package dev.parkinglot.core;

import dev.parkinglot.spi.TraceContextStore;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/*
 * Design notes.
 *
 * The instruments come from the lot's OpenTelemetry instance (scope dev.parkinglot plus the library
 * version), resolved lazily by LotTelemetry, so an application without a MeterProvider pays for no-op
 * instruments only. Every recording is guarded: a metrics API that throws (even a linkage error from
 * an older API) is logged once and never reaches the caller. Every
 * attribute set is built once: per lot for parks, retrieve() and store operations, per wrapped
 * callback for its claims and waits. The hot path only picks one and records; the one exception is
 * a failed store operation, whose error.type is the exception's class.
 *
 * Cardinality is bounded by construction: the attributes are the store's name, the callback's span
 * name (set by the application when it wraps the handler), a fixed outcome or operation, and an
 * exception class. The correlation key and the metadata never become metric attributes.
 *
 * Package-private: not public API. The names are documented in the README.
 */
final class LotMetrics {
  static final String WAIT_DURATION = "parking_lot.wait.duration";
  static final String PARKS = "parking_lot.parks";
  static final String CLAIMS = "parking_lot.claims";
  static final String STORE_OPERATION_DURATION = "parking_lot.store.operation.duration";

  static final AttributeKey<String> STORE = AttributeKey.stringKey("parking_lot.store");
  static final AttributeKey<String> CALLBACK = AttributeKey.stringKey("parking_lot.callback.name");
  static final AttributeKey<String> PARK_OUTCOME = AttributeKey.stringKey("parking_lot.park.outcome");
  static final AttributeKey<String> CLAIM_OUTCOME = AttributeKey.stringKey("parking_lot.claim.outcome");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("parking_lot.store.operation");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** Seconds from one second to seven days: webhooks arrive after seconds, approvals after days. */
  static final List<Double> WAIT_BUCKETS = List.of(
      1d, 2d, 5d, 10d, 30d, 60d, 120d, 300d, 600d, 1_800d, 3_600d, 7_200d, 21_600d, 43_200d,
      86_400d, 172_800d, 345_600d, 604_800d);

  /** Seconds from 100 µs (an in-memory store) to 10 s (a remote store timing out). */
  static final List<Double> STORE_BUCKETS = List.of(
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1d, 2.5, 5d, 10d);

  /** What a park did. */
  enum ParkOutcome {
    STORED, SKIPPED, FAILED;

    final String value = name().toLowerCase(Locale.ROOT);
  }

  /** What one claim of a parked context found. */
  enum ClaimOutcome {
    /** A live context: the first claim of it (or any claim in keep-until-expiry). */
    HIT,
    /** Nothing under the key, as far as the store says (never parked, expired, deleted). */
    MISS,
    /** The store returned an entry that the lot's clock says has expired; treated as a miss. */
    EXPIRED,
    /** A tombstone: an earlier claim consumed the context; this is a redelivery. */
    DUPLICATE,
    /** The store failed or held a corrupt entry. */
    STORE_ERROR;

    final String value = name().toLowerCase(Locale.ROOT);
  }

  /** A store operation, timed by {@link MeteredStore}. */
  enum Operation {
    SAVE, LOAD, TAKE, CLAIM, DELETE, EXISTS;

    final String value = name().toLowerCase(Locale.ROOT);
  }

  private final String storeName;
  private final LotTelemetry.Source telemetry;
  private final Attributes[] parkAttributes;
  private final Attributes[] operationAttributes;
  /** The claims of {@link dev.parkinglot.ParkingLot#retrieve(String)}, which has no callback name. */
  final ClaimRecorder retrieveClaims;

  LotMetrics(OpenTelemetry openTelemetry, String storeName) {
    this(LotTelemetry.Source.of(openTelemetry), storeName);
  }

  LotMetrics(LotTelemetry.Source telemetry, String storeName) {
    this.storeName = storeName;
    this.telemetry = telemetry;
    ParkOutcome[] parkOutcomes = ParkOutcome.values();
    this.parkAttributes = new Attributes[parkOutcomes.length];
    for (ParkOutcome outcome : parkOutcomes) {
      parkAttributes[outcome.ordinal()] = Attributes.of(STORE, storeName, PARK_OUTCOME, outcome.value);
    }
    Operation[] operations = Operation.values();
    this.operationAttributes = new Attributes[operations.length];
    for (Operation operation : operations) {
      operationAttributes[operation.ordinal()] = Attributes.of(STORE, storeName, OPERATION, operation.value);
    }
    this.retrieveClaims = new ClaimRecorder(null);
  }

  /** The lot's tracer and instruments as of now (see {@link LotTelemetry}). */
  LotTelemetry telemetry() {
    return telemetry.current();
  }

  /** The store's short name, as {@link TraceContextStore#name()} gives it, or {@code custom}. */
  static String storeName(TraceContextStore store) {
    String name;
    try {
      name = store.name();
    } catch (RuntimeException e) {
      return "custom";
    }
    return name == null || name.isBlank() ? "custom" : name;
  }

  void parked(ParkOutcome outcome) {
    try {
      telemetry.current().parks.add(1, parkAttributes[outcome.ordinal()]);
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.metricsFailed("counting a park", e);
    }
  }

  /** The claim and wait recorders of one wrapped callback, its span name an attribute. */
  ClaimRecorder forCallback(String spanName) {
    return new ClaimRecorder(spanName);
  }

  /** What {@link #operationStarted()} returns while the histogram is disabled: nothing to time. */
  private static final long NOT_TIMED = Long.MIN_VALUE;

  /**
   * The start of a store operation: {@code System.nanoTime()}, or a marker that it is not timed
   * while the histogram records nothing (no MeterProvider, or a view that drops it), so that such
   * a lot never reads the clock. Asked on every call, as the API recommends for {@code isEnabled}
   * (on an API without it, whether the meter provider is a real one; see {@link LotTelemetry}).
   */
  long operationStarted() {
    try {
      return telemetry.current().timeStoreOperation() ? System.nanoTime() : NOT_TIMED;
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.metricsFailed("asking whether store operations are timed", e);
      return NOT_TIMED;
    }
  }

  /** Records a store operation begun at {@code start} ({@link #operationStarted()}) that succeeded. */
  void operationEnded(Operation operation, long start) {
    if (start != NOT_TIMED) {
      record((System.nanoTime() - start) / 1e9, operationAttributes[operation.ordinal()]);
    }
  }

  /** Records a store operation begun at {@code start} that threw {@code error}. */
  void operationFailed(Operation operation, long start, Throwable error) {
    if (start != NOT_TIMED) {
      record((System.nanoTime() - start) / 1e9,
          operationAttributes[operation.ordinal()].toBuilder().put(ERROR_TYPE, error.getClass().getName()).build());
    }
  }

  private void record(double seconds, Attributes attributes) {
    try {
      telemetry.current().storeOperationDuration.record(seconds, attributes);
    } catch (RuntimeException | LinkageError e) {
      LotTelemetry.metricsFailed("timing a store operation", e);
    }
  }

  /** A store whose every operation is timed into {@value #STORE_OPERATION_DURATION}. */
  TraceContextStore instrument(TraceContextStore store) {
    return new MeteredStore(store, this);
  }

  /** Claim outcomes and waits, with the attributes of one callback (or of retrieve()) built once. */
  final class ClaimRecorder {
    private final Attributes[] byOutcome;
    private final Attributes waitAttributes;

    private ClaimRecorder(@Nullable String callbackName) {
      ClaimOutcome[] outcomes = ClaimOutcome.values();
      this.byOutcome = new Attributes[outcomes.length];
      for (ClaimOutcome outcome : outcomes) {
        byOutcome[outcome.ordinal()] = callbackName == null
            ? Attributes.of(STORE, storeName, CLAIM_OUTCOME, outcome.value)
            : Attributes.of(STORE, storeName, CALLBACK, callbackName, CLAIM_OUTCOME, outcome.value);
      }
      this.waitAttributes = callbackName == null
          ? Attributes.of(STORE, storeName)
          : Attributes.of(STORE, storeName, CALLBACK, callbackName);
    }

    void claimed(ClaimOutcome outcome) {
      try {
        telemetry.current().claims.add(1, byOutcome[outcome.ordinal()]);
      } catch (RuntimeException | LinkageError e) {
        LotTelemetry.metricsFailed("counting a claim", e);
      }
    }

    /** Records the wait of a hit, in milliseconds (never negative). */
    void waited(long millis) {
      try {
        telemetry.current().waitDuration.record(millis / 1000d, waitAttributes);
      } catch (RuntimeException | LinkageError e) {
        LotTelemetry.metricsFailed("recording a wait", e);
      }
    }
  }
}
