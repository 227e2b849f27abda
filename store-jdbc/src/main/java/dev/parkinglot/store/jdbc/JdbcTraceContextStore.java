package dev.parkinglot.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/*
 * Design notes.
 *
 * One row per key, one statement per operation (MySQL's take excepted), every value a bound
 * parameter; the SQL text is built once per store from the validated table name (JdbcDialect).
 * Statements are prepared per call on a pooled connection: drivers cache them per connection
 * (PostgreSQL switches to a server-side prepared statement after a few uses). No metadata query and
 * no transaction on the hot path: the pool's connections are in autocommit, and a connection that
 * is not (a caller's pool configured so) is committed after each operation.
 *
 * Expiry uses the store's clock, never the database's: expires_at is parkedAt + ttl in epoch millis,
 * and every read binds clock.millis() as "now" (expires_at > now is live, matching
 * StoredTraceContext.isExpiredAt), so application servers and the database may disagree on the time
 * without an entry living longer or shorter than its ttl says. Expired rows are never returned;
 * take leaves them too, and purgeExpired() (or the background purge) removes them in batches.
 *
 * Take is atomic because the row's lock serialises concurrent deletes of one key: the first
 * DELETE … RETURNING (or H2's delete inside a data-change delta table, or MySQL's SELECT … FOR UPDATE
 * in a transaction) gets the row, the others wait for it and then find none. A corrupt row is
 * deleted by the take that reads it, which then throws CorruptEntryException, so it cannot fail
 * every later take.
 *
 * Claim (duplicate detection) turns the live row into its tombstone in place: consumed_at set,
 * expires_at and ttl_ms moved to the end of the grace period; JdbcClaim and JdbcDialect say how
 * each database does it atomically.
 */

/**
 * A {@link TraceContextStore} in one SQL table, over any {@link DataSource}: PostgreSQL, MariaDB,
 * MySQL or H2 (see {@link JdbcDialect}). Either pass your own pool, which the store never closes,
 * or give a JDBC URL and the store builds a HikariCP pool that it closes on {@link #close()}.
 *
 * <pre>{@code
 * // Your own pool (Spring's, for example); the table already exists (see the README for the DDL):
 * TraceContextStore store = JdbcTraceContextStore.builder(dataSource)
 *     .table("parking_lot_context")
 *     .build();
 *
 * // A pool of the store's own, creating the table on start-up:
 * TraceContextStore store = JdbcTraceContextStore.builder("jdbc:postgresql://db:5432/app")
 *     .user("app").password(secret).poolSize(10)
 *     .createTable(true)
 *     .build();
 * }</pre>
 *
 * <p>Errors: an {@link SQLException} becomes a {@link StoreUnavailableException} with it as the
 * cause; a row that does not hold a valid context a {@link CorruptEntryException}. Operations on a
 * closed store throw {@link IllegalStateException}. Thread-safe.
 */
public final class JdbcTraceContextStore implements TraceContextStore {
  /** How often an operation chosen as a deadlock victim runs at most. */
  static final int DEADLOCK_ATTEMPTS = 3;

  private final DataSource dataSource;
  private final @Nullable HikariDataSource ownedPool;
  private final JdbcDialect dialect;
  private final String table;
  private final Clock clock;
  private final String upsertSql;
  private final String selectSql;
  private final String existsSql;
  private final String deleteSql;
  private final String takeSql;
  private final JdbcExpiredEntryPurger purger;
  private final JdbcClaim claims;
  private volatile boolean closed;

  JdbcTraceContextStore(
      DataSource dataSource, @Nullable HikariDataSource ownedPool, JdbcDialect dialect, String table,
      Clock clock, Duration purgeInterval, int purgeBatchSize) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.dialect = dialect;
    this.table = table;
    this.clock = clock;
    this.upsertSql = dialect.upsertSql(table);
    this.selectSql = dialect.selectSql(table);
    this.existsSql = dialect.existsSql(table);
    this.deleteSql = dialect.deleteSql(table);
    this.takeSql = dialect.takeSql(table);
    this.claims = new JdbcClaim(dataSource, dialect, table);
    this.purger = new JdbcExpiredEntryPurger(dataSource, dialect, table, clock, purgeBatchSize, () -> closed);
    if (!purgeInterval.isZero()) {
      purger.start(purgeInterval);
    }
  }

  /**
   * A builder over the caller's {@link DataSource}; the store never closes it.
   *
   * @param dataSource the data source the store takes connections from
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource must not be null"), null);
  }

  /**
   * A builder for a store that creates, owns and closes a HikariCP pool for {@code jdbcUrl}.
   *
   * @param jdbcUrl the JDBC URL of the database
   * @return a new builder
   */
  public static Builder builder(String jdbcUrl) {
    return new Builder(null, Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null"));
  }

  @Override
  public void save(StoreKey storeKey, StoredTraceContext context) {
    String key = storeKey.value();
    Objects.requireNonNull(context, "context must not be null");
    checkOpen();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(upsertSql)) {
      RowCodec.bindRow(statement, key, context);
      statement.executeUpdate();
      commitIfNeeded(connection);
    } catch (SQLException e) {
      throw unavailable("save", e);
    }
  }

  @Override
  public Optional<StoredTraceContext> load(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(selectSql)) {
      statement.setString(1, key);
      statement.setLong(2, clock.millis());
      StoredTraceContext found = null;
      try (ResultSet row = statement.executeQuery()) {
        if (row.next()) {
          found = RowCodec.readRow(key, row);
        }
      }
      commitIfNeeded(connection);
      return Optional.ofNullable(found);
    } catch (SQLException e) {
      throw unavailable("load", e);
    }
  }

  @Override
  public Optional<StoredTraceContext> take(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    try {
      return dialect.takeInTransaction() ? takeInTransaction(key) : takeInOneStatement(key);
    } catch (SQLException e) {
      throw unavailable("take", e);
    }
  }

  private Optional<StoredTraceContext> takeInOneStatement(String key) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return takeOneStatementOnce(key);
      } catch (SQLException e) {
        // MariaDB: a DELETE … RETURNING and the purge's DELETE … LIMIT lock the row and the expiry
        // index in opposite orders, so InnoDB may roll the take back as a deadlock victim; nothing
        // was deleted then, so it is safe to run again.
        if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(e)) {
          throw e;
        }
      }
    }
  }

  private Optional<StoredTraceContext> takeOneStatementOnce(String key) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(takeSql)) {
      statement.setString(1, key);
      statement.setLong(2, clock.millis());
      RowCodec.Taken taken = RowCodec.Taken.read(key, statement);
      commitIfNeeded(connection);
      return taken.result();
    }
  }

  /** MySQL: no DELETE … RETURNING, so a locking read and a delete in one transaction. */
  private Optional<StoredTraceContext> takeInTransaction(String key) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return takeOnce(key).result();
      } catch (SQLException e) {
        // InnoDB may pick a take as a deadlock victim when saves and takes of nearby keys
        // interleave (gap locks); its transaction was rolled back, so it is safe to run again.
        if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(e)) {
          throw e;
        }
      }
    }
  }

  private RowCodec.Taken takeOnce(String key) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit) {
        connection.setAutoCommit(false);
      }
      try {
        RowCodec.Taken taken;
        try (PreparedStatement select = connection.prepareStatement(takeSql)) {
          select.setString(1, key);
          select.setLong(2, clock.millis());
          taken = RowCodec.Taken.read(key, select);
        }
        if (taken.present) {
          try (PreparedStatement delete = connection.prepareStatement(deleteSql)) {
            delete.setString(1, key);
            delete.executeUpdate();
          }
        }
        connection.commit();
        return taken;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        if (autoCommit) {
          connection.setAutoCommit(true);
        }
      }
    }
  }

  @Override
  public void delete(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(deleteSql)) {
      statement.setString(1, key);
      statement.executeUpdate();
      commitIfNeeded(connection);
    } catch (SQLException e) {
      throw unavailable("delete", e);
    }
  }

  @Override
  public boolean exists(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(existsSql)) {
      statement.setString(1, key);
      statement.setLong(2, clock.millis());
      boolean found;
      try (ResultSet row = statement.executeQuery()) {
        found = row.next();
      }
      commitIfNeeded(connection);
      return found;
    } catch (SQLException e) {
      throw unavailable("exists", e);
    }
  }

  /**
   * Claims the entry under {@code key} for a callback and leaves a tombstone for duplicate
   * detection, as one atomic step: the contract of {@link
   * dev.parkinglot.spi.TraceContextStore#claim(StoreKey, Consumption)}.
   *
   * <p>PostgreSQL: one statement. H2: one statement, and a select when it claimed nothing. MariaDB
   * and MySQL: a locking select and an update in one transaction. See {@link JdbcDialect}.
   *
   * @throws CorruptEntryException if the row cannot be read; it is deleted, as {@link #take} does
   */
  @Override
  public ClaimResult claim(StoreKey key, Consumption consumption) {
    checkOpen();
    try {
      return claims.claim(key.value(), consumption, clock.millis());
    } catch (SQLException e) {
      throw unavailable("claim", e);
    }
  }

  /** True: the row lock decides which of racing claims is first, in every dialect. */
  @Override
  public boolean claimIsAtomic() {
    return true;
  }

  /** {@code jdbc}. */
  @Override
  public String name() {
    return "jdbc";
  }

  /**
   * Deletes every row that has expired by the store clock's now, in batches of the configured size
   * (one statement per batch, until a batch comes back short). The background purge calls this.
   *
   * @return how many rows were deleted
   * @throws StoreUnavailableException if the database fails
   * @throws IllegalStateException if the store is closed
   */
  public int purgeExpired() {
    checkOpen();
    try {
      return purger.purge();
    } catch (SQLException e) {
      throw unavailable("purge", e);
    }
  }

  /**
   * Whether the table holds a row for {@code key}, expired or not: the raw view the TCK's rule on
   * backend expiry needs. Not public API.
   */
  boolean holdsRow(String key) {
    checkOpen();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT 1 FROM " + table + " WHERE store_key = ?")) {
      statement.setString(1, key);
      boolean found;
      try (ResultSet row = statement.executeQuery()) {
        found = row.next();
      }
      commitIfNeeded(connection);
      return found;
    } catch (SQLException e) {
      throw unavailable("holdsRow", e);
    }
  }

  /**
   * The dialect in use.
   *
   * @return the dialect
   */
  public JdbcDialect dialect() {
    return dialect;
  }

  /**
   * The table, as configured.
   *
   * @return the table name
   */
  public String table() {
    return table;
  }

  /**
   * Stops the background purge and closes the pool if the store created it; a caller's {@link
   * DataSource} stays open. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    purger.stop();
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  @Override
  public String toString() {
    return "JdbcTraceContextStore{dialect=" + dialect.dialectName() + ", table=" + table
        + ", ownsPool=" + (ownedPool != null) + (closed ? ", closed" : "") + '}';
  }

  /** Whether the database chose the statement as a deadlock victim and rolled it back (SQLState 40001). */
  static boolean isDeadlock(SQLException e) {
    return "40001".equals(e.getSQLState());
  }

  static void commitIfNeeded(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  private static void rollbackQuietly(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("jdbc store on table " + table + " is closed");
    }
  }

  private StoreUnavailableException unavailable(String operation, SQLException e) {
    String state = e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")";
    return new StoreUnavailableException(
        "jdbc store: " + operation + " on table " + table + " failed" + state, e);
  }

  /**
   * Builds a {@link JdbcTraceContextStore}; obtained from {@link #builder(DataSource)}
   * (the caller's pool) or {@link #builder(String)} (a HikariCP pool the store
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
  public static final class Builder {
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

    Builder(@Nullable DataSource dataSource, @Nullable String jdbcUrl) {
      this.dataSource = dataSource;
      this.jdbcUrl = jdbcUrl;
    }

    /**
     * The database user of the store's own pool; may also be part of the URL.
     *
     * @param user the database user
     * @return this builder
     */
    public Builder user(String user) {
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
    public Builder password(String password) {
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
    public Builder poolSize(int poolSize) {
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
    public Builder connectionTimeout(Duration connectionTimeout) {
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
    public Builder statementTimeout(Duration statementTimeout) {
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
    public Builder table(String table) {
      this.table = TableName.check(table);
      return this;
    }

    /**
     * The dialect, when it should not be chosen from the URL or the database.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(JdbcDialect dialect) {
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
    public Builder createTable(boolean createTable) {
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
    public Builder purgeInterval(Duration purgeInterval) {
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
    public Builder purgeBatchSize(int purgeBatchSize) {
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
    public Builder clock(Clock clock) {
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
}
