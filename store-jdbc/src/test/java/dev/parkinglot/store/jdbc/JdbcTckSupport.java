package dev.parkinglot.store.jdbc;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import dev.parkinglot.tck.TckContext;
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
}
