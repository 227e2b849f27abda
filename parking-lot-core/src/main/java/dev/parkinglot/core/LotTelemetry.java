package dev.parkinglot.core;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/*
 * Design notes.
 *
 * Versions. The library runs on every opentelemetry-api from the floor in the README's
 * compatibility table (1.43.0) to the newest, and compiles against the floor too. Two newer API
 * members are used only where present, each looked up once as a method handle when this class
 * loads, never per call:
 *   - DoubleHistogram.isEnabled() (1.61.0): asked before timing a store operation, so that a lot
 *     whose histogram records nothing does not read the clock. Without it, store operations are
 *     timed unless the meter provider is the no-op one.
 *   - GlobalOpenTelemetry.isSet() (after 1.55.0): lets a lot built before the application registers
 *     its SDK wait for it without locking the global to a no-op. Without it, the global is resolved
 *     with get() at the lot's first use (never when the lot is built).
 *
 * Laziness. A lot given no OpenTelemetry resolves the global one at first use, not when it is
 * built: GlobalOpenTelemetry.get() on an unset global installs a no-op for good and makes the
 * application's later buildAndRegisterGlobal() throw. While the global is not set (where isSet()
 * exists) each use gets the no-op handles without caching them, so the lot starts recording as soon
 * as the application registers its SDK. Once resolved, the handles are cached in a volatile field.
 *
 * Fail-open. Nothing the tracing or metrics API throws may reach the business operation: callers
 * guard each use and report it here; the first failure of each kind is logged with its stack
 * trace, later ones at DEBUG.
 *
 * Package-private: not public API.
 */

/** The tracer and instruments of one lot, from its OpenTelemetry instance, resolved when first needed. */
final class LotTelemetry {
  private static final System.Logger LOGGER = DefaultParkingLot.LOGGER;

  /**
   * DoubleHistogram.isEnabled() where the API has it (1.61.0 and later), else null. A constant
   * method handle: the JIT inlines the call as a direct one, and the code compiles and links against
   * every API version from the floor up.
   */
  private static final @Nullable MethodHandle HISTOGRAM_IS_ENABLED =
      findVirtual(DoubleHistogram.class, "isEnabled", MethodType.methodType(boolean.class));
  /** Whether {@link #HISTOGRAM_IS_ENABLED} was found. */
  static final boolean HISTOGRAM_HAS_IS_ENABLED = HISTOGRAM_IS_ENABLED != null;
  /** GlobalOpenTelemetry.isSet() where the API has it; null on older APIs. */
  private static final @Nullable MethodHandle GLOBAL_IS_SET = globalIsSet();

  final Tracer tracer;
  final LongCounter parks;
  final LongCounter claims;
  final LongCounter ticketVerifications;
  final DoubleHistogram waitDuration;
  final DoubleHistogram storeOperationDuration;
  /** On an API without isEnabled(): whether store operations are timed (a real meter provider). */
  final boolean timeStoreOperations;
  /** Whether these handles come from a no-op OpenTelemetry (nothing is recorded). */
  final boolean noop;

  private LotTelemetry(OpenTelemetry openTelemetry) {
    this.tracer = ParkingLots.tracer(openTelemetry);
    Meter meter = openTelemetry.meterBuilder(ParkingLots.INSTRUMENTATION_NAME)
        .setInstrumentationVersion(ParkingLots.VERSION)
        .build();
    this.waitDuration = meter.histogramBuilder(LotMetrics.WAIT_DURATION)
        .setUnit("s")
        .setDescription("Time a parked context waited, from its park to the first callback that claimed it.")
        .setExplicitBucketBoundariesAdvice(LotMetrics.WAIT_BUCKETS)
        .build();
    this.parks = meter.counterBuilder(LotMetrics.PARKS)
        .setUnit("{park}")
        .setDescription("Parks of a trace context, by outcome.")
        .build();
    this.claims = meter.counterBuilder(LotMetrics.CLAIMS)
        .setUnit("{claim}")
        .setDescription("Lookups of a parked context by a callback or retrieve(), by outcome.")
        .build();
    this.storeOperationDuration = meter.histogramBuilder(LotMetrics.STORE_OPERATION_DURATION)
        .setUnit("s")
        .setDescription("Duration of the parking lot's store operations.")
        .setExplicitBucketBoundariesAdvice(LotMetrics.STORE_BUCKETS)
        .build();
    this.ticketVerifications = meter.counterBuilder(ParkingLotAttributes.TICKET_VERIFICATIONS)
        .setDescription("Signed tickets verified in callbacks, by outcome")
        .setUnit("{verification}")
        .build();
    boolean noopMeters = openTelemetry.getMeterProvider() == MeterProvider.noop();
    this.timeStoreOperations = !noopMeters;
    this.noop = noopMeters && openTelemetry.getTracerProvider() == TracerProvider.noop();
  }

  /**
   * Whether a store operation should be timed now: asks the histogram where the API can
   * ({@code isEnabled()}, asked on every call as the API recommends), else whether the meter
   * provider is a real one.
   */
  boolean timeStoreOperation() {
    MethodHandle isEnabled = HISTOGRAM_IS_ENABLED;
    if (isEnabled == null) {
      return timeStoreOperations;
    }
    try {
      return (boolean) isEnabled.invokeExact(storeOperationDuration);
    } catch (Throwable e) {
      LotTelemetry.metricsFailed("asking whether store operations are timed", e);
      return timeStoreOperations;
    }
  }

  /** Handles on the no-op OpenTelemetry: what a lot uses while the global one is not set. */
  private static final LotTelemetry NOOP = new LotTelemetry(OpenTelemetry.noop());

  /** Where a lot's handles come from: an instance it was given, or the global one, lazily. */
  static final class Source {
    private final @Nullable OpenTelemetry explicit;
    private volatile @Nullable LotTelemetry resolved;
    private final AtomicBoolean waitingLogged = new AtomicBoolean();

    private Source(@Nullable OpenTelemetry explicit) {
      this.explicit = explicit;
    }

    /** The lot was given this instance; its handles are made now and never change. */
    static Source of(OpenTelemetry openTelemetry) {
      Source source = new Source(openTelemetry);
      source.resolved = resolve(openTelemetry, "the OpenTelemetry instance given to the lot");
      return source;
    }

    /** The global instance, resolved at first use. */
    static Source global() {
      return new Source(null);
    }

    /** The handles to use now. */
    LotTelemetry current() {
      LotTelemetry current = resolved;
      return current != null ? current : resolveGlobal();
    }

    private synchronized LotTelemetry resolveGlobal() {
      LotTelemetry current = resolved;
      if (current != null) {
        return current;
      }
      if (!globalMayBeResolved()) {
        if (waitingLogged.compareAndSet(false, true)) {
          LOGGER.log(Level.INFO, "parking lot: GlobalOpenTelemetry is not set yet, so the lot records"
              + " no spans or metrics until the application registers its SDK; pass your instance with"
              + " ParkingLotBuilder.openTelemetry(...) unless the OpenTelemetry Java agent sets the global");
        }
        return NOOP;
      }
      current = resolve(GlobalOpenTelemetry.get(), "GlobalOpenTelemetry");
      resolved = current;
      return current;
    }

    @Override
    public String toString() {
      return explicit != null ? "given" : resolved != null ? "global" : "global (not set yet)";
    }
  }

  private static LotTelemetry resolve(OpenTelemetry openTelemetry, String what) {
    LotTelemetry telemetry = new LotTelemetry(openTelemetry);
    if (telemetry.noop) {
      LOGGER.log(Level.WARNING, "parking lot: " + what + " is a no-op, so callback spans, their links"
          + " and the lot's metrics are not recorded. Pass the application's OpenTelemetry with"
          + " ParkingLotBuilder.openTelemetry(...) (Spring Boot's or your own SDK), or run under the"
          + " OpenTelemetry Java agent, which sets the global one.");
    }
    return telemetry;
  }

  /**
   * Whether calling {@code GlobalOpenTelemetry.get()} now is safe: it is set (on APIs that can
   * tell), or global autoconfiguration is on (get() then builds the SDK), or the API cannot tell.
   */
  private static boolean globalMayBeResolved() {
    MethodHandle isSet = GLOBAL_IS_SET;
    if (isSet == null || globalAutoconfigure()) {
      return true;
    }
    try {
      return (boolean) isSet.invokeExact();
    } catch (Throwable e) {
      return true;
    }
  }

  private static boolean globalAutoconfigure() {
    String property = System.getProperty("otel.java.global-autoconfigure.enabled");
    if (property == null) {
      property = System.getenv("OTEL_JAVA_GLOBAL_AUTOCONFIGURE_ENABLED");
    }
    return property != null && property.trim().toLowerCase(Locale.ROOT).equals("true");
  }

  private static @Nullable MethodHandle findVirtual(Class<?> type, String name, MethodType methodType) {
    try {
      return MethodHandles.publicLookup().findVirtual(type, name, methodType);
    } catch (NoSuchMethodException | IllegalAccessException | LinkageError | SecurityException e) {
      return null;
    }
  }

  private static @Nullable MethodHandle globalIsSet() {
    try {
      return MethodHandles.publicLookup()
          .findStatic(GlobalOpenTelemetry.class, "isSet", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException | LinkageError | SecurityException e) {
      return null;
    }
  }

  /** The first failure of the tracing or metrics API of each kind: logged with its stack trace. */
  private static final AtomicBoolean TRACING_FAILURE_LOGGED = new AtomicBoolean();
  private static final AtomicBoolean METRICS_FAILURE_LOGGED = new AtomicBoolean();

  /**
   * Reports that the tracing API threw while the lot used it; the business operation goes on.
   * The first such failure in this JVM is logged at WARNING with its stack trace, later ones at
   * DEBUG.
   */
  static void tracingFailed(String doing, Throwable e) {
    apiFailed(TRACING_FAILURE_LOGGED, "tracing", doing, e);
  }

  /** As {@link #tracingFailed}, for the metrics API. */
  static void metricsFailed(String doing, Throwable e) {
    apiFailed(METRICS_FAILURE_LOGGED, "metrics", doing, e);
  }

  private static void apiFailed(AtomicBoolean logged, String api, String doing, Throwable e) {
    String message = "parking lot: the OpenTelemetry " + api + " API failed while " + doing
        + "; continuing without it (fail-open). Is the opentelemetry-api on the class path older than"
        + " the floor in the README's compatibility table? " + e;
    if (logged.compareAndSet(false, true)) {
      LOGGER.log(Level.WARNING, message, e);
    } else {
      LOGGER.log(Level.DEBUG, message);
    }
  }
}
