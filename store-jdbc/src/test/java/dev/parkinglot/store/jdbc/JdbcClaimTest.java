package dev.parkinglot.store.jdbc;

import dev.parkinglot.tck.TckClock;
import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The claim in SQL terms, on every database: what the tombstone row holds, a corrupt row, and a
 * table created before the consumed_at column with the README's migration.
 */
class JdbcClaimTest {
  private static final long T0 = Instant.parse("2030-01-01T00:00:00.250Z").toEpochMilli();
  private static final Duration GRACE = Duration.ofMinutes(10).plusMillis(3);

  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(T0));
  private final List<Runnable> cleanup = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).run();
    }
  }

  private JdbcTraceContextStore store(Db db, String table) {
    JdbcTraceContextStore store = JdbcTraceContextStore.builder(TestDatabases.pool(db)).dialect(db.dialect)
        .table(table).clock(clock).purgeInterval(Duration.ZERO).build();
    cleanup.add(store::close);
    return store;
  }

  private String table(Db db) throws SQLException {
    HikariDataSource pool = TestDatabases.pool(db);
    String table = TestDatabases.uniqueTable();
    TestDatabases.createTable(pool, db, table);
    cleanup.add(() -> {
      try {
        TestDatabases.dropTable(pool, table);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    return table;
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void theTombstoneRowKeepsEveryColumnAndMovesOnlyConsumedAtExpiryAndTtl(Db db) throws SQLException {
    String table = table(db);
    JdbcTraceContextStore store = store(db, table);
    StoredTraceContext entry = JdbcTraceContextStoreTest.context(7, T0, Duration.ofHours(1));
    store.save(StoreKey.of("k"), entry);
    List<Object> before = row(db, table, "k");
    clock.advance(Duration.ofMillis(90_000));

    ClaimResult claim = store.claim(StoreKey.of("k"), Consumption.of(clock.instant(), GRACE));

    assertThat(claim.status()).isEqualTo(ClaimResult.Status.CLAIMED);
    assertThat(claim.context()).contains(entry);
    List<Object> after = row(db, table, "k");
    long until = clock.millis() + GRACE.toMillis();
    assertThat(after.get(0)).as("expires_at").isEqualTo(until);
    assertThat(after.get(8)).as("ttl_ms").isEqualTo(until - T0);
    assertThat(after.get(9)).as("consumed_at").isEqualTo(clock.millis());
    assertThat(before.get(9)).as("consumed_at of the live row").isNull();
    assertThat(after.subList(1, 8)).as("ids, flags, tracestate, baggage, parked_at")
        .isEqualTo(before.subList(1, 8));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aCorruptRowIsDeletedByTheClaimThatFindsIt(Db db) throws SQLException {
    String table = table(db);
    JdbcTraceContextStore store = store(db, table);
    store.save(StoreKey.of("live"), JdbcTraceContextStoreTest.context(1, T0, Duration.ofHours(1)));
    StoredTraceContext consumed = JdbcTraceContextStoreTest.context(2, T0, Duration.ofHours(1));
    store.save(StoreKey.of("tombstone"), consumed.asConsumed(Consumption.of(clock.instant(), GRACE)));
    TestDatabases.execute(TestDatabases.pool(db), "UPDATE " + table + " SET trace_flags = 300");

    for (String key : List.of("live", "tombstone")) {
      assertThatThrownBy(() -> store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)))
          .as(key).isInstanceOfSatisfying(CorruptEntryException.class, e -> assertThat(e.key()).isEqualTo(key));
      assertThat(store.holdsRow(key)).as("the %s row is deleted", key).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aTableWithoutConsumedAtFailsClearlyUntilTheReadmesAlterTableAddsIt(Db db) throws SQLException {
    HikariDataSource pool = TestDatabases.pool(db);
    String table = TestDatabases.uniqueTable();
    cleanup.add(() -> {
      try {
        TestDatabases.dropTable(pool, table);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : db.ddlDialect.createTableStatements(table)) {
        String old = sql.replace(",\n  consumed_at   BIGINT\n)", "\n)")
            .replace("  consumed_at   BIGINT       NULL,\n", "");
        assertThat(old).doesNotContain("consumed_at");
        statement.execute(old);
      }
    }
    JdbcTraceContextStore store = store(db, table);
    StoredTraceContext entry = JdbcTraceContextStoreTest.context(3, T0, Duration.ofHours(1));
    assertThatThrownBy(() -> store.save(StoreKey.of("k"), entry)).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("save on table " + table);

    TestDatabases.execute(pool, "ALTER TABLE " + table + " ADD COLUMN consumed_at BIGINT NULL");

    store.save(StoreKey.of("k"), entry);
    assertThat(store.claim(StoreKey.of("k"), Consumption.of(clock.instant(), GRACE)).context()).contains(entry);
    assertThat(store.claim(StoreKey.of("k"), Consumption.of(clock.instant(), GRACE)).status()).isEqualTo(ClaimResult.Status.DUPLICATE);
  }

  /** expires_at, then the read columns (ids, flags, tracestate, baggage, parked_at, ttl_ms, consumed_at). */
  private static List<Object> row(Db db, String table, String key) throws SQLException {
    try (Connection connection = TestDatabases.pool(db).getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT expires_at, trace_id_high, trace_id_low,"
            + " span_id, trace_flags, trace_state, baggage, parked_at, ttl_ms, consumed_at FROM " + table
            + " WHERE store_key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        List<Object> values = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
          Object value = row.getObject(i);
          values.add(value instanceof Number ? (Object) ((Number) value).longValue() : value);
        }
        return values;
      }
    }
  }
}
