package dev.parkinglot.store.jdbc;

import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import dev.parkinglot.tck.TckContext;

/** The whole store contract on H2 in memory, through the provider with a pool of the store's own. */
class JdbcH2TraceContextStoreTckTest extends JdbcTckSupport {

  @Override
  Db db() {
    return Db.H2;
  }

  @Override
  protected TraceContextStore createStore(TckContext context) {
    StoreConfig config =
        StoreConfig.builder()
            .property("parkinglot.jdbc.url", TestDatabases.url(Db.H2))
            .property("parkinglot.jdbc.table", context.name())
            .property("parkinglot.jdbc.create-table", "true")
            .property("parkinglot.jdbc.pool-size", "8")
            .property("parkinglot.jdbc.purge-interval", PURGE_INTERVAL.toMillis() + "ms")
            .clock(context.clock())
            .build();
    return new JdbcTraceContextStoreProvider().create(config);
  }
}
