package dev.parkinglot.store.jdbc;

import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import dev.parkinglot.tck.TckContext;
import java.sql.SQLException;

/**
 * The whole store contract with the MySQL dialect (take as SELECT … FOR UPDATE and DELETE in one
 * transaction, no DELETE … RETURNING), run on the MariaDB server, which speaks the same SQL: there
 * is no MySQL server on the build machines. The table comes from the MariaDB DDL, as MariaDB lacks
 * MySQL 8's utf8mb4_0900_bin collation.
 */
class JdbcMySqlDialectTraceContextStoreTckTest extends JdbcTckSupport {

  @Override
  Db db() {
    return Db.MYSQL_ON_MARIADB;
  }

  @Override
  protected TraceContextStore createStore(TckContext context) {
    try {
      TestDatabases.createTable(TestDatabases.pool(Db.MARIADB), Db.MYSQL_ON_MARIADB, context.name());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create table " + context.name(), e);
    }
    return JdbcTraceContextStore.builder(TestDatabases.pool(Db.MARIADB))
        .dialect(JdbcDialect.MYSQL)
        .table(context.name())
        .purgeInterval(PURGE_INTERVAL)
        .clock(context.clock())
        .build();
  }
}
