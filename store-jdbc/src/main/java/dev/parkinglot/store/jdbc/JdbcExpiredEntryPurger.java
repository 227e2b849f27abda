package dev.parkinglot.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/*
 * Purging is housekeeping, not correctness: reads filter expired rows themselves, so a purge that
 * fails or lags only leaves dead rows behind. It runs in bounded batches (one statement each, until
 * a batch comes back short) so that it never holds many locks or a long transaction, and on a daemon
 * thread that never stops the JVM from exiting. Every instance of a service may purge the same table:
 * the batches just find less to do.
 */

/** Deletes expired rows in batches, on demand or on a daemon thread. Not public API. */
final class JdbcExpiredEntryPurger {
  private static final System.Logger LOG = System.getLogger(JdbcTraceContextStore.class.getName());

  private final DataSource dataSource;
  private final String table;
  private final String purgeSql;
  private final boolean bindsNowTwice;
  private final Clock clock;
  private final int batchSize;
  private final BooleanSupplier stopped;
  private @Nullable ScheduledExecutorService executor;
  private volatile boolean failing;

  JdbcExpiredEntryPurger(
      DataSource dataSource, JdbcDialect dialect, String table, Clock clock, int batchSize,
      BooleanSupplier stopped) {
    this.dataSource = dataSource;
    this.table = table;
    this.purgeSql = dialect.purgeSql(table);
    this.bindsNowTwice = dialect.purgeBindsNowTwice();
    this.clock = clock;
    this.batchSize = batchSize;
    this.stopped = stopped;
  }

  /** Deletes every row expired by the clock's now; returns how many. */
  int purge() throws SQLException {
    long now = clock.millis();
    int total = 0;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(purgeSql)) {
      statement.setLong(1, now);
      statement.setInt(2, batchSize);
      if (bindsNowTwice) {
        statement.setLong(3, now);
      }
      int deleted;
      int deadlocks = 0;
      do {
        try {
          deleted = statement.executeUpdate();
          if (!connection.getAutoCommit()) {
            connection.commit();
          }
        } catch (SQLException e) {
          // InnoDB locks the expiry index before the rows, a take the other way round: either may
          // be chosen as a deadlock victim. The victim's statement was rolled back; run it again.
          if (!JdbcTraceContextStore.isDeadlock(e) || ++deadlocks >= JdbcTraceContextStore.DEADLOCK_ATTEMPTS) {
            throw e;
          }
          if (!connection.getAutoCommit()) {
            connection.rollback();
          }
          deleted = batchSize;
          continue;
        }
        total += deleted;
      } while (deleted >= batchSize && !stopped.getAsBoolean());
      return total;
    }
  }

  /** Starts purging every {@code interval} on a daemon thread. */
  synchronized void start(Duration interval) {
    ScheduledExecutorService started =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "parking-lot-jdbc-purge");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    started.scheduleWithFixedDelay(this::purgeInBackground, millis, millis, TimeUnit.MILLISECONDS);
    executor = started;
  }

  private void purgeInBackground() {
    if (stopped.getAsBoolean()) {
      return;
    }
    try {
      int deleted = purge();
      if (failing) {
        failing = false;
        LOG.log(System.Logger.Level.INFO, "purge of expired rows from {0} works again", table);
      }
      LOG.log(System.Logger.Level.DEBUG, "purged {0} expired rows from {1}", deleted, table);
    } catch (SQLException | RuntimeException e) {
      if (stopped.getAsBoolean()) {
        return;
      }
      // The first failure of a streak is a warning; the rest would only repeat it.
      System.Logger.Level level = failing ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
      failing = true;
      LOG.log(level, "purge of expired rows from " + table + " failed; will try again", e);
    }
  }

  /** Stops the daemon thread, waiting a few seconds for a running purge to finish its batch. */
  synchronized void stop() {
    ScheduledExecutorService running = executor;
    executor = null;
    if (running == null) {
      return;
    }
    running.shutdown();
    try {
      if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
