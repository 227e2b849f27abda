package dev.parkinglot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import dev.parkinglot.tck.TckClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A row whose {@code expires_at} disagrees with {@code parked_at + ttl_ms} (edited by hand, or
 * written by another tool): {@code expires_at} decides, for every operation alike. Before, the SQL
 * found such a row by {@code expires_at} while the context read back had expired by its ttl, so the
 * first delivery was a miss, the redelivery a linked duplicate, and peek and exists said true.
 */
class JdbcExpiryAgreementTest {
  private static final long T0 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();
  private static final AttributeKey<Boolean> CONTEXT_FOUND = AttributeKey.booleanKey("parking_lot.context_found");
  private static final AttributeKey<Boolean> DUPLICATE = AttributeKey.booleanKey("parking_lot.duplicate");

  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(T0));
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
    tracerProvider.close();
  }

  private JdbcTraceContextStore store(Db db, String table) throws SQLException {
    HikariDataSource pool = TestDatabases.pool(db);
    TestDatabases.createTable(pool, db, table);
    cleanup.add(() -> TestDatabases.dropTable(pool, table));
    JdbcTraceContextStore store = JdbcTraceContextStore.builder(pool).dialect(db.dialect).table(table)
        .clock(clock).purgeInterval(Duration.ZERO).build();
    cleanup.add(store::close);
    return store;
  }

  private ParkingLot lot(JdbcTraceContextStore store) {
    ParkingLot lot = ParkingLots.builder().store(store).clock(clock).openTelemetry(sdk).build();
    cleanup.add(lot::close);
    return lot;
  }

  @ParameterizedTest
  @EnumSource(value = Db.class, names = {"POSTGRESQL", "MARIADB", "MYSQL_ON_MARIADB", "H2"})
  void aRowLiveByExpiresAtButPastItsTtlIsLiveForEveryOperation(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    StoredTraceContext parked = JdbcTraceContextStoreTest.context(0x1111L, T0, Duration.ofHours(1));
    for (String key : List.of("parkingLot:a", "parkingLot:b", "parkingLot:c")) {
      store.save(StoreKey.of(key), parked);
    }
    // ttl_ms says the rows expired one second after parking; expires_at still says one hour.
    TestDatabases.execute(TestDatabases.pool(db), "UPDATE " + table + " SET ttl_ms = 1000");
    clock.advance(Duration.ofMinutes(10));

    assertThat(store.load(StoreKey.of("parkingLot:a"))).get()
        .satisfies(found -> assertThat(found.expiresAtMillis()).isEqualTo(T0 + 3_600_000L))
        .satisfies(found -> assertThat(found.isExpiredAt(clock.millis())).isFalse());
    assertThat(store.exists(StoreKey.of("parkingLot:a"))).isTrue();
    assertThat(store.take(StoreKey.of("parkingLot:a"))).get()
        .satisfies(found -> assertThat(found.isExpiredAt(clock.millis())).isFalse());
    ClaimResult claim = store.claim(StoreKey.of("parkingLot:b"), Consumption.of(clock.instant(), Duration.ofHours(1)));
    assertThat(claim.status()).isEqualTo(ClaimResult.Status.CLAIMED);
    assertThat(claim.context()).get().satisfies(found -> assertThat(found.isExpiredAt(clock.millis())).isFalse());

    // Through a lot: the first delivery links, the redelivery is a duplicate of it.
    Function<String, String> webhook = lot(store).traceCallback(
        CallbackConfig.builder("payment.webhook", (String key) -> key).build(),
        (ctx, key) -> ctx.parkedContext().isPresent() ? "linked" : "unlinked");
    assertThat(webhook.apply("c")).isEqualTo("linked");
    assertThat(webhook.apply("c")).isEqualTo("linked");
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(2);
    assertThat(spans.get(0).getAttributes().get(CONTEXT_FOUND)).isTrue();
    assertThat(spans.get(0).getAttributes().get(DUPLICATE)).isNull();
    assertThat(spans.get(1).getAttributes().get(DUPLICATE)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = Db.class, names = {"POSTGRESQL", "MARIADB", "MYSQL_ON_MARIADB", "H2"})
  void aRowExpiredByExpiresAtButWithinItsTtlIsGoneForEveryOperation(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    StoredTraceContext parked = JdbcTraceContextStoreTest.context(0x2222L, T0, Duration.ofHours(1));
    for (String key : List.of("parkingLot:a", "parkingLot:b")) {
      store.save(StoreKey.of(key), parked);
    }
    TestDatabases.execute(TestDatabases.pool(db), "UPDATE " + table + " SET expires_at = parked_at + 1000");
    clock.advance(Duration.ofMinutes(10));

    assertThat(store.load(StoreKey.of("parkingLot:a"))).isEmpty();
    assertThat(store.exists(StoreKey.of("parkingLot:a"))).isFalse();
    assertThat(store.take(StoreKey.of("parkingLot:a"))).isEmpty();
    assertThat(store.claim(StoreKey.of("parkingLot:a"), Consumption.of(clock.instant(), Duration.ofHours(1))).status())
        .isEqualTo(ClaimResult.Status.NOT_FOUND);

    Function<String, String> webhook = lot(store).traceCallback(
        CallbackConfig.builder("payment.webhook", (String key) -> key).build(),
        (ctx, key) -> ctx.parkedContext().isPresent() ? "linked" : "unlinked");
    assertThat(webhook.apply("b")).isEqualTo("unlinked");
    assertThat(webhook.apply("b")).isEqualTo("unlinked");
    assertThat(exporter.getFinishedSpanItems()).allSatisfy(span -> {
      assertThat(span.getAttributes().get(CONTEXT_FOUND)).isFalse();
      assertThat(span.getLinks()).isEmpty();
    });
  }
}
