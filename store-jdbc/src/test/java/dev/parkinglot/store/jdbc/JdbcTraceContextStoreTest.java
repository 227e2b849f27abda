package dev.parkinglot.store.jdbc;

import dev.parkinglot.tck.TckClock;
import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import dev.parkinglot.tck.TckData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the TCK does not pin and this store promises: its schema, purge, corrupt rows, the columns it
 * writes, byte-exact keys, and who closes what. Runs on every database (MySQL's dialect on the
 * MariaDB server).
 */
class JdbcTraceContextStoreTest {
  private static final long T0 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(T0));
  private final List<Runnable> cleanup = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).run();
    }
  }

  private JdbcTraceContextStore store(Db db, String table) throws SQLException {
    HikariDataSource pool = TestDatabases.pool(db);
    TestDatabases.createTable(pool, db, table);
    cleanup.add(() -> dropQuietly(pool, table));
    JdbcTraceContextStore store =
        JdbcTraceContextStore.builder(pool).dialect(db.dialect).table(table).clock(clock)
            .purgeInterval(Duration.ZERO).purgeBatchSize(3).build();
    cleanup.add(store::close);
    return store;
  }

  private static void dropQuietly(HikariDataSource pool, String table) {
    try {
      TestDatabases.dropTable(pool, table);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static StoredTraceContext context(long spanId, long parkedAt, Duration ttl) {
    return TckData.sample(spanId, parkedAt, ttl)
        .traceFlags((byte) 0x81)
        .traceState("vendor=a,other=b")
        .baggage("user=alice;p=1,tenant=%22x%22")
        .build();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void storesOneRowWithTheIdsAsSignedLongsAndTimesAsEpochMillis(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    store.save(StoreKey.of("k"), context(0xb7ad6b7169203331L, T0, Duration.ofMillis(1500)));

    try (Connection connection = TestDatabases.pool(db).getConnection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT store_key, expires_at, trace_id_high, trace_id_low, span_id, trace_flags, trace_state,"
                + " baggage, parked_at, ttl_ms, metadata FROM " + table);
        ResultSet row = select.executeQuery()) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo("k");
      assertThat(row.getLong(2)).isEqualTo(T0 + 1500);
      assertThat(row.getLong(3)).isEqualTo(0x4bf92f3577b34da6L);
      assertThat(row.getLong(4)).isEqualTo(0xa3ce929d0e0e4736L).isNegative();
      assertThat(row.getLong(5)).isEqualTo(0xb7ad6b7169203331L);
      assertThat(row.getInt(6)).isEqualTo(0x81);
      assertThat(row.getString(7)).isEqualTo("vendor=a,other=b");
      assertThat(row.getString(8)).isEqualTo("user=alice;p=1,tenant=%22x%22");
      assertThat(row.getLong(9)).isEqualTo(T0);
      assertThat(row.getLong(10)).isEqualTo(1500);
      assertThat(row.getString(11)).as("no metadata is NULL, not JSON").isNull();
      assertThat(row.next()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void metadataIsOneJsonObjectOfStringsInItsOwnColumn(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("orderId", "o-1");
    metadata.put("note", "say \"hi\"\n");
    store.save(StoreKey.of("k"), StoredTraceContext.builder().traceId(1, 2).spanId(3).traceFlags((byte) 1).parkedAtMillis(T0)
        .ttl(Duration.ofHours(1)).metadata(metadata).build());

    assertThat(rawColumn(db, table, "metadata", "k")).isEqualTo("{\"orderId\":\"o-1\",\"note\":\"say \\\"hi\\\"\\n\"}");
    assertThat(store.load(StoreKey.of("k")).orElseThrow().metadata()).containsExactlyEntriesOf(metadata);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void unreadableMetadataMakesTheRowCorrupt(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    store.save(StoreKey.of("k"), context(5, T0, Duration.ofHours(1)));
    TestDatabases.execute(TestDatabases.pool(db), "UPDATE " + table + " SET metadata = '{\"a\":'");

    assertThatThrownBy(() -> store.load(StoreKey.of("k")))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> store.take(StoreKey.of("k"))).isInstanceOf(CorruptEntryException.class);
    assertThat(store.exists(StoreKey.of("k"))).isFalse();
  }

  private static String rawColumn(Db db, String table, String column, String key) throws SQLException {
    try (Connection connection = TestDatabases.pool(db).getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT " + column + " FROM " + table + " WHERE store_key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getString(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void keysAreComparedExactlyNotByCaseOrTrailingSpace(Db db) throws SQLException {
    JdbcTraceContextStore store = store(db, TestDatabases.uniqueTable());
    String[] keys = {"order-A", "order-a", "order-a ", "ordér-a", "order-\uD83D\uDE00", "o'r\"d\\e%r_;--"};
    for (int i = 0; i < keys.length; i++) {
      store.save(StoreKey.of(keys[i]), context(i + 1, T0, Duration.ofHours(1)));
    }
    for (int i = 0; i < keys.length; i++) {
      assertThat(store.load(StoreKey.of(keys[i]))).as(keys[i]).map(StoredTraceContext::spanIdAsLong).contains(i + 1L);
    }
    for (int i = 0; i < keys.length; i++) {
      assertThat(store.take(StoreKey.of(keys[i]))).as(keys[i]).map(StoredTraceContext::spanIdAsLong).contains(i + 1L);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void expiryIsDecidedByTheStoreClockNotTheDatabaseClock(Db db) throws SQLException {
    // T0 is years ahead of the database's clock; an entry of one second lives exactly one second of
    // the store clock all the same.
    JdbcTraceContextStore store = store(db, TestDatabases.uniqueTable());
    store.save(StoreKey.of("k"), context(7, T0, Duration.ofSeconds(1)));
    clock.set(Instant.ofEpochMilli(T0 + 999));
    assertThat(store.exists(StoreKey.of("k"))).isTrue();
    assertThat(store.load(StoreKey.of("k"))).isPresent();
    clock.set(Instant.ofEpochMilli(T0 + 1000));
    assertThat(store.exists(StoreKey.of("k"))).isFalse();
    assertThat(store.load(StoreKey.of("k"))).isEmpty();
    assertThat(store.take(StoreKey.of("k"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void purgeDeletesEveryExpiredRowInBatchesAndKeepsLiveOnes(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    for (int i = 1; i <= 10; i++) {
      store.save(StoreKey.of("expired-" + i), context(i, T0, Duration.ofMillis(i * 10L)));
    }
    store.save(StoreKey.of("live-1"), context(100, T0, Duration.ofHours(1)));
    store.save(StoreKey.of("live-2"), context(101, T0 + 50, Duration.ofMillis(60)));
    clock.set(Instant.ofEpochMilli(T0 + 100));

    assertThat(store.purgeExpired()).as("10 rows in batches of 3: 3+3+3+1").isEqualTo(10);
    assertThat(countRows(db, table)).isEqualTo(2);
    assertThat(store.load(StoreKey.of("live-1"))).isPresent();
    assertThat(store.load(StoreKey.of("live-2"))).isPresent();
    assertThat(store.purgeExpired()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aCorruptRowIsReportedNeverReturnedAndTakeRemovesIt(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    store.save(StoreKey.of("bad-id"), context(5, T0, Duration.ofHours(1)));
    store.save(StoreKey.of("bad-flags"), context(6, T0, Duration.ofHours(1)));
    TestDatabases.execute(TestDatabases.pool(db), "UPDATE " + table + " SET span_id = 0 WHERE store_key = 'bad-id'");
    TestDatabases.execute(
        TestDatabases.pool(db), "UPDATE " + table + " SET trace_flags = 300 WHERE store_key = 'bad-flags'");

    for (String key : new String[] {"bad-id", "bad-flags"}) {
      assertThatThrownBy(() -> store.load(StoreKey.of(key)))
          .isInstanceOf(CorruptEntryException.class)
          .satisfies(e -> assertThat(((CorruptEntryException) e).key()).isEqualTo(key));
      assertThatThrownBy(() -> store.take(StoreKey.of(key))).isInstanceOf(CorruptEntryException.class);
      assertThat(store.take(StoreKey.of(key))).as("the take that found it removed it").isEmpty();
    }
    assertThat(countRows(db, table)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aMissingTableIsAStoreUnavailableExceptionNamingTheTable(Db db) {
    JdbcTraceContextStore store =
        JdbcTraceContextStore.builder(TestDatabases.pool(db)).dialect(db.dialect).table("plt_no_such_table")
            .purgeInterval(Duration.ZERO).build();
    cleanup.add(store::close);
    assertThatThrownBy(() -> store.load(StoreKey.of("k")))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("load on table plt_no_such_table failed")
        .hasCauseInstanceOf(SQLException.class);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void createTableIsIdempotentAndIndexesExpiresAt(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    HikariDataSource pool = TestDatabases.pool(db);
    cleanup.add(() -> dropQuietly(pool, table));
    for (int i = 0; i < 2; i++) {
      JdbcTraceContextStore store =
          JdbcTraceContextStore.builder(pool).dialect(db.ddlDialect).table(table).createTable(true)
              .purgeInterval(Duration.ZERO).build();
      store.save(StoreKey.of("k" + i), context(1, T0, Duration.ofHours(1)));
      store.close();
    }
    assertThat(countRows(db, table)).isEqualTo(2);
    assertThat(indexedColumns(pool, table)).contains("expires_at", "store_key");
  }

  private static List<String> indexedColumns(HikariDataSource pool, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Connection connection = pool.getConnection()) {
      for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
        try (ResultSet index = connection.getMetaData().getIndexInfo(connection.getCatalog(), null, name, false, false)) {
          while (index.next()) {
            String column = index.getString("COLUMN_NAME");
            if (column != null) {
              columns.add(column.toLowerCase(java.util.Locale.ROOT));
            }
          }
        }
      }
    }
    return columns;
  }

  private static int countRows(Db db, String table) throws SQLException {
    try (Connection connection = TestDatabases.pool(db).getConnection();
        PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM " + table);
        ResultSet row = count.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }

}
