package dev.parkinglot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import dev.parkinglot.tck.TckClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Read limits are not write limits, on every database: a row whose metadata column holds what
 * another writer can put there (numbers and booleans as values, more entries and longer values than
 * this library writes), inserted as raw SQL, is read and linked up to the read bounds of {@link
 * ParkingLotLimits}; only a row beyond them, or not a context, is corrupt, and a claim that removes
 * it says so on the span and in the exception. Keys longer than a park writes are looked up without
 * an error from any database.
 */
class JdbcReadBoundsTest {
  private static final long T0 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final long TRACE_HIGH = 0x4bf92f3577b34da6L;
  private static final long TRACE_LOW = 0xa3ce929d0e0e4736L;
  private static final long SPAN = 0x00f067aa0ba902b7L;

  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(T0 + 5_000));
  private final List<Runnable> cleanup = new ArrayList<>();
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();

  @AfterEach
  void cleanUp() {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).run();
    }
    tracerProvider.close();
  }

  private JdbcTraceContextStore store(Db db, String table) throws SQLException {
    HikariDataSource pool = TestDatabases.pool(db);
    TestDatabases.createTable(pool, db, table);
    cleanup.add(() -> {
      try {
        TestDatabases.dropTable(pool, table);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    JdbcTraceContextStore store = JdbcTraceContextStore.builder(pool).dialect(db.dialect).table(table).clock(clock)
        .purgeInterval(Duration.ZERO).build();
    cleanup.add(store::close);
    return store;
  }

  /** A row as another writer inserts it: raw SQL, the metadata column the JSON text it chose. */
  private static void insert(Db db, String table, String key, String metadataJson) throws SQLException {
    try (Connection connection = TestDatabases.pool(db).getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (store_key, expires_at,"
            + " trace_id_high, trace_id_low, span_id, trace_flags, trace_state, baggage, parked_at, ttl_ms,"
            + " metadata, consumed_at) VALUES (?, ?, ?, ?, ?, 1, NULL, NULL, ?, 3600000, ?, NULL)")) {
      insert.setString(1, key);
      insert.setLong(2, T0 + 3_600_000);
      insert.setLong(3, TRACE_HIGH);
      insert.setLong(4, TRACE_LOW);
      insert.setLong(5, SPAN);
      insert.setLong(6, T0);
      insert.setString(7, metadataJson);
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
  }

  private static String manyEntries(int n, int valueLength) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"")
          .append(String.valueOf((char) ('a' + i % 26)).repeat(valueLength)).append('"');
    }
    return json.append('}').toString();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aRowBeyondTheWriteLimitsWithinTheReadBoundsIsReadClaimedAndLinked(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    // 40 entries (the write limit is 32) of 2,000 chars (the write limit is 1,024), then a number and a boolean
    String many = manyEntries(40, 2_000);
    String metadata = many.substring(0, many.length() - 1) + ",\"amount\":42.5,\"paid\":true}";
    insert(db, table, "parkingLot:order-1", metadata);

    StoredTraceContext peeked = store.load(StoreKey.of("parkingLot:order-1")).orElseThrow();
    assertThat(peeked.metadata()).hasSize(42).containsEntry("k0", "a".repeat(2_000))
        .containsEntry("k39", "n".repeat(2_000)).containsEntry("amount", "42.5").containsEntry("paid", "true");

    try (ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(sdk).clock(clock).build()) {
      CallbackConfig<String> config = CallbackConfig.builder("payment.webhook", (String id) -> id).build();
      assertThat(lot.traceCallback(config, (context, id) -> context.parkedContext().orElseThrow().metadata().size())
          .apply("order-1")).isEqualTo(42);
    }
    SpanData webhook = exporter.getFinishedSpanItems().get(0);
    LinkData link = webhook.getLinks().get(0);
    assertThat(link.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(link.getSpanContext().getSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(webhook.getAttributes().get(AttributeKey.stringKey("parking_lot.metadata.amount"))).isEqualTo("42.5");
    assertThat(webhook.getAttributes().get(AttributeKey.stringKey("parking_lot.metadata.paid"))).isEqualTo("true");
    assertThat(webhook.getAttributes().get(AttributeKey.booleanKey("parking_lot.store_error"))).isNull();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aRowBeyondTheReadBoundsIsCorruptAndTheClaimThatRemovesItSaysSo(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    insert(db, table, "parkingLot:order-2", manyEntries(ParkingLotLimits.MAX_READ_METADATA_ENTRIES + 1, 1));

    assertThatThrownBy(() -> store.load(StoreKey.of("parkingLot:order-2")))
        .isExactlyInstanceOf(CorruptEntryException.class)
        .hasMessageEndingWith("metadata has more than the read bound of 256 entries")
        .satisfies(e -> assertThat(((CorruptEntryException) e).removed()).isFalse());
    assertThatThrownBy(() -> store.load(StoreKey.of("parkingLot:order-2")))
        .as("a load removes nothing: the row is still there for its own writer")
        .isExactlyInstanceOf(CorruptEntryException.class);
    assertThatThrownBy(() -> store.take(StoreKey.of("parkingLot:order-2")))
        .isExactlyInstanceOf(CorruptEntryException.class)
        .hasMessageEndingWith("; the consuming operation removed it from the store, so no other reader will find it")
        .satisfies(e -> assertThat(((CorruptEntryException) e).removed()).isTrue());
    assertThat(store.load(StoreKey.of("parkingLot:order-2"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aCallbackClaimOfARowBeyondTheReadBoundsRecordsTheRemovalOnTheSpan(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    insert(db, table, "parkingLot:order-3", manyEntries(3, 50_000)); // 150,000 chars: over the 131,072 total

    try (ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(sdk).clock(clock).build()) {
      CallbackConfig<String> config = CallbackConfig.builder("payment.webhook", (String id) -> id).build();
      assertThat(lot.traceCallback(config, (context, id) -> context.storeFailed()).apply("order-3")).isTrue();
    }
    SpanData webhook = exporter.getFinishedSpanItems().get(0);
    assertThat(webhook.getLinks()).isEmpty();
    assertThat(webhook.getAttributes().get(AttributeKey.booleanKey("parking_lot.store_error"))).isTrue();
    EventData exception = webhook.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst()
        .orElseThrow();
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(CorruptEntryException.class.getName());
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("corrupt parked entry under key 'parkingLot:order-3': metadata has more than the read bound of"
            + " 131072 chars of keys and values; the consuming operation removed it from the store, so no other"
            + " reader will find it");
    assertThat(store.exists(StoreKey.of("parkingLot:order-3"))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aKeyLongerThanTheColumnIsLookedUpAsNoEntryNeverAnError(Db db) throws SQLException {
    String table = TestDatabases.uniqueTable();
    JdbcTraceContextStore store = store(db, table);
    StoreKey longest = StoreKey.prefix("p".repeat(ParkingLotLimits.MAX_KEY_PREFIX_LENGTH))
        .readKey("é".repeat(ParkingLotLimits.MAX_READ_CORRELATION_KEY_LENGTH));

    assertThat(store.load(longest)).isEmpty();
    assertThat(store.take(longest)).isEmpty();
    assertThat(store.exists(longest)).isFalse();
    store.delete(longest);
    assertThat(store.claim(longest, dev.parkinglot.spi.Consumption.atMillis(clock.millis(), Duration.ofMinutes(5)))
        .contextOrNull()).isNull();
  }
}
