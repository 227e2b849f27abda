package dev.parkinglot.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.store.jdbc.JdbcTraceContextStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/*
 * The JDBC store on PostgreSQL against raw JDBC in the same run, on the same HikariCP pool and the
 * same table: the lot's park+retrieve (upsert of every column, then DELETE ... RETURNING and
 * decoding, inside an active span) against the same two statements with the same binds, written
 * here. Each trial creates its own table (random name) and drops it at the end.
 *
 * The lot's retrieve with the default duplicate detection is a claim (one UPDATE ... RETURNING that
 * leaves a tombstone row), not the raw pair's DELETE: lotWithoutDuplicateDetection* turn detection
 * off, so the lot runs the raw pair's two statements and the difference is the library's own work.
 */

/**
 * PostgreSQL park+retrieve through the lot vs raw JDBC, with 1 and 8 threads. Needs PostgreSQL at
 * {@code PARKINGLOT_BENCH_POSTGRES_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JdbcPostgresBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JdbcPostgresBenchmark {
  static final int RING = 1024;
  static final int POOL_SIZE = 8;
  static final String TAG = ServerAddresses.runTag();
  static final String TABLE = "parking_lot_bench_" + TAG;
  static final String COLUMNS =
      "trace_id_high, trace_id_low, span_id, trace_flags, trace_state, baggage, parked_at, ttl_ms, metadata";

  private HikariDataSource pool;
  private BenchLot bench;
  /** A second lot over the same store, with duplicate detection off: the raw pair's commands exactly. */
  private BenchLot plain;
  private StoredTraceContext sample;
  private String upsertSql;
  private String takeSql;

  /** One thread's keys, as the lot takes them and as the store holds them. */
  @State(Scope.Thread)
  public static class ThreadKeys {
    String[] keys;
    String[] storeKeys;
    int next;

    @Setup(Level.Trial)
    public void build(ThreadParams params) {
      keys = BenchLot.keys("bench-t" + params.getThreadIndex() + "-order-", RING);
      storeKeys = new String[RING];
      for (int i = 0; i < RING; i++) {
        storeKeys[i] = BenchLot.storeKey(keys[i]);
      }
    }

    int advance() {
      int index = next;
      next = (index + 1) & (RING - 1);
      return index;
    }
  }

  @Setup(Level.Trial)
  public void open() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(ServerAddresses.postgresUrl());
    config.setMaximumPoolSize(POOL_SIZE);
    config.setPoolName("bench");
    pool = new HikariDataSource(config);
    bench = BenchLot.over("jdbc-postgres",
        JdbcTraceContextStore.builder(pool).table(TABLE).createTable(true).build());
    plain = BenchLot.overWithoutDuplicateDetection(bench.storeName, bench.store);
    String probe = "bench-probe";
    sample = bench.parkEach(new String[] {probe}, Map.of()).get(0);
    bench.lot.delete(probe);
    upsertSql = "INSERT INTO " + TABLE + " (store_key, expires_at, " + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store_key) DO UPDATE SET"
        + " expires_at = EXCLUDED.expires_at, trace_id_high = EXCLUDED.trace_id_high,"
        + " trace_id_low = EXCLUDED.trace_id_low, span_id = EXCLUDED.span_id,"
        + " trace_flags = EXCLUDED.trace_flags, trace_state = EXCLUDED.trace_state,"
        + " baggage = EXCLUDED.baggage, parked_at = EXCLUDED.parked_at, ttl_ms = EXCLUDED.ttl_ms,"
        + " metadata = EXCLUDED.metadata";
    takeSql = "DELETE FROM " + TABLE + " WHERE store_key = ? AND expires_at > ? RETURNING " + COLUMNS;
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    plain.lot.close();
    bench.close();
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + TABLE);
    } finally {
      pool.close();
    }
  }

  /** The lot: park then retrieve one key, one thread. */
  @Benchmark
  public StoredTraceContext lotParkThenRetrieve(ThreadKeys keys, ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(bench.lot, keys.keys[keys.advance()]);
  }

  /** Raw JDBC: the same upsert and DELETE ... RETURNING, one thread. */
  @Benchmark
  public long rawUpsertThenDeleteReturning(ThreadKeys keys) throws SQLException {
    return rawPair(keys);
  }

  /** The lot with 8 threads. */
  @Benchmark
  @Threads(8)
  public StoredTraceContext lotParkThenRetrieve8(ThreadKeys keys, ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(bench.lot, keys.keys[keys.advance()]);
  }

  /** Raw JDBC with 8 threads. */
  @Benchmark
  @Threads(8)
  public long rawUpsertThenDeleteReturning8(ThreadKeys keys) throws SQLException {
    return rawPair(keys);
  }

  /** The lot without duplicate detection (retrieve is a take: upsert then DELETE ... RETURNING, as raw), one thread. */
  @Benchmark
  public StoredTraceContext lotWithoutDuplicateDetection(ThreadKeys keys, ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(plain.lot, keys.keys[keys.advance()]);
  }

  /** The lot without duplicate detection, 8 threads. */
  @Benchmark
  @Threads(8)
  public StoredTraceContext lotWithoutDuplicateDetection8(ThreadKeys keys, ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(plain.lot, keys.keys[keys.advance()]);
  }

  private long rawPair(ThreadKeys keys) throws SQLException {
    String key = keys.storeKeys[keys.advance()];
    long now = System.currentTimeMillis();
    try (Connection connection = pool.getConnection()) {
      try (PreparedStatement upsert = connection.prepareStatement(upsertSql)) {
        upsert.setString(1, key);
        upsert.setLong(2, now + sample.ttlMillis());
        upsert.setLong(3, sample.traceIdHigh());
        upsert.setLong(4, sample.traceIdLow());
        upsert.setLong(5, sample.spanIdAsLong());
        upsert.setShort(6, (short) (sample.traceFlags().asByte() & 0xFF));
        upsert.setNull(7, Types.VARCHAR);
        upsert.setNull(8, Types.VARCHAR);
        upsert.setLong(9, now);
        upsert.setLong(10, sample.ttlMillis());
        upsert.setNull(11, Types.VARCHAR);
        upsert.executeUpdate();
      }
    }
    try (Connection connection = pool.getConnection();
        PreparedStatement take = connection.prepareStatement(takeSql)) {
      take.setString(1, key);
      take.setLong(2, now);
      try (ResultSet row = take.executeQuery()) {
        boolean found = row.next();
        return ParkedCheck.found(found, found ? row.getLong(3) : 0L, key);
      }
    }
  }
}
