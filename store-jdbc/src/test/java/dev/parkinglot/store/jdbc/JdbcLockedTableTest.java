package dev.parkinglot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Another session holds a lock on the store's table (a migration, a long report): the store's
 * statements are bounded by the statement timeout the store sets on its pool's connections, so a
 * park fails open and a callback runs without a link within that bound, instead of waiting for the
 * lock. The server cancels the statement and rolls it back: the timed-out park stored nothing and
 * the timed-out claim consumed nothing, so the redelivery after the lock is released links.
 */
class JdbcLockedTableTest {
  private static final Duration STATEMENT_TIMEOUT = Duration.ofMillis(500);
  /** The bound the test allows a call: the statement timeout plus a margin for a loaded machine. */
  private static final Duration BOUND = STATEMENT_TIMEOUT.plusSeconds(1);
  /** How long the lock is held at most; without a statement timeout every call waits this long. */
  private static final Duration LOCK_HELD = Duration.ofSeconds(6);
  private static final AttributeKey<Boolean> STORE_ERROR = AttributeKey.booleanKey("parking_lot.store_error");
  private static final AttributeKey<Boolean> CONTEXT_FOUND = AttributeKey.booleanKey("parking_lot.context_found");

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

  @ParameterizedTest
  @EnumSource(value = Db.class, names = {"POSTGRESQL", "MARIADB"})
  void whileAnotherSessionLocksTheTableParkAndCallbackFailOpenWithinTheStatementTimeout(Db db) throws Exception {
    String table = TestDatabases.uniqueTable();
    TestDatabases.createTable(TestDatabases.pool(db), db, table);
    cleanup.add(() -> TestDatabases.dropTable(TestDatabases.pool(db), table));
    JdbcTraceContextStore store = JdbcTraceContextStore.builder(TestDatabases.url(db))
        .table(table).poolSize(2).statementTimeout(STATEMENT_TIMEOUT).purgeInterval(Duration.ZERO).build();
    cleanup.add(store);
    JdbcStoreOutageTest.awaitWorking(() -> store.exists(StoreKey.of("warm-up")));
    ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(sdk).build();
    cleanup.add(lot);
    Function<String, String> webhook = lot.traceCallback(
        CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build(),
        (ctx, orderId) -> ctx.parkedContext().isPresent() ? "linked" : "unlinked");
    assertThat(park(lot, "o-1")).isEqualTo(ParkResult.Status.PARKED);

    CompletableFuture<Void> release;
    try (Connection locker = TestDatabases.pool(db).getConnection()) {
      release = lock(locker, db, table);
      try {
        long start = System.nanoTime();
        assertThat(park(lot, "o-2")).isEqualTo(ParkResult.Status.FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a park against the locked table").isLessThan(BOUND);

        start = System.nanoTime();
        assertThat(webhook.apply("o-1")).isEqualTo("unlinked");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a callback against the locked table").isLessThan(BOUND);
      } finally {
        release.complete(null);
        unlock(locker, db);
      }
    }

    SpanData failedPark = span("checkout o-2");
    assertThat(failedPark.getAttributes().get(STORE_ERROR)).isTrue();
    SpanData unlinked = span("payment.webhook");
    assertThat(unlinked.getAttributes().get(STORE_ERROR)).isTrue();
    assertThat(unlinked.getAttributes().get(CONTEXT_FOUND)).isFalse();
    assertThat(unlinked.getLinks()).isEmpty();
    assertThat(unlinked.getEvents()).anySatisfy(event -> assertThat(
        event.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(StoreUnavailableException.class.getName()));

    // The server cancelled and rolled back both statements.
    assertThat(lot.exists("payment:o-2")).as("the timed-out park stored nothing").isFalse();
    exporter.reset();
    assertThat(webhook.apply("o-1")).as("the timed-out claim consumed nothing").isEqualTo("linked");
    assertThat(span("payment.webhook").getLinks()).hasSize(1);
  }

  /** Locks the whole table in {@code locker}'s session; the lock is dropped at the latest after LOCK_HELD. */
  private static CompletableFuture<Void> lock(Connection locker, Db db, String table) throws Exception {
    try (Statement statement = locker.createStatement()) {
      if (db == Db.POSTGRESQL) {
        locker.setAutoCommit(false);
        statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
      } else {
        statement.execute("LOCK TABLES " + table + " WRITE");
      }
    }
    CompletableFuture<Void> released = new CompletableFuture<>();
    released.completeOnTimeout(null, LOCK_HELD.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .thenRun(() -> {
          try {
            unlock(locker, db);
          } catch (Exception ignored) {
            // The test thread releases it too.
          }
        });
    return released;
  }

  private static synchronized void unlock(Connection locker, Db db) throws Exception {
    if (locker.isClosed()) {
      return;
    }
    if (db == Db.POSTGRESQL) {
      if (!locker.getAutoCommit()) {
        locker.rollback();
        locker.setAutoCommit(true);
      }
    } else {
      try (Statement statement = locker.createStatement()) {
        statement.execute("UNLOCK TABLES");
      }
    }
  }

  private ParkResult.Status park(ParkingLot lot, String orderId) {
    Span span = sdk.getTracer("test").spanBuilder("checkout " + orderId).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return lot.park("payment:" + orderId).status();
    } finally {
      span.end();
    }
  }

  private SpanData span(String name) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("no span named " + name + " in " + exporter.getFinishedSpanItems()));
  }
}
