package dev.parkinglot.store.jdbc;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TckErrorHook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import dev.parkinglot.tck.TraceContextStoreTck;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What the TCK subclasses share: one table per rule ({@link TckContext#name()}), dropped after it;
 * the raw row check for the rule on backend expiry; and a background purge every 200 ms, which is
 * how this store's backend removes expired rows by itself.
 */
abstract class JdbcTckSupport extends TraceContextStoreTck {
  static final Duration PURGE_INTERVAL = Duration.ofMillis(200);

  abstract Db db();

  @Override
  protected boolean backendHoldsEntry(TraceContextStore store, StoreKey storeKey) {
    String key = storeKey.value();
    return ((JdbcTraceContextStore) store).holdsRow(key);
  }

  @Override
  protected boolean sharesEntriesBetweenInstances() {
    return true;
  }

  @Override
  protected void cleanUp(TckContext context) {
    try {
      TestDatabases.dropTable(TestDatabases.pool(db()), context.name());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop table " + context.name(), e);
    }
  }

  @Override
  protected Map<TckErrorHook, String> errorHooksThatCannotApply() {
    return Map.of(TckErrorHook.FULL_STORE, "the store has no bound of its own on the number of rows");
  }

  /**
   * The database's URL with port 1 of loopback, where nothing listens (H2 through its TCP client),
   * with a 500 ms connection timeout and no purge.
   */
  @Override
  protected TraceContextStore createUnreachableStore(TckContext context) {
    String url;
    switch (db()) {
      case H2:
        url = "jdbc:h2:tcp://127.0.0.1:1/mem:unreachable";
        break;
      case POSTGRESQL:
        url = "jdbc:postgresql://127.0.0.1:1/test?user=postgres";
        break;
      default:
        url = "jdbc:mariadb://127.0.0.1:1/test?user=root&sslMode=disable";
    }
    return JdbcTraceContextStore.builder(url)
        .dialect(db().dialect)
        .table(context.name())
        .poolSize(1)
        .connectionTimeout(Duration.ofMillis(500))
        .purgeInterval(Duration.ZERO)
        .clock(context.clock())
        .build();
  }

  /** A row whose trace id is all zeros (an invalid id), written with a raw INSERT; live for a day. */
  @Override
  protected void writeCorruptEntry(TraceContextStore store, StoreKey storeKey) {
    String table = ((JdbcTraceContextStore) store).table();
    long now = System.currentTimeMillis();
    long day = Duration.ofDays(1).toMillis();
    try (Connection connection = TestDatabases.pool(db()).getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
            + " (store_key, expires_at, trace_id_high, trace_id_low, span_id, trace_flags, parked_at, ttl_ms)"
            + " VALUES (?, ?, 0, 0, 1, 1, ?, ?)")) {
      insert.setString(1, storeKey.value());
      insert.setLong(2, now + day);
      insert.setLong(3, now);
      insert.setLong(4, day);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write a corrupt row into " + table, e);
    }
  }

  @Override
  protected String providerName() {
    return "jdbc";
  }

  @Override
  protected Map<String, String> providerSettings(TckContext context) {
    return Map.of(
        JdbcStoreSettings.URL, TestDatabases.url(db()),
        JdbcStoreSettings.TABLE, context.name(),
        JdbcStoreSettings.CREATE_TABLE, "true",
        JdbcStoreSettings.POOL_SIZE, "2");
  }

  @Override
  protected Map<String, String> invalidProviderSettings() {
    return Map.of(
        JdbcStoreSettings.POOL_SIZE, "0",
        JdbcStoreSettings.PURGE_INTERVAL, "soon");
  }
}
