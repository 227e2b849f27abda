package dev.parkinglot.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link JdbcTraceContextStore}; obtained from {@link JdbcTraceContextStore#builder(DataSource)}
 * (the caller's pool) or {@link JdbcTraceContextStore#builder(String)} (a HikariCP pool the store
 * owns). Pool settings ({@link #user}, {@link #password}, {@link #poolSize}, {@link
 * #connectionTimeout}, {@link #statementTimeout}) apply only to the second form.
 *
 * <p>The dialect is, in this order: the one set with {@link #dialect}, the one the JDBC URL names
 * (of the URL form, or of a caller's {@link HikariDataSource}), or the one the database reports
 * when {@link #build()} connects once to ask.
 *
 * <p>A pool the store owns does not fail to start when the database is down: operations throw
 * {@link StoreUnavailableException} until it is back (a parking lot fails open meanwhile), unless
 * {@link #createTable(boolean)} needs the database at start.
 */
public final class JdbcTraceContextStoreBuilder {
  private static final Pattern URL_SCHEME = Pattern.compile("^jdbc:[A-Za-z0-9]+:");

  private final @Nullable DataSource dataSource;
  private final @Nullable String jdbcUrl;
  private @Nullable String user;
  private @Nullable String password;
  private int poolSize = JdbcStoreSettings.DEFAULT_POOL_SIZE;
  private Duration connectionTimeout = JdbcStoreSettings.DEFAULT_CONNECTION_TIMEOUT;
  private Duration statementTimeout = JdbcStoreSettings.DEFAULT_STATEMENT_TIMEOUT;
  private boolean poolSettingsSet;
  private String table = JdbcStoreSettings.DEFAULT_TABLE;
  private @Nullable JdbcDialect dialect;
  private boolean createTable;
  private Duration purgeInterval = JdbcStoreSettings.DEFAULT_PURGE_INTERVAL;
  private int purgeBatchSize = JdbcStoreSettings.DEFAULT_PURGE_BATCH_SIZE;
  private Clock clock = Clock.systemUTC();

  JdbcTraceContextStoreBuilder(@Nullable DataSource dataSource, @Nullable String jdbcUrl) {
    this.dataSource = dataSource;
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * The database user of the store's own pool; may also be part of the URL.
   *
   * @param user the database user
   * @return this builder
   */
  public JdbcTraceContextStoreBuilder user(String user) {
    this.user = Objects.requireNonNull(user, "user must not be null");
    poolSettingsSet = true;
    return this;
  }

  /**
   * The password of the store's own pool; never logged or shown.
   *
   * @param password the password
   * @return this builder
   */
  public JdbcTraceContextStoreBuilder password(String password) {
    this.password = Objects.requireNonNull(password, "password must not be null");
    poolSettingsSet = true;
    return this;
  }

  /**
   * The maximum size of the store's own pool. Default {@value JdbcStoreSettings#DEFAULT_POOL_SIZE}.
   *
   * @param poolSize the maximum pool size
   * @return this builder
   * @throws IllegalArgumentException if not between 1 and {@value JdbcStoreSettings#MAX_POOL_SIZE}
   */
  public JdbcTraceContextStoreBuilder poolSize(int poolSize) {
    if (poolSize < 1 || poolSize > JdbcStoreSettings.MAX_POOL_SIZE) {
      throw new IllegalArgumentException(
          "poolSize must be between 1 and " + JdbcStoreSettings.MAX_POOL_SIZE + ", was " + poolSize);
    }
    this.poolSize = poolSize;
    poolSettingsSet = true;
    return this;
  }

  /**
   * The longest wait for a connection of the store's own pool: while the database is down, each
   * operation fails after this long. Default 2 seconds.
   *
   * @param connectionTimeout the longest wait for a connection
   * @return this builder
   * @throws IllegalArgumentException if under 250 ms (HikariCP's minimum)
   */
  public JdbcTraceContextStoreBuilder connectionTimeout(Duration connectionTimeout) {
    Objects.requireNonNull(connectionTimeout, "connectionTimeout must not be null");
    if (connectionTimeout.compareTo(JdbcStoreSettings.MIN_CONNECTION_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "connectionTimeout must be at least " + JdbcStoreSettings.MIN_CONNECTION_TIMEOUT + ", was "
              + connectionTimeout);
    }
    this.connectionTimeout = connectionTimeout;
    poolSettingsSet = true;
    return this;
  }

  /**
   * The longest run of one statement on a connection of the store's own pool, enforced by the
   * database: each connection starts with PostgreSQL's {@code SET statement_timeout}, MariaDB's
   * {@code SET SESSION max_statement_time}, MySQL's {@code max_execution_time} (SELECTs only) or
   * H2's {@code QUERY_TIMEOUT}, chosen by the server the JDBC URL's scheme names (a {@code
   * jdbc:mariadb:} URL gets MariaDB's bound whatever the SQL dialect). A statement that runs longer, waiting for a lock included, is
   * cancelled and rolled back by the server, so a timed-out park stored nothing and a timed-out
   * claim consumed nothing; the operation throws {@code StoreUnavailableException}. Default 2
   * seconds; {@link Duration#ZERO} turns it off. An operation can take up to the connection timeout
   * plus this (plus a round trip): the wait for a connection, then the statement.
   *
   * @param statementTimeout the longest run of one statement, or zero for none
   * @return this builder
   * @throws IllegalArgumentException if negative, or positive but under one millisecond
   */
  public JdbcTraceContextStoreBuilder statementTimeout(Duration statementTimeout) {
    Objects.requireNonNull(statementTimeout, "statementTimeout must not be null");
    if (statementTimeout.isNegative() || (!statementTimeout.isZero() && statementTimeout.toMillis() < 1)) {
      throw new IllegalArgumentException(
          "statementTimeout must be zero (off) or at least 1 ms, was " + statementTimeout);
    }
    this.statementTimeout = statementTimeout;
    poolSettingsSet = true;
    return this;
  }

  /**
   * The table: an unquoted SQL identifier, optionally schema-qualified. Default {@value
   * JdbcStoreSettings#DEFAULT_TABLE}.
   *
   * @param table the table name
   * @return this builder
   * @throws IllegalArgumentException if not of the form {@code [A-Za-z_][A-Za-z0-9_]{0,62}},
   *     optionally as {@code schema.table}
   */
  public JdbcTraceContextStoreBuilder table(String table) {
    this.table = TableName.check(table);
    return this;
  }

  /**
   * The dialect, when it should not be chosen from the URL or the database.
   *
   * @param dialect the dialect
   * @return this builder
   */
  public JdbcTraceContextStoreBuilder dialect(JdbcDialect dialect) {
    this.dialect = Objects.requireNonNull(dialect, "dialect must not be null");
    return this;
  }

  /**
   * Whether {@link #build()} creates the table and its expiry index when they do not exist (the DDL
   * of {@link JdbcDialect#createTableSql(String)}). Default false: the table is part of your schema.
   *
   * @param createTable whether to create the table when missing
   * @return this builder
   */
  public JdbcTraceContextStoreBuilder createTable(boolean createTable) {
    this.createTable = createTable;
    return this;
  }

  /**
   * How often a daemon thread deletes expired rows ({@link JdbcTraceContextStore#purgeExpired()});
   * {@link Duration#ZERO} turns it off. Default 5 minutes. Expired rows are never returned either way.
   *
   * @param purgeInterval the interval between purges, or zero for none
   * @return this builder
   * @throws IllegalArgumentException if negative, or positive but under one millisecond
   */
  public JdbcTraceContextStoreBuilder purgeInterval(Duration purgeInterval) {
    Objects.requireNonNull(purgeInterval, "purgeInterval must not be null");
    if (purgeInterval.isNegative() || (!purgeInterval.isZero() && purgeInterval.toMillis() < 1)) {
      throw new IllegalArgumentException(
          "purgeInterval must be zero (off) or at least 1 ms, was " + purgeInterval);
    }
    this.purgeInterval = purgeInterval;
    return this;
  }

  /**
   * How many rows one purge statement deletes at most. Default {@value
   * JdbcStoreSettings#DEFAULT_PURGE_BATCH_SIZE}.
   *
   * @param purgeBatchSize the most rows one purge statement deletes
   * @return this builder
   * @throws IllegalArgumentException if not between 1 and {@value JdbcStoreSettings#MAX_PURGE_BATCH_SIZE}
   */
  public JdbcTraceContextStoreBuilder purgeBatchSize(int purgeBatchSize) {
    if (purgeBatchSize < 1 || purgeBatchSize > JdbcStoreSettings.MAX_PURGE_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "purgeBatchSize must be between 1 and " + JdbcStoreSettings.MAX_PURGE_BATCH_SIZE + ", was "
              + purgeBatchSize);
    }
    this.purgeBatchSize = purgeBatchSize;
    return this;
  }

  /**
   * The clock that decides expiry; the system clock by default.
   *
   * @param clock the clock
   * @return this builder
   */
  public JdbcTraceContextStoreBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    return this;
  }

  /**
   * Builds the store: creates the pool (URL form), chooses the dialect, creates the table if asked.
   *
   * @return the new store
   * @throws IllegalArgumentException if the dialect cannot be told from the URL, or pool settings
   *     were given with a caller's {@link DataSource}
   * @throws StoreUnavailableException if the database must be reached (to create the table, or to
   *     ask its product name) and cannot be
   */
  public JdbcTraceContextStore build() {
    if (dataSource != null) {
      if (poolSettingsSet) {
        throw new IllegalArgumentException(
            "user, password, poolSize, connectionTimeout and statementTimeout configure the store's own pool;"
                + " with a DataSource, configure that DataSource instead");
      }
      return finish(dataSource, null);
    }
    String url = Objects.requireNonNull(jdbcUrl);
    if (dialect == null) {
      dialect =
          JdbcDialect.fromJdbcUrl(url)
              .orElseThrow(
                  () -> new IllegalArgumentException(
                      "cannot tell the SQL dialect from a JDBC URL starting with '" + scheme(url)
                          + "'; set " + JdbcStoreSettings.DIALECT
                          + " to postgresql, mariadb, mysql or h2"));
    }
    // The session bound is the server's, not the SQL dialect's: MySQL-dialect SQL sent through a
    // jdbc:mariadb: URL reaches a MariaDB server, which has max_statement_time and rejects MySQL's
    // max_execution_time (a failing init statement would leave the pool without connections).
    JdbcDialect serverFamily = JdbcDialect.fromJdbcUrl(url).orElse(Objects.requireNonNull(dialect));
    HikariDataSource pool = new HikariDataSource(poolConfig(url, serverFamily));
    try {
      return finish(pool, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private HikariConfig poolConfig(String url, JdbcDialect poolDialect) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("parking-lot-jdbc");
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 5_000));
    config.setAutoCommit(true);
    if (!statementTimeout.isZero()) {
      config.setConnectionInitSql(poolDialect.statementTimeoutSql(statementTimeout.toMillis()));
    }
    // Start even when the database is down: the store reports StoreUnavailableException per call
    // and the pool connects once the database is back.
    config.setInitializationFailTimeout(-1);
    return config;
  }

  private JdbcTraceContextStore finish(DataSource source, @Nullable HikariDataSource owned) {
    JdbcDialect chosen = dialect != null ? dialect : detectDialect(source);
    if (createTable) {
      createTable(source, chosen);
    }
    return new JdbcTraceContextStore(source, owned, chosen, table, clock, purgeInterval, purgeBatchSize);
  }

  private static JdbcDialect detectDialect(DataSource source) {
    if (source instanceof HikariDataSource) {
      String url = ((HikariDataSource) source).getJdbcUrl();
      if (url != null) {
        var fromUrl = JdbcDialect.fromJdbcUrl(url);
        if (fromUrl.isPresent()) {
          return fromUrl.get();
        }
      }
    }
    String product;
    try (Connection connection = source.getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          "jdbc store: cannot connect to ask the database for its SQL dialect; set it explicitly", e);
    }
    return JdbcDialect.fromProductName(String.valueOf(product))
        .orElseThrow(
            () -> new IllegalArgumentException(
                "the jdbc store has no SQL dialect for database '" + product
                    + "'; known dialects are postgresql, mariadb, mysql and h2"));
  }

  private void createTable(DataSource source, JdbcDialect chosen) {
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : chosen.createTableStatements(table)) {
        statement.execute(sql);
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          "jdbc store: cannot create table " + table + " (" + chosen.dialectName() + ")", e);
    }
  }

  private static String scheme(String url) {
    var matcher = URL_SCHEME.matcher(url);
    return matcher.find() ? matcher.group() : "(not a jdbc: URL)";
  }
}
