package dev.parkinglot.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/*
 * Each dialect gives the store one statement per operation, built once per store (the table name
 * is validated before it is put in any statement; every value is a bound parameter):
 *
 *   save    an upsert: ON CONFLICT DO UPDATE (PostgreSQL), ON DUPLICATE KEY UPDATE (MariaDB, MySQL),
 *           MERGE … KEY (H2).
 *   take    DELETE … RETURNING where the database has it (PostgreSQL, MariaDB 10.5+), a delete
 *           wrapped in a data-change delta table on H2 (SELECT … FROM OLD TABLE (DELETE …)), and on
 *           MySQL, which has neither, SELECT … FOR UPDATE then DELETE in one transaction. The row
 *           lock taken by the delete (or by FOR UPDATE) makes concurrent takes of one key queue up;
 *           the losers find no row once the winner commits.
 *   claim   PostgreSQL: one statement, a CTE that locks the live row (SELECT … FOR UPDATE), a
 *           data-modifying CTE that turns it into its tombstone if it is not one yet, and a final
 *           SELECT of the locked row as it was plus whether this statement claimed it. H2: an
 *           UPDATE … WHERE consumed_at IS NULL inside OLD TABLE (…), which returns the row as it
 *           was when this statement claimed it, else a SELECT tells a tombstone from nothing.
 *           MariaDB and MySQL (no UPDATE … RETURNING): SELECT … FOR UPDATE, then the UPDATE, in
 *           one transaction. The row lock decides which of racing claims is first; the tombstone's
 *           ttl is computed in SQL from parked_at where the row is not read first.
 *   purge   a delete bounded to a batch: PostgreSQL has no DELETE … LIMIT, so the keys come from a
 *           limited sub-select and the expiry is checked again on the outer delete, so that a row
 *           saved anew between the two is never purged.
 *
 * Expiry is always a bound parameter (the store clock's now), never the database's clock.
 */

/**
 * The SQL dialects the JDBC store speaks. Chosen from the JDBC URL ({@link #fromJdbcUrl(String)}),
 * from the connected database's product name, or set explicitly ({@link #fromName(String)}).
 *
 * <p>Each dialect ships its DDL as a resource, {@code dev/parkinglot/store/jdbc/<name>.sql}; {@link
 * #createTableSql(String)} returns it with the table name substituted, ready to run or to copy into
 * a migration.
 */
public enum JdbcDialect {
  /** PostgreSQL 9.5 and later. */
  POSTGRESQL("postgresql", "jdbc:postgresql:"),
  /** MariaDB 10.5 and later (DELETE … RETURNING). */
  MARIADB("mariadb", "jdbc:mariadb:"),
  /** MySQL 8.0 and later; take runs SELECT … FOR UPDATE and DELETE in a transaction. */
  MYSQL("mysql", "jdbc:mysql:"),
  /** H2 2.x. */
  H2("h2", "jdbc:h2:");

  /** The columns of the context itself, in the order {@link RowCodec} reads and binds them. */
  private static final String CONTEXT_COLUMNS = "trace_id_high, trace_id_low, span_id, trace_flags, trace_state,"
      + " baggage, parked_at, ttl_ms, metadata, consumed_at";
  /**
   * The columns a read returns, in the order {@link RowCodec} reads them: the context's, then
   * {@code expires_at}, which decides the entry's expiry (see {@link RowCodec#readRow}).
   */
  static final String READ_COLUMNS = CONTEXT_COLUMNS + ", expires_at";
  /** The columns a save writes, in the order {@link RowCodec} binds them. */
  static final String WRITE_COLUMNS = "store_key, expires_at, " + CONTEXT_COLUMNS;

  private static final String[] UPDATED_COLUMNS = ("expires_at, " + CONTEXT_COLUMNS).split(", ");
  private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(?:\\r?\\n|$)");
  private static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
  /** The tombstone's ttl from its park time: until - parked_at, at least 1 ms, at most the largest ttl. */
  private static final String TOMBSTONE_TTL = "LEAST(GREATEST(? - parked_at, 1), ?)";

  private final String dialectName;
  private final String urlPrefix;

  JdbcDialect(String dialectName, String urlPrefix) {
    this.dialectName = dialectName;
    this.urlPrefix = urlPrefix;
  }

  /**
   * The name used in configuration ({@code parkinglot.jdbc.dialect}) and in the DDL resource name.
   *
   * @return the dialect's configuration name
   */
  public String dialectName() {
    return dialectName;
  }

  /**
   * The statement that bounds every later statement of a session to {@code millis} on the server,
   * for a pool's connection init SQL: PostgreSQL {@code statement_timeout}, MariaDB {@code
   * max_statement_time}, MySQL {@code max_execution_time} (which bounds SELECTs only), H2 {@code
   * QUERY_TIMEOUT}. The server cancels a statement that runs longer, locks waited for included, and
   * rolls back what it did.
   *
   * @param millis the bound in milliseconds, at least 1
   * @return the SQL statement
   */
  String statementTimeoutSql(long millis) {
    switch (this) {
      case POSTGRESQL:
        return "SET statement_timeout = " + millis;
      case MARIADB:
        return "SET SESSION max_statement_time = " + java.math.BigDecimal.valueOf(millis, 3).toPlainString();
      case MYSQL:
        return "SET SESSION max_execution_time = " + millis;
      case H2:
        return "SET QUERY_TIMEOUT " + millis;
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * The dialect a JDBC URL names, from its prefix ({@code jdbc:postgresql:}, {@code jdbc:mariadb:},
   * {@code jdbc:mysql:}, {@code jdbc:h2:}).
   *
   * @param jdbcUrl the JDBC URL
   * @return the dialect, or empty for any other URL
   */
  public static Optional<JdbcDialect> fromJdbcUrl(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null");
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(d -> lower.startsWith(d.urlPrefix)).findFirst();
  }

  /**
   * The dialect with this configuration name, any case: {@code postgresql}, {@code mariadb}, {@code
   * mysql} or {@code h2}.
   *
   * @param name the configuration name
   * @return the dialect
   * @throws IllegalArgumentException for any other name, listing the known ones
   */
  public static JdbcDialect fromName(String name) {
    Objects.requireNonNull(name, "dialect name must not be null");
    String lower = name.trim().toLowerCase(Locale.ROOT);
    for (JdbcDialect dialect : values()) {
      if (dialect.dialectName.equals(lower)) {
        return dialect;
      }
    }
    throw new IllegalArgumentException(
        "unknown JDBC dialect '" + name + "'; known dialects are postgresql, mariadb, mysql and h2");
  }

  /** The dialect for a database product name as JDBC metadata reports it; empty when unknown. */
  static Optional<JdbcDialect> fromProductName(String productName) {
    String lower = productName.toLowerCase(Locale.ROOT);
    if (lower.contains("postgresql")) {
      return Optional.of(POSTGRESQL);
    }
    if (lower.contains("mariadb")) {
      return Optional.of(MARIADB);
    }
    if (lower.contains("mysql")) {
      return Optional.of(MYSQL);
    }
    if (lower.equals("h2")) {
      return Optional.of(H2);
    }
    return Optional.empty();
  }

  /**
   * The DDL that creates the table and its expiry index if they do not exist, statements separated
   * by {@code ;} and a line break.
   *
   * @param table the table name, optionally schema-qualified
   * @return the DDL script
   * @throws IllegalArgumentException if {@code table} is not a valid table name (see {@link
   *     TableName})
   */
  public String createTableSql(String table) {
    String validated = TableName.check(table);
    String resource = "/dev/parkinglot/store/jdbc/" + dialectName + ".sql";
    try (InputStream in = JdbcDialect.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("DDL resource " + resource + " is missing from the jar");
      }
      String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return template
          .replace("${table}", validated)
          .replace("${index}", TableName.indexName(validated));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read DDL resource " + resource, e);
    }
  }

  /**
   * {@link #createTableSql(String)} as separate statements, comments removed, ready for {@link
   * java.sql.Statement#execute(String)} one by one.
   *
   * @param table the table name, optionally schema-qualified
   * @return the statements, in order
   * @throws IllegalArgumentException if {@code table} is not a valid table name
   */
  public List<String> createTableStatements(String table) {
    List<String> statements = new ArrayList<>();
    for (String chunk : STATEMENT_END.split(createTableSql(table))) {
      String sql =
          chunk.lines().filter(line -> !line.trim().startsWith("--")).collect(Collectors.joining("\n")).trim();
      if (!sql.isEmpty()) {
        statements.add(sql);
      }
    }
    return List.copyOf(statements);
  }

  /** Insert or replace every column of the row; binds {@link #WRITE_COLUMNS} in order. */
  String upsertSql(String table) {
    switch (this) {
      case POSTGRESQL:
        return "INSERT INTO " + table + " (" + WRITE_COLUMNS + ") VALUES (" + PLACEHOLDERS + ")"
            + " ON CONFLICT (store_key) DO UPDATE SET " + assignments("EXCLUDED.", "");
      case MARIADB:
      case MYSQL:
        // VALUES(col) is accepted by MariaDB and by MySQL 8 and 9 (deprecated there, still working).
        return "INSERT INTO " + table + " (" + WRITE_COLUMNS + ") VALUES (" + PLACEHOLDERS + ")"
            + " ON DUPLICATE KEY UPDATE " + assignments("VALUES(", ")");
      case H2:
        return "MERGE INTO " + table + " (" + WRITE_COLUMNS + ") KEY (store_key) VALUES (" + PLACEHOLDERS + ")";
      default:
        throw new AssertionError(this);
    }
  }

  private static String assignments(String before, String after) {
    StringBuilder sql = new StringBuilder();
    for (String column : UPDATED_COLUMNS) {
      if (sql.length() > 0) {
        sql.append(", ");
      }
      sql.append(column).append(" = ").append(before).append(column).append(after);
    }
    return sql.toString();
  }

  /** The live row's {@link #READ_COLUMNS}; binds key, now. */
  String selectSql(String table) {
    return "SELECT " + READ_COLUMNS + " FROM " + table + " WHERE store_key = ? AND expires_at > ?";
  }

  /** One row if the key is live; binds key, now. */
  String existsSql(String table) {
    return "SELECT 1 FROM " + table + " WHERE store_key = ? AND expires_at > ?";
  }

  /** Removes the row whatever its expiry; binds key. */
  String deleteSql(String table) {
    return "DELETE FROM " + table + " WHERE store_key = ?";
  }

  /** Whether take is a locking select and a delete in one transaction rather than one statement. */
  boolean takeInTransaction() {
    return this == MYSQL;
  }

  /**
   * Take as one query that deletes the live row and returns its {@link #READ_COLUMNS}; on MySQL the
   * locking select of the transaction. Binds key, now.
   */
  String takeSql(String table) {
    String where = " WHERE store_key = ? AND expires_at > ?";
    switch (this) {
      case POSTGRESQL:
      case MARIADB:
        return "DELETE FROM " + table + where + " RETURNING " + READ_COLUMNS;
      case H2:
        return "SELECT " + READ_COLUMNS + " FROM OLD TABLE (DELETE FROM " + table + where + ")";
      case MYSQL:
        return "SELECT " + READ_COLUMNS + " FROM " + table + where + " FOR UPDATE";
      default:
        throw new AssertionError(this);
    }
  }

  /** How a claim runs: one statement, a delta-table update and a select on a miss, or a transaction. */
  enum ClaimStyle { ONE_STATEMENT, UPDATE_THEN_SELECT, LOCKING_TRANSACTION }

  ClaimStyle claimStyle() {
    switch (this) {
      case POSTGRESQL:
        return ClaimStyle.ONE_STATEMENT;
      case H2:
        return ClaimStyle.UPDATE_THEN_SELECT;
      default:
        return ClaimStyle.LOCKING_TRANSACTION;
    }
  }

  /**
   * The claim's first statement. {@link ClaimStyle#ONE_STATEMENT}: returns the live row's {@link
   * #READ_COLUMNS} as they were and, last, 1 if this statement claimed it (else 0); binds key, now,
   * consumedAt, until, largest ttl, until, largest ttl, key. {@link ClaimStyle#UPDATE_THEN_SELECT}:
   * returns the row as it was if this statement claimed it; binds consumedAt, until, largest ttl,
   * until, largest ttl, key, now. {@link ClaimStyle#LOCKING_TRANSACTION}: the locking read of the
   * live row; binds key, now.
   */
  String claimSql(String table) {
    String tombstone = "consumed_at = ?, ttl_ms = " + TOMBSTONE_TTL + ", expires_at = parked_at + " + TOMBSTONE_TTL;
    switch (this) {
      case POSTGRESQL:
        return "WITH live AS (SELECT " + READ_COLUMNS + " FROM " + table
            + " WHERE store_key = ? AND expires_at > ? FOR UPDATE),"
            + " claimed AS (UPDATE " + table + " SET " + tombstone
            + " WHERE store_key = ? AND EXISTS (SELECT 1 FROM live WHERE consumed_at IS NULL) RETURNING 1)"
            + " SELECT " + READ_COLUMNS + ", (SELECT COUNT(*) FROM claimed) FROM live";
      case H2:
        return "SELECT " + READ_COLUMNS + " FROM OLD TABLE (UPDATE " + table + " SET " + tombstone
            + " WHERE store_key = ? AND expires_at > ? AND consumed_at IS NULL)";
      case MARIADB:
      case MYSQL:
        return "SELECT " + READ_COLUMNS + " FROM " + table + " WHERE store_key = ? AND expires_at > ? FOR UPDATE";
      default:
        throw new AssertionError(this);
    }
  }

  /** {@link ClaimStyle#LOCKING_TRANSACTION}: writes the tombstone; binds consumedAt, expiresAt, ttl, key. */
  String tombstoneSql(String table) {
    return "UPDATE " + table + " SET consumed_at = ?, expires_at = ?, ttl_ms = ? WHERE store_key = ?";
  }

  /**
   * Deletes at most one batch of expired rows. Binds now, batch size and, where {@link
   * #purgeBindsNowTwice()}, now again.
   */
  String purgeSql(String table) {
    switch (this) {
      case POSTGRESQL:
        return "DELETE FROM " + table + " WHERE store_key IN (SELECT store_key FROM " + table
            + " WHERE expires_at <= ? LIMIT ?) AND expires_at <= ?";
      case MARIADB:
      case MYSQL:
        return "DELETE FROM " + table + " WHERE expires_at <= ? LIMIT ?";
      case H2:
        return "DELETE FROM " + table + " WHERE expires_at <= ? FETCH FIRST ? ROWS ONLY";
      default:
        throw new AssertionError(this);
    }
  }

  /** Whether {@link #purgeSql(String)} takes now a second time, after the batch size. */
  boolean purgeBindsNowTwice() {
    return this == POSTGRESQL;
  }
}
