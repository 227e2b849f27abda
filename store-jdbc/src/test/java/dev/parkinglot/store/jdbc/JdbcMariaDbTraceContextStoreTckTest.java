package dev.parkinglot.store.jdbc;

import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import dev.parkinglot.tck.TckContext;

/**
 * The whole store contract on MariaDB, over a pool the caller owns (shared by every rule; the store
 * never closes it), the dialect detected from the pool's URL.
 */
class JdbcMariaDbTraceContextStoreTckTest extends JdbcTckSupport {

  @Override
  Db db() {
    return Db.MARIADB;
  }

  @Override
  protected TraceContextStore createStore(TckContext context) {
    return JdbcTraceContextStore.builder(TestDatabases.pool(Db.MARIADB))
        .table(context.name())
        .createTable(true)
        .purgeInterval(PURGE_INTERVAL)
        .clock(context.clock())
        .build();
  }
}
