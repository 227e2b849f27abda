package dev.parkinglot.core;

import dev.parkinglot.MetadataAttributes;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.ParkingLotException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.RetrievalMode;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ParkingLot}. Set a store, either directly with {@link #store(TraceContextStore)}
 * or through configuration with {@link #config(StoreConfig)} (or only {@link #ticketKeys(TicketKeys)}
 * for a lot that issues and verifies signed tickets and stores nothing); everything else has a default.
 *
 * <pre>{@code
 * ParkingLot lot = ParkingLots.builder()
 *     .store(MemoryTraceContextStore.create())
 *     .defaultTtl(Duration.ofHours(2))
 *     .retrievalMode(RetrievalMode.CONSUME_ON_SUCCESS)
 *     .build();
 * }</pre>
 *
 * <p><b>Precedence.</b> A value set with an explicit setter always wins over the same setting read
 * from {@link #config(StoreConfig)}, whichever was called first; configuration fills only what was
 * not set explicitly, and defaults fill the rest. An explicit {@link #store(TraceContextStore)}
 * likewise wins over the store named in configuration, which is then not created.
 *
 * <p>Settings read from configuration (property, then environment variable):
 *
 * <table>
 *   <caption>Configuration properties</caption>
 *   <tr><th>property</th><th>values</th><th>default</th></tr>
 *   <tr><td>{@code parkinglot.store}</td><td>store name ({@code memory}, {@code redis}, …)</td>
 *       <td>the only store on the class path</td></tr>
 *   <tr><td>{@code parkinglot.default-ttl}</td><td>{@code 30m}, {@code 2h}, {@code 1d}, {@code PT2H}
 *       (at most {@link ParkingLotLimits#MAX_TTL})</td><td>{@code 24h}</td></tr>
 *   <tr><td>{@code parkinglot.key-prefix}</td><td>any text up to {@value
 *       ParkingLotLimits#MAX_KEY_PREFIX_LENGTH} chars</td><td>{@code parkingLot:}</td></tr>
 *   <tr><td>{@code parkinglot.retrieval-mode}</td><td>{@code consume-on-claim}, {@code
 *       keep-until-expiry}, {@code consume-on-success} (any case, {@code _} or {@code -})</td>
 *       <td>{@code consume-on-claim}</td></tr>
 *   <tr><td>{@code parkinglot.propagate-store-errors}</td><td>{@code true}, {@code false}</td>
 *       <td>{@code false}</td></tr>
 *   <tr><td>{@code parkinglot.metadata-attributes}</td><td>{@code all}, {@code none}, or
 *       comma-separated metadata keys</td><td>{@code all}</td></tr>
 *   <tr><td>{@code parkinglot.tickets.keys}</td><td>{@code keyId:base64Secret,…} (see {@link
 *       TicketKeys})</td><td>none: no tickets</td></tr>
 *   <tr><td>{@code parkinglot.tickets.signing-key-id}</td><td>one of the key ids</td>
 *       <td>the only key, when there is one</td></tr>
 *   <tr><td>{@code parkinglot.duplicate-grace}</td><td>{@code 0s} (off), {@code 30m}, {@code 1h},
 *       {@code 3d} (at most {@link ParkingLotLimits#MAX_TTL})</td><td>{@code 1h}</td></tr>
 * </table>
 *
 * <p>Not thread-safe; each {@link #build()} creates a new lot (and, from configuration, a new store).
 */
public final class ParkingLotBuilder {
  /** The property for the default ttl. */
  public static final String DEFAULT_TTL = "parkinglot.default-ttl";
  /** The property for the key prefix. */
  public static final String KEY_PREFIX = "parkinglot.key-prefix";
  /** The property for the retrieval mode. */
  public static final String RETRIEVAL_MODE = "parkinglot.retrieval-mode";
  /** The property that turns on propagation of store errors. */
  public static final String PROPAGATE_STORE_ERRORS = "parkinglot.propagate-store-errors";
  /** The property for the metadata attribute policy. */
  public static final String METADATA_ATTRIBUTES = "parkinglot.metadata-attributes";
  /** The property for the grace period of duplicate detection; {@code 0s} turns it off. */
  public static final String DUPLICATE_GRACE = "parkinglot.duplicate-grace";

  /** The default ttl of a parked context: {@link ParkingLotLimits#DEFAULT_TTL}, 24 hours as the original's. */
  public static final Duration DEFAULT_TTL_VALUE = ParkingLotLimits.DEFAULT_TTL;
  /** The default key prefix, the original's. */
  public static final String DEFAULT_KEY_PREFIX = "parkingLot:";
  /**
   * The default grace period of duplicate detection: one hour, long enough for a provider's quick
   * retries of a webhook whose response was lost, short enough to keep few tombstones.
   */
  public static final Duration DEFAULT_DUPLICATE_GRACE = Duration.ofHours(1);

  private @Nullable TraceContextStore store;
  private @Nullable Duration defaultTtl;
  private @Nullable String keyPrefix;
  private @Nullable RetrievalMode retrievalMode;
  private @Nullable MissListener missListener;
  private @Nullable OpenTelemetry openTelemetry;
  private @Nullable Clock clock;
  private @Nullable Boolean propagateStoreErrors;
  private @Nullable MetadataAttributes metadataAttributes;
  private @Nullable TicketKeys ticketKeys;
  private @Nullable Duration duplicateGrace;

  private @Nullable StoreConfig config;
  private @Nullable ClassLoader classLoader;
  private @Nullable Duration configTtl;
  private @Nullable String configPrefix;
  private @Nullable RetrievalMode configMode;
  private @Nullable Boolean configPropagate;
  private @Nullable MetadataAttributes configMetadata;
  private @Nullable TicketKeys configTicketKeys;
  private @Nullable Duration configDuplicateGrace;

  ParkingLotBuilder() {}

  /**
   * The store. The lot does not own it: {@link ParkingLot#close()} leaves it open.
   *
   * @param store the store the lot parks in
   * @return this builder
   * @throws NullPointerException if {@code store} is null
   */
  public ParkingLotBuilder store(TraceContextStore store) {
    this.store = Objects.requireNonNull(store, "store must not be null");
    return this;
  }

  /**
   * Reads the lot's settings from {@code config} now (see the table above), and remembers it so
   * that {@link #build()} creates the store it names through {@link java.util.ServiceLoader}, with the
   * thread's context class loader (or this library's). The lot owns that store and closes it. The
   * store is given the lot's clock. A second call replaces what the first one read.
   *
   * @param config the settings to read
   * @return this builder
   * @throws NullPointerException if {@code config} is null
   * @throws IllegalArgumentException if a setting is invalid, naming the property and the value
   *     (never a ticket secret)
   */
  public ParkingLotBuilder config(StoreConfig config) {
    Thread thread = Thread.currentThread();
    ClassLoader loader = thread.getContextClassLoader();
    return config(config, loader != null ? loader : ParkingLotBuilder.class.getClassLoader());
  }

  /**
   * As {@link #config(StoreConfig)}, looking the store up in {@code classLoader}.
   *
   * @param config the settings to read
   * @param classLoader where the store provider is looked up
   * @return this builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a setting is invalid
   */
  public ParkingLotBuilder config(StoreConfig config, ClassLoader classLoader) {
    Objects.requireNonNull(config, "config must not be null");
    Objects.requireNonNull(classLoader, "classLoader must not be null");
    Duration ttl =
        config.getDuration(DEFAULT_TTL, DEFAULT_TTL_VALUE, Duration.ofMillis(1), ParkingLotLimits.MAX_TTL);
    Optional<String> prefix = config.get(KEY_PREFIX);
    if (prefix.isPresent()) {
      checkPrefixSetting(prefix.get());
    }
    RetrievalMode mode = config.get(RETRIEVAL_MODE).map(ParkingLotBuilder::parseRetrievalMode).orElse(null);
    boolean propagate = config.getBoolean(PROPAGATE_STORE_ERRORS, false);
    MetadataAttributes metadata =
        config.get(METADATA_ATTRIBUTES).map(ParkingLotBuilder::parseMetadataAttributes).orElse(null);
    TicketKeys tickets = TicketKeys.fromConfig(config).orElse(null);
    Duration grace = config.get(DUPLICATE_GRACE).isEmpty()
        ? null
        : config.getDuration(DUPLICATE_GRACE, DEFAULT_DUPLICATE_GRACE, Duration.ZERO, ParkingLotLimits.MAX_TTL);
    if (grace != null && !grace.isZero() && grace.toMillis() < 1) {
      throw new IllegalArgumentException(DUPLICATE_GRACE + " must be 0s (off) or at least 1 ms, was "
          + config.get(DUPLICATE_GRACE).orElse(""));
    }
    this.config = config;
    this.classLoader = classLoader;
    this.configTtl = ttl;
    this.configPrefix = prefix.orElse(null);
    this.configMode = mode;
    this.configPropagate = propagate;
    this.configMetadata = metadata;
    this.configTicketKeys = tickets;
    this.configDuplicateGrace = grace;
    return this;
  }

  /**
   * The ttl of a context parked without one; 24 hours by default.
   *
   * @param ttl the default time-to-live
   * @return this builder
   * @throws IllegalArgumentException if it breaks {@link ParkingLotLimits#checkTtl(Duration)}
   */
  public ParkingLotBuilder defaultTtl(Duration ttl) {
    this.defaultTtl = ParkingLotLimits.checkTtl(ttl);
    return this;
  }

  /**
   * The prefix put before every correlation key in the store; {@value #DEFAULT_KEY_PREFIX} by
   * default, may be empty.
   *
   * @param prefix the key prefix
   * @return this builder
   * @throws IllegalArgumentException if it breaks {@link ParkingLotLimits#checkKeyPrefix(String)}
   */
  public ParkingLotBuilder keyPrefix(String prefix) {
    this.keyPrefix = ParkingLotLimits.checkKeyPrefix(prefix);
    return this;
  }

  /**
   * What a claim does to the parked context; {@link RetrievalMode#CONSUME_ON_CLAIM} by default.
   *
   * @param mode the retrieval mode
   * @return this builder
   */
  public ParkingLotBuilder retrievalMode(RetrievalMode mode) {
    this.retrievalMode = Objects.requireNonNull(mode, "retrievalMode must not be null");
    return this;
  }

  /**
   * Told about every claim that finds nothing; none by default. An exception it throws is logged.
   *
   * @param listener the miss listener
   * @return this builder
   */
  public ParkingLotBuilder missListener(MissListener listener) {
    this.missListener = Objects.requireNonNull(listener, "missListener must not be null");
    return this;
  }

  /**
   * Where the callback spans' tracer and the lot's meter come from. Both use the instrumentation
   * scope {@value ParkingLots#INSTRUMENTATION_NAME}. Give the application's instance: Spring Boot's
   * {@code OpenTelemetry} bean, or the SDK you build yourself.
   *
   * <p>Without it the lot uses {@link GlobalOpenTelemetry}, which is right under the OpenTelemetry
   * Java agent (it sets the global instance before the application starts). The global instance is
   * resolved at the lot's first use, never when the lot is built, so an application may build its
   * lot before it calls {@code buildAndRegisterGlobal()}. On an opentelemetry-api that has
   * {@code GlobalOpenTelemetry.isSet()}, a lot used before the global is set records nothing and
   * picks the global up as soon as it is set; on older APIs the first use resolves it for good. A
   * lot whose OpenTelemetry is a no-op says so once in the log (WARNING).
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return this builder
   */
  public ParkingLotBuilder openTelemetry(OpenTelemetry openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry must not be null");
    return this;
  }

  /**
   * The clock for park times, elapsed times and the created store's expiry; the configuration's
   * clock when configured, {@link Clock#systemUTC()} otherwise.
   *
   * @param clock the clock
   * @return this builder
   */
  public ParkingLotBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    return this;
  }

  /**
   * Whether store errors are thrown as {@link ParkingLotException}s instead of being recorded and
   * ignored (fail-open). False by default.
   *
   * @param propagate true to throw store errors, false to fail open
   * @return this builder
   */
  public ParkingLotBuilder propagateStoreErrors(boolean propagate) {
    this.propagateStoreErrors = propagate;
    return this;
  }

  /**
   * Which metadata entries become span and event attributes; {@link MetadataAttributes#all()} by
   * default.
   *
   * @param policy the metadata attribute policy
   * @return this builder
   */
  public ParkingLotBuilder metadataAttributes(MetadataAttributes policy) {
    this.metadataAttributes = Objects.requireNonNull(policy, "metadataAttributes must not be null");
    return this;
  }

  /**
   * The keys that sign and verify {@linkplain ParkingLot#ticket() tickets}; none by default, and
   * then {@code ticket()} and callbacks that take tickets throw {@link IllegalStateException}.
   *
   * @param keys the ticket keys
   * @return this builder
   */
  public ParkingLotBuilder ticketKeys(TicketKeys keys) {
    this.ticketKeys = Objects.requireNonNull(keys, "ticketKeys must not be null");
    return this;
  }

  /**
   * Duplicate detection: how long a tombstone of a consumed context stays in the store, so that a
   * redelivered callback is still linked and marked {@linkplain dev.parkinglot.CallbackContext#duplicate()
   * a duplicate}. {@link #DEFAULT_DUPLICATE_GRACE one hour} by default; {@link Duration#ZERO} turns
   * it off (a consumed context is then deleted, and a redelivery is a miss).
   *
   * <p>With it on, a consuming claim is the store's {@link TraceContextStore#claim claim}, atomic in
   * every built-in store; in {@link RetrievalMode#CONSUME_ON_SUCCESS} the tombstone is left once
   * the handler succeeded. Tombstones take room in the store like entries (in a bounded store they
   * count against its bound) until the grace period ends.
   *
   * @param grace how long a tombstone stays
   * @return this builder
   * @throws NullPointerException if {@code grace} is null
   * @throws IllegalArgumentException if {@code grace} is negative, below 1 ms but not zero, or above
   *     {@link ParkingLotLimits#MAX_TTL}
   */
  public ParkingLotBuilder duplicateDetection(Duration grace) {
    Objects.requireNonNull(grace, "duplicate grace must not be null");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("duplicate grace must not be negative (Duration.ZERO turns duplicate"
          + " detection off), was " + grace);
    }
    if (!grace.isZero()) {
      try {
        ParkingLotLimits.checkTtl(grace);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("duplicate grace: " + e.getMessage(), e);
      }
    }
    this.duplicateGrace = grace;
    return this;
  }

  /**
   * Builds the lot; from configuration, this is when the store is created.
   *
   * <p>A lot given {@linkplain #ticketKeys(TicketKeys) ticket keys} but neither a store nor a
   * configuration only issues and verifies tickets: it stores nothing, {@code park} and the other
   * store operations fail (as store errors, see {@link ParkingLot}), and wrapping a callback that
   * looks up a correlation key throws {@link IllegalStateException}.
   *
   * @return the lot
   * @throws IllegalStateException if neither a store, a configuration nor ticket keys were given
   * @throws ParkingLotException if the configured store cannot be found (see {@link
   *     TraceContextStores#load(String, StoreConfig, ClassLoader)})
   * @throws IllegalArgumentException if the configured store finds a setting invalid
   */
  public ParkingLot build() {
    StoreConfig storeConfig = config;
    if (store == null && storeConfig == null && ticketKeys == null) {
      throw new IllegalStateException(
          "no store: call store(TraceContextStore) or config(StoreConfig), or use ParkingLots.fromConfig()"
              + " with dev.parkinglot:parking-lot-store-memory (or another store) on the class path");
    }
    Duration ttl = firstOf(defaultTtl, configTtl, DEFAULT_TTL_VALUE);
    String prefix = firstOf(keyPrefix, configPrefix, DEFAULT_KEY_PREFIX);
    RetrievalMode mode = firstOf(retrievalMode, configMode, RetrievalMode.CONSUME_ON_CLAIM);
    boolean propagate = firstOf(propagateStoreErrors, configPropagate, Boolean.FALSE);
    MetadataAttributes metadata = firstOf(metadataAttributes, configMetadata, MetadataAttributes.all());
    Clock lotClock = firstOf(clock, storeConfig == null ? null : storeConfig.clock(), Clock.systemUTC());
    Duration grace = firstOf(duplicateGrace, configDuplicateGrace, DEFAULT_DUPLICATE_GRACE);
    // The global instance is resolved at the lot's first use, never here (see LotTelemetry).
    LotTelemetry.Source telemetry =
        openTelemetry != null ? LotTelemetry.Source.of(openTelemetry) : LotTelemetry.Source.global();
    TicketKeys keys = ticketKeys != null ? ticketKeys : configTicketKeys;

    TraceContextStore lotStore = store;
    boolean owned = false;
    if (lotStore == null && storeConfig == null) {
      lotStore = TicketsOnlyStore.INSTANCE;
    } else if (lotStore == null) {
      lotStore = TraceContextStores.load(null, storeConfig.withClock(lotClock),
          Objects.requireNonNull(classLoader, "classLoader"));
      owned = true;
    }
    LotMetrics metrics = new LotMetrics(telemetry, LotMetrics.storeName(lotStore));
    return new DefaultParkingLot(lotStore, owned, ttl.toMillis(), prefix, mode, missListener,
        lotClock, propagate, metadata, metrics, grace,
        keys == null ? null : new Tickets(keys, telemetry, lotClock, lotStore == TicketsOnlyStore.INSTANCE));
  }

  private static <V> V firstOf(@Nullable V explicit, @Nullable V configured, V fallback) {
    return explicit != null ? explicit : configured != null ? configured : fallback;
  }

  private static void checkPrefixSetting(String prefix) {
    try {
      ParkingLotLimits.checkKeyPrefix(prefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY_PREFIX + ": " + e.getMessage(), e);
    }
  }

  static RetrievalMode parseRetrievalMode(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "consume-on-claim":
        return RetrievalMode.CONSUME_ON_CLAIM;
      case "keep-until-expiry":
        return RetrievalMode.KEEP_UNTIL_EXPIRY;
      case "consume-on-success":
        return RetrievalMode.CONSUME_ON_SUCCESS;
      default:
        throw new IllegalArgumentException(
            RETRIEVAL_MODE + " must be consume-on-claim, keep-until-expiry or consume-on-success, was '"
                + text + "'");
    }
  }

  static MetadataAttributes parseMetadataAttributes(String text) {
    String value = text.trim();
    if (value.equalsIgnoreCase("all")) {
      return MetadataAttributes.all();
    }
    if (value.equalsIgnoreCase("none")) {
      return MetadataAttributes.none();
    }
    Set<String> keys = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String key = part.trim();
      if (!key.isEmpty()) {
        keys.add(key);
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(
          METADATA_ATTRIBUTES + " must be all, none, or comma-separated metadata keys, was '" + text + "'");
    }
    return MetadataAttributes.only(keys);
  }
}
