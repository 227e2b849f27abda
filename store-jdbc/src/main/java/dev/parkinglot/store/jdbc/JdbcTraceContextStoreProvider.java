package dev.parkinglot.store.jdbc;

import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.time.Duration;

/**
 * Provider {@code jdbc}: a {@link JdbcTraceContextStore} with a HikariCP pool of its own, built from
 * the settings listed in {@link JdbcStoreSettings} ({@code parkinglot.jdbc.url} is required). The
 * store closes that pool when it is closed. To use a pool you already have, build the store with
 * {@link JdbcTraceContextStore#builder(javax.sql.DataSource)} instead.
 */
public final class JdbcTraceContextStoreProvider implements TraceContextStoreProvider {
  /** The provider name, {@value}. */
  public static final String NAME = "jdbc";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JdbcTraceContextStoreProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Creates the store and its pool. The pool starts even when the database is down.
   *
   * @throws IllegalArgumentException if {@code parkinglot.jdbc.url} is missing or a setting is
   *     invalid; the message names the property
   * @throws dev.parkinglot.StoreUnavailableException if {@code parkinglot.jdbc.create-table} is true
   *     and the table cannot be created
   */
  @Override
  public JdbcTraceContextStore create(StoreConfig config) {
    JdbcTraceContextStore.Builder builder =
        JdbcTraceContextStore.builder(config.require(JdbcStoreSettings.URL))
            .poolSize(
                config.getInt(
                    JdbcStoreSettings.POOL_SIZE, JdbcStoreSettings.DEFAULT_POOL_SIZE, 1,
                    JdbcStoreSettings.MAX_POOL_SIZE))
            .connectionTimeout(
                config.getDuration(
                    JdbcStoreSettings.CONNECTION_TIMEOUT, JdbcStoreSettings.DEFAULT_CONNECTION_TIMEOUT,
                    JdbcStoreSettings.MIN_CONNECTION_TIMEOUT, Duration.ofHours(1)))
            .statementTimeout(
                config.getDuration(
                    JdbcStoreSettings.STATEMENT_TIMEOUT, JdbcStoreSettings.DEFAULT_STATEMENT_TIMEOUT,
                    Duration.ZERO, Duration.ofHours(1)));
    config.get(JdbcStoreSettings.USER).ifPresent(builder::user);
    config.get(JdbcStoreSettings.PASSWORD).ifPresent(builder::password);
    return applyStoreSettings(builder, config).build();
  }

  /**
   * Creates the store on a pool the application owns (a Spring Boot application's {@code
   * DataSource}), with the same settings as {@link #create(StoreConfig)} except the pool's own
   * ({@code url}, {@code user}, {@code password}, {@code pool-size}, {@code connection-timeout},
   * {@code statement-timeout}), which are the {@code DataSource}'s business. The store never closes
   * {@code dataSource}.
   *
   * @param config the settings ({@code table}, {@code dialect}, {@code create-table}, {@code
   *     purge-interval}, {@code purge-batch-size})
   * @param dataSource the application's pool
   * @return the store
   * @throws IllegalArgumentException if a setting is invalid; the message names the property
   * @throws dev.parkinglot.StoreUnavailableException if the database must be reached (to create the
   *     table, or to ask its dialect) and cannot be
   */
  public static JdbcTraceContextStore create(StoreConfig config, javax.sql.DataSource dataSource) {
    return applyStoreSettings(JdbcTraceContextStore.builder(dataSource), config).build();
  }

  private static JdbcTraceContextStore.Builder applyStoreSettings(
      JdbcTraceContextStore.Builder builder, StoreConfig config) {
    builder
        .createTable(config.getBoolean(JdbcStoreSettings.CREATE_TABLE, false))
        .purgeInterval(
            config.getDuration(
                JdbcStoreSettings.PURGE_INTERVAL, JdbcStoreSettings.DEFAULT_PURGE_INTERVAL,
                Duration.ZERO, Duration.ofDays(1)))
        .purgeBatchSize(
            config.getInt(
                JdbcStoreSettings.PURGE_BATCH_SIZE, JdbcStoreSettings.DEFAULT_PURGE_BATCH_SIZE, 1,
                JdbcStoreSettings.MAX_PURGE_BATCH_SIZE))
        .clock(config.clock());
    config.get(JdbcStoreSettings.DIALECT).ifPresent(name -> builder.dialect(dialect(name)));
    config.get(JdbcStoreSettings.TABLE).ifPresent(table -> builder.table(table(table)));
    return builder;
  }

  private static JdbcDialect dialect(String name) {
    try {
      return JdbcDialect.fromName(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(JdbcStoreSettings.DIALECT + ": " + e.getMessage(), e);
    }
  }

  private static String table(String table) {
    try {
      return TableName.check(table);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(JdbcStoreSettings.TABLE + ": " + e.getMessage(), e);
    }
  }
}
