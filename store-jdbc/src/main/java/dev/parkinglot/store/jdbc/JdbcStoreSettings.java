package dev.parkinglot.store.jdbc;

import java.time.Duration;

/**
 * The settings of the {@code jdbc} store, as {@link dev.parkinglot.spi.StoreConfig} property names,
 * and their defaults. Each property can also be given as an environment variable: upper case, with
 * {@code .} and {@code -} as {@code _} ({@code parkinglot.jdbc.pool-size} is {@code
 * PARKINGLOT_JDBC_POOL_SIZE}).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code parkinglot.jdbc.url}</td><td>required</td><td>JDBC URL; its prefix picks the dialect</td></tr>
 *   <tr><td>{@code parkinglot.jdbc.user}</td><td>none</td><td>database user</td></tr>
 *   <tr><td>{@code parkinglot.jdbc.password}</td><td>none</td><td>password; never logged</td></tr>
 *   <tr><td>{@code parkinglot.jdbc.pool-size}</td><td>10</td><td>HikariCP maximum pool size</td></tr>
 *   <tr><td>{@code parkinglot.jdbc.connection-timeout}</td><td>2s</td><td>longest wait for a pooled
 *       connection, and so for an operation while the database is down</td></tr>
 *   <tr><td>{@code parkinglot.jdbc.statement-timeout}</td><td>2s</td><td>longest run of one statement,
 *       enforced by the database (PostgreSQL {@code statement_timeout}, MariaDB {@code
 *       max_statement_time}); {@code 0s} turns it off</td></tr>
 *   <tr><td>{@code parkinglot.jdbc.table}</td><td>{@code parking_lot_context}</td><td>table name,
 *       optionally schema-qualified</td></tr>
 *   <tr><td>{@code parkinglot.jdbc.dialect}</td><td>from the URL</td><td>{@code postgresql},
 *       {@code mariadb}, {@code mysql} or {@code h2}</td></tr>
 *   <tr><td>{@code parkinglot.jdbc.create-table}</td><td>false</td><td>create the table and index
 *       at start-up if missing</td></tr>
 *   <tr><td>{@code parkinglot.jdbc.purge-interval}</td><td>5m</td><td>how often a daemon thread
 *       deletes expired rows; {@code 0s} turns it off</td></tr>
 *   <tr><td>{@code parkinglot.jdbc.purge-batch-size}</td><td>1000</td><td>rows deleted per
 *       statement by a purge</td></tr>
 * </table>
 */
public final class JdbcStoreSettings {
  /** The JDBC URL; required. Its prefix picks the dialect. */
  public static final String URL = "parkinglot.jdbc.url";
  /** The database user of the store's pool; none by default. */
  public static final String USER = "parkinglot.jdbc.user";
  /** The password of the store's pool; none by default, never logged. */
  public static final String PASSWORD = "parkinglot.jdbc.password";
  /** The maximum size of the store's HikariCP pool. */
  public static final String POOL_SIZE = "parkinglot.jdbc.pool-size";
  /**
   * The longest wait for a pooled connection, and so for an operation while the database is down.
   */
  public static final String CONNECTION_TIMEOUT = "parkinglot.jdbc.connection-timeout";
  /**
   * The longest run of one statement of the store's pool, enforced by the database server; {@code
   * 0s} turns it off.
   */
  public static final String STATEMENT_TIMEOUT = "parkinglot.jdbc.statement-timeout";
  /** The table name, optionally schema-qualified. */
  public static final String TABLE = "parkinglot.jdbc.table";
  /**
   * The dialect: {@code postgresql}, {@code mariadb}, {@code mysql} or {@code h2}; from the URL by
   * default.
   */
  public static final String DIALECT = "parkinglot.jdbc.dialect";
  /** Whether the table and its index are created at start-up when missing; false by default. */
  public static final String CREATE_TABLE = "parkinglot.jdbc.create-table";
  /** How often a daemon thread deletes expired rows; {@code 0s} turns it off. */
  public static final String PURGE_INTERVAL = "parkinglot.jdbc.purge-interval";
  /** How many rows one purge statement deletes at most. */
  public static final String PURGE_BATCH_SIZE = "parkinglot.jdbc.purge-batch-size";

  /** The default table name. */
  public static final String DEFAULT_TABLE = "parking_lot_context";
  /** The default maximum size of a pool the store creates. */
  public static final int DEFAULT_POOL_SIZE = 10;
  /** The largest pool the store creates. */
  public static final int MAX_POOL_SIZE = 1000;
  /** The default longest wait for a connection from a pool the store creates. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
  /** The default longest run of one statement of a pool the store creates. */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(2);
  /** The shortest connection timeout HikariCP accepts. */
  public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);
  /** The default interval of the background purge. */
  public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(5);
  /** The default number of rows one purge statement deletes. */
  public static final int DEFAULT_PURGE_BATCH_SIZE = 1000;
  /** The largest number of rows one purge statement may delete. */
  public static final int MAX_PURGE_BATCH_SIZE = 100_000;

  private JdbcStoreSettings() {}
}
