package dev.parkinglot.store.jdbc;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/*
 * One claim per dialect style (JdbcDialect says which SQL each runs). What they share: the live
 * row is found with the store clock's now bound as a parameter, so an expired row is never claimed
 * and never written; the row lock makes racing claims of one key queue up, and each later one finds
 * the tombstone the first left; the context returned for CLAIMED is the row as it was before the
 * claim, the original ttl included. A row that cannot be read is deleted, then reported, as take
 * does, so that it cannot fail every later claim.
 */

/** The JDBC store's claim. Not public API. */
final class JdbcClaim {
  private static final long MAX_TTL_MILLIS = ParkingLotLimits.MAX_TTL.toMillis();
  /** H2: how often a claim starts over when a new live entry was saved between its two statements. */
  private static final int H2_ATTEMPTS = 3;

  private final DataSource dataSource;
  private final JdbcDialect dialect;
  private final String claimSql;
  private final String selectSql;
  private final String tombstoneSql;
  private final String deleteSql;

  JdbcClaim(DataSource dataSource, JdbcDialect dialect, String table) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.claimSql = dialect.claimSql(table);
    this.selectSql = dialect.selectSql(table);
    this.tombstoneSql = dialect.tombstoneSql(table);
    this.deleteSql = dialect.deleteSql(table);
  }

  /** Claims {@code key}; the arguments are checked by the caller, {@code nowMillis} is the store clock's. */
  ClaimResult claim(String key, Consumption consumption, long nowMillis) throws SQLException {
    long at = consumption.consumedAtMillis();
    long until = consumption.tombstoneExpiresAtMillis();
    switch (dialect.claimStyle()) {
      case ONE_STATEMENT:
        return inOneStatement(key, nowMillis, Math.max(0, at), until);
      case UPDATE_THEN_SELECT:
        return updateThenSelect(key, nowMillis, Math.max(0, at), until);
      default:
        return inTransaction(key, consumption, nowMillis);
    }
  }

  private ClaimResult inOneStatement(String key, long nowMillis, long consumedAt, long until)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(claimSql)) {
      statement.setString(1, key);
      statement.setLong(2, nowMillis);
      bindTombstone(statement, 3, consumedAt, until);
      statement.setString(8, key);
      StoredTraceContext found = null;
      boolean claimed = false;
      CorruptEntryException corrupt = null;
      try (ResultSet row = statement.executeQuery()) {
        if (row.next()) {
          claimed = row.getLong(12) > 0;
          try {
            found = RowCodec.readRow(key, row);
          } catch (CorruptEntryException e) {
            corrupt = e;
          }
        }
      }
      JdbcTraceContextStore.commitIfNeeded(connection);
      if (corrupt != null) {
        throw deleted(connection, key, corrupt);
      }
      return found == null ? ClaimResult.notFound() : result(key, found, claimed);
    }
  }

  private ClaimResult updateThenSelect(String key, long nowMillis, long consumedAt, long until)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      for (int attempt = 1; ; attempt++) {
        try (PreparedStatement update = connection.prepareStatement(claimSql)) {
          bindTombstone(update, 1, consumedAt, until);
          update.setString(6, key);
          update.setLong(7, nowMillis);
          StoredTraceContext claimed = readOne(connection, key, update);
          JdbcTraceContextStore.commitIfNeeded(connection);
          if (claimed != null) {
            return ClaimResult.claimed(claimed);
          }
        }
        try (PreparedStatement select = connection.prepareStatement(selectSql)) {
          select.setString(1, key);
          select.setLong(2, nowMillis);
          StoredTraceContext found = readOne(connection, key, select);
          JdbcTraceContextStore.commitIfNeeded(connection);
          if (found == null) {
            return ClaimResult.notFound();
          }
          if (found.isConsumed() || attempt >= H2_ATTEMPTS) {
            return result(key, found, false);
          }
          // A live entry was saved between the update and the select: claim that one.
        }
      }
    }
  }

  private ClaimResult inTransaction(String key, Consumption consumption, long nowMillis)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return inTransactionOnce(key, consumption, nowMillis);
      } catch (SQLException e) {
        // As for take: InnoDB may roll back a locking read as a deadlock victim; it is safe to rerun.
        if (attempt >= JdbcTraceContextStore.DEADLOCK_ATTEMPTS || !JdbcTraceContextStore.isDeadlock(e)) {
          throw e;
        }
      }
    }
  }

  private ClaimResult inTransactionOnce(String key, Consumption consumption, long nowMillis)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit) {
        connection.setAutoCommit(false);
      }
      try {
        StoredTraceContext found;
        try (PreparedStatement select = connection.prepareStatement(claimSql)) {
          select.setString(1, key);
          select.setLong(2, nowMillis);
          found = readOne(connection, key, select);
        }
        if (found != null && !found.isConsumed()) {
          StoredTraceContext tombstone = consumption.tombstoneOf(found);
          try (PreparedStatement update = connection.prepareStatement(tombstoneSql)) {
            update.setLong(1, tombstone.consumedAtMillis());
            update.setLong(2, tombstone.expiresAtMillis());
            update.setLong(3, tombstone.ttlMillis());
            update.setString(4, key);
            update.executeUpdate();
          }
        }
        connection.commit();
        return found == null ? ClaimResult.notFound() : result(key, found, !found.isConsumed());
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      } finally {
        if (autoCommit) {
          connection.setAutoCommit(true);
        }
      }
    }
  }

  /** Binds consumedAt, then until and the largest ttl twice (the tombstone's ttl and expiry), from {@code first}. */
  private static void bindTombstone(PreparedStatement statement, int first, long consumedAt, long until)
      throws SQLException {
    statement.setLong(first, consumedAt);
    statement.setLong(first + 1, until);
    statement.setLong(first + 2, MAX_TTL_MILLIS);
    statement.setLong(first + 3, until);
    statement.setLong(first + 4, MAX_TTL_MILLIS);
  }

  /**
   * The row {@code query} returns, if any, read. A corrupt one is deleted on the same connection
   * and reported; that commits a transaction the connection has open. Otherwise nothing is committed.
   */
  private @Nullable StoredTraceContext readOne(Connection connection, String key, PreparedStatement query)
      throws SQLException {
    CorruptEntryException corrupt;
    try (ResultSet row = query.executeQuery()) {
      if (!row.next()) {
        return null;
      }
      try {
        return RowCodec.readRow(key, row);
      } catch (CorruptEntryException e) {
        corrupt = e;
      }
    }
    throw deleted(connection, key, corrupt);
  }

  private CorruptEntryException deleted(Connection connection, String key, CorruptEntryException corrupt)
      throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(deleteSql)) {
      delete.setString(1, key);
      delete.executeUpdate();
    }
    JdbcTraceContextStore.commitIfNeeded(connection);
    return corrupt.removedFromStore();
  }

  private static ClaimResult result(String key, StoredTraceContext found, boolean claimed) {
    if (claimed) {
      return ClaimResult.claimed(found);
    }
    if (found.isConsumed()) {
      return ClaimResult.duplicate(found);
    }
    throw new IllegalStateException("the claim of key '" + key + "' found a live entry that it did not claim");
  }
}
