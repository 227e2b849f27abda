package dev.parkinglot.store.caffeine;

import com.github.benmanes.caffeine.cache.Scheduler;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;

/**
 * Provider {@code caffeine}: builds a {@link CaffeineTraceContextStore} from configuration, with the
 * configuration's clock.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>property</th><th>environment variable</th><th>default</th></tr>
 *   <tr><td>{@value #MAXIMUM_SIZE}</td><td>{@code PARKINGLOT_CAFFEINE_MAXIMUM_SIZE}</td>
 *       <td>{@value CaffeineTraceContextStore#DEFAULT_MAXIMUM_SIZE}, at most {@value
 *       CaffeineTraceContextStore#MAX_MAXIMUM_SIZE}</td></tr>
 *   <tr><td>{@value #MAX_TOTAL_BYTES}</td><td>{@code PARKINGLOT_CAFFEINE_MAX_TOTAL_BYTES}</td>
 *       <td>an eighth of the maximum heap ({@link
 *       CaffeineTraceContextStore#defaultMaxTotalBytes()}), at least {@value
 *       CaffeineTraceContextStore#MIN_ENTRY_BYTES}</td></tr>
 *   <tr><td>{@value #MAX_ENTRY_BYTES}</td><td>{@code PARKINGLOT_CAFFEINE_MAX_ENTRY_BYTES}</td>
 *       <td>no bound beyond the total, at least {@value
 *       CaffeineTraceContextStore#MIN_ENTRY_BYTES}</td></tr>
 *   <tr><td>{@value #SCHEDULER}</td><td>{@code PARKINGLOT_CAFFEINE_SCHEDULER}</td>
 *       <td>{@code false}; {@code true} removes expired entries promptly through {@link
 *       Scheduler#systemScheduler()}</td></tr>
 *   <tr><td>{@value #RECORD_STATS}</td><td>{@code PARKINGLOT_CAFFEINE_RECORD_STATS}</td>
 *       <td>{@code false}; {@code true} makes {@link CaffeineTraceContextStore#stats()} count</td></tr>
 * </table>
 *
 * <pre>{@code
 * TraceContextStore store = new CaffeineTraceContextStoreProvider().create(
 *     StoreConfig.of(Map.of("parkinglot.caffeine.maximum-size", "500000",
 *                           "parkinglot.caffeine.scheduler", "true")));
 * }</pre>
 */
public final class CaffeineTraceContextStoreProvider implements TraceContextStoreProvider {
  /** The bound on the number of entries. */
  public static final String MAXIMUM_SIZE = "parkinglot.caffeine.maximum-size";
  /** Whether Caffeine's system scheduler removes expired entries promptly. */
  public static final String SCHEDULER = "parkinglot.caffeine.scheduler";
  /** Whether Caffeine records statistics. */
  public static final String RECORD_STATS = "parkinglot.caffeine.record-stats";
  /** The bound on the entries' estimated heap bytes. */
  public static final String MAX_TOTAL_BYTES = "parkinglot.caffeine.max-total-bytes";
  /** The bound on one entry's estimated heap bytes. */
  public static final String MAX_ENTRY_BYTES = "parkinglot.caffeine.max-entry-bytes";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public CaffeineTraceContextStoreProvider() {}

  /** {@code caffeine}. */
  @Override
  public String name() {
    return "caffeine";
  }

  /**
   * @throws IllegalArgumentException if a setting is not a valid value, naming the property and
   *     its limits
   */
  @Override
  public TraceContextStore create(StoreConfig config) {
    long maximumSize =
        config.getLong(
            MAXIMUM_SIZE,
            CaffeineTraceContextStore.DEFAULT_MAXIMUM_SIZE,
            1,
            CaffeineTraceContextStore.MAX_MAXIMUM_SIZE);
    boolean scheduler = config.getBoolean(SCHEDULER, false);
    boolean recordStats = config.getBoolean(RECORD_STATS, false);
    CaffeineTraceContextStore.Builder builder =
        CaffeineTraceContextStore.builder()
            .maximumSize(maximumSize)
            .recordStats(recordStats)
            .clock(config.clock());
    long maxTotalBytes = config.getLong(MAX_TOTAL_BYTES, 0, CaffeineTraceContextStore.MIN_ENTRY_BYTES, Long.MAX_VALUE);
    if (maxTotalBytes != 0) {
      builder.maxTotalBytes(maxTotalBytes);
    }
    long maxEntryBytes = config.getLong(MAX_ENTRY_BYTES, Long.MAX_VALUE, CaffeineTraceContextStore.MIN_ENTRY_BYTES, Long.MAX_VALUE);
    builder.maxEntryBytes(maxEntryBytes);
    if (scheduler) {
      builder.scheduler(Scheduler.systemScheduler());
    }
    return builder.build();
  }
}
