package dev.parkinglot.bench;

import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.ParkingLotBuilder;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/*
 * One real lot over one real store, found by name through ServiceLoader exactly as an application
 * configured with parkinglot.store=<name> would find it. The lot is given the store (rather than
 * building it from configuration) so that benchmarks can refill and inspect the store directly,
 * outside their measured part, under the same store keys the lot uses: prefix + correlation key.
 *
 * Every lot holds RESIDENT entries parked before any measurement, so that no benchmark works
 * against an empty map: a real lot holds the contexts of every payment still in flight.
 */

/** A lot and its store, set up for a benchmark; close it in the benchmark's tear-down. */
final class BenchLot implements AutoCloseable {
  /** The embedded default store. */
  static final String MEMORY = "memory";
  /** The Caffeine store. */
  static final String CAFFEINE = "caffeine";

  /** The lot's key prefix: the library's default, spelled out so that store keys can be built here. */
  static final String PREFIX = "parkingLot:";

  /** How many unrelated entries the store holds before measurement starts. */
  static final int RESIDENT = 10_000;

  final String storeName;
  final Tracer tracer = BenchTelemetry.TRACER;
  final TraceContextStore store;
  final ParkingLot lot;

  private BenchLot(String storeName, Map<String, String> storeProperties) {
    this.storeName = storeName;
    Map<String, String> properties = new HashMap<>(settings(storeName));
    properties.putAll(storeProperties);
    this.store = createStore(providerName(storeName), StoreConfig.of(properties));
    this.lot = ParkingLots.builder().store(store).keyPrefix(PREFIX).openTelemetry(BenchTelemetry.SDK).build();
  }

  private BenchLot(String storeName, TraceContextStore store, Duration duplicateGrace) {
    this.storeName = storeName;
    this.store = store;
    this.lot = ParkingLots.builder().store(store).keyPrefix(PREFIX).openTelemetry(BenchTelemetry.SDK)
        .duplicateDetection(duplicateGrace).build();
  }

  /**
   * A lot over {@code store}, which the caller built (and may share with a raw baseline), with the
   * library's default duplicate detection: retrieve claims the entry and leaves a tombstone.
   */
  static BenchLot over(String storeName, TraceContextStore store) {
    return new BenchLot(storeName, store, ParkingLotBuilder.DEFAULT_DUPLICATE_GRACE);
  }

  /**
   * As {@link #over}, with duplicate detection off: retrieve takes the entry, so the lot sends the
   * store exactly the commands of a raw park-then-take pair and the difference is the library's own.
   */
  static BenchLot overWithoutDuplicateDetection(String storeName, TraceContextStore store) {
    return new BenchLot(storeName, store, Duration.ZERO);
  }

  /** A lot over the store named {@code storeName}, with {@link #RESIDENT} entries already parked. */
  static BenchLot open(String storeName) {
    BenchLot bench = new BenchLot(storeName, Map.of());
    bench.parkResidents();
    return bench;
  }

  /** A lot over the store named {@code storeName} configured with {@code storeProperties}, empty. */
  static BenchLot openEmpty(String storeName, Map<String, String> storeProperties) {
    return new BenchLot(storeName, storeProperties);
  }

  /** The key under which the store holds the context parked under {@code correlationKey}. */
  static String storeKey(String correlationKey) {
    return PREFIX + correlationKey;
  }

  /** Correlation keys {@code <stem><n>} for n in {@code [0, count)}, built once, outside any measurement. */
  static String[] keys(String stem, int count) {
    String[] keys = new String[count];
    for (int i = 0; i < count; i++) {
      keys[i] = stem + i;
    }
    return keys;
  }

  /**
   * Parks each key inside its own short span, as separate requests would, and returns what was
   * stored. Fails loudly if the lot parked nothing: a broken tracer setup must not be measured.
   */
  List<StoredTraceContext> parkEach(String[] correlationKeys, Map<String, String> metadata) {
    List<StoredTraceContext> stored = new ArrayList<>(correlationKeys.length);
    for (String key : correlationKeys) {
      Span span = tracer.spanBuilder("checkout").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        ParkResult result = lot.park(key, metadata);
        stored.add(result.stored().orElseThrow(() -> new IllegalStateException("not parked: " + result)));
      } finally {
        span.end();
      }
    }
    return stored;
  }

  private void parkResidents() {
    parkEach(keys("resident-", RESIDENT), Map.of());
  }

  /**
   * The provider behind a benchmark store name: the name itself, except for names that pick one
   * database of a provider ({@code jdbc-postgres} is provider {@code jdbc}).
   */
  private static String providerName(String storeName) {
    int dash = storeName.indexOf('-');
    return dash < 0 ? storeName : storeName.substring(0, dash);
  }

  /**
   * The settings a benchmark store name stands for, before the caller's own. Servers default to
   * this machine's loopback services and can be moved with environment variables.
   */
  private static Map<String, String> settings(String storeName) {
    switch (storeName) {
      case MEMORY:
      case CAFFEINE:
        return Map.of();
      default:
        throw new IllegalArgumentException("unknown benchmark store '" + storeName + "'");
    }
  }

  private static TraceContextStore createStore(String name, StoreConfig config) {
    for (TraceContextStoreProvider provider :
        ServiceLoader.load(TraceContextStoreProvider.class, BenchLot.class.getClassLoader())) {
      if (provider.name().equals(name)) {
        return provider.create(config);
      }
    }
    throw new IllegalArgumentException("no store provider named '" + name + "' on the benchmark class path");
  }

  @Override
  public void close() {
    lot.close();
    store.close();
  }
}
