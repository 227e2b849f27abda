package dev.parkinglot.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.tck.TckBackends;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The databases the store's own tests run on: H2 in memory always; PostgreSQL and MariaDB as the
 * TCK finds them ({@link TckBackends}: PARKINGLOT_TCK_POSTGRES_URL, PARKINGLOT_TCK_MARIADB_URL, else
 * Testcontainers; a missing server skips, or fails with PARKINGLOT_TCK_REQUIRE_ALL=true).
 * MYSQL is the MySQL dialect (transactional take) run against the MariaDB server.
 */
final class TestDatabases {
  enum Db {
    H2(JdbcDialect.H2, JdbcDialect.H2),
    POSTGRESQL(JdbcDialect.POSTGRESQL, JdbcDialect.POSTGRESQL),
    MARIADB(JdbcDialect.MARIADB, JdbcDialect.MARIADB),
    MYSQL_ON_MARIADB(JdbcDialect.MYSQL, JdbcDialect.MARIADB);

    final JdbcDialect dialect;
    /** The dialect whose DDL the server accepts. */
    final JdbcDialect ddlDialect;

    Db(JdbcDialect dialect, JdbcDialect ddlDialect) {
      this.dialect = dialect;
      this.ddlDialect = ddlDialect;
    }
  }

  private static final Map<Db, HikariDataSource> POOLS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> POOLS.values().forEach(HikariDataSource::close)));
  }

  private TestDatabases() {}

  /** The JDBC URL of a database: H2 in memory, or a server from {@link TckBackends}. */
  static String url(Db db) {
    switch (db) {
      case H2:
        return "jdbc:h2:mem:parkinglot_jdbc_tests;DB_CLOSE_DELAY=-1";
      case POSTGRESQL:
        return TckBackends.postgresJdbcUrl();
      default:
        return TckBackends.mariadbJdbcUrl();
    }
  }

  /** A pool shared by the tests of this JVM for {@code db}. */
  static HikariDataSource pool(Db db) {
    Db key = db == Db.MYSQL_ON_MARIADB ? Db.MARIADB : db;
    String url = url(key);
    return POOLS.computeIfAbsent(key, k -> newPool(url, 4));
  }

  static HikariDataSource newPool(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    config.setPoolName("parking-lot-jdbc-test");
    return new HikariDataSource(config);
  }

  static String uniqueTable() {
    return "plt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
  }

  /** Creates {@code table} with the DDL of the server's dialect. */
  static void createTable(DataSource dataSource, Db db, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : db.ddlDialect.createTableStatements(table)) {
        statement.execute(sql);
      }
    }
  }

  static void dropTable(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + TableName.check(table));
    }
  }

  /** Runs one statement with autocommit, for arranging rows the store would never write. */
  static int execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      return statement.executeUpdate(sql);
    }
  }
}
