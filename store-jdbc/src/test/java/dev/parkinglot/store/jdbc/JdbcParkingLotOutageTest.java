package dev.parkinglot.store.jdbc;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real parking lot on this store, the real OpenTelemetry SDK, and a database that goes away
 * (a TCP proxy in front of the shared server is closed) and comes back: parking fails open, the
 * callback runs without a link and says why on its span, and once the database is back the same lot
 * and store link callbacks again.
 */
class JdbcParkingLotOutageTest {
  private static final AttributeKey<Boolean> STORE_ERROR = AttributeKey.booleanKey("parking_lot.store_error");
  private static final AttributeKey<Boolean> CONTEXT_FOUND = AttributeKey.booleanKey("parking_lot.context_found");
  private static final AttributeKey<String> LINK_TYPE = AttributeKey.stringKey("parking_lot.link.type");

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
  private final Tracer tracer = openTelemetry.getTracer("checkout-service");
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
  void parkingFailsOpenWhileTheDatabaseIsAwayAndLinksAgainOnceItIsBack(Db db) throws Exception {
    String table = TestDatabases.uniqueTable();
    TestDatabases.createTable(TestDatabases.pool(db), db, table);
    cleanup.add(() -> TestDatabases.dropTable(TestDatabases.pool(db), table));
    TcpProxy[] proxy = new TcpProxy[1];
    JdbcTraceContextStore store =
        JdbcTraceContextStore.builder(JdbcStoreOutageTest.proxiedUrl(db, proxy, cleanup))
            .table(table).poolSize(2).connectionTimeout(Duration.ofMillis(500)).purgeInterval(Duration.ZERO)
            .build();
    cleanup.add(store);
    // The pool opens its first connection lazily, through the proxy, within the 500 ms connection
    // timeout; on a slow machine that can take longer once, so the healthy phase starts warm.
    JdbcStoreOutageTest.awaitWorking(() -> store.exists(StoreKey.of("payment:warm-up")));
    ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(openTelemetry).build();
    cleanup.add(lot);
    Function<String, String> webhook =
        lot.traceCallback(
            CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build(),
            (context, orderId) -> "handled " + orderId + (context.parkedContext().isPresent() ? " linked" : " unlinked"));

    // Healthy: parked, and the callback links back.
    SpanData checkout1 = checkout("o-1", lot, ParkResult.Status.PARKED);
    assertThat(webhook.apply("o-1")).isEqualTo("handled o-1 linked");
    assertLinked(lastSpan("payment.webhook"), checkout1);

    // The database goes away.
    proxy[0].stop();
    SpanData checkout2 = checkout("o-2", lot, ParkResult.Status.FAILED);
    assertThat(checkout2.getAttributes().get(STORE_ERROR)).isTrue();
    assertThat(checkout2.getEvents()).extracting(EventData::getName).contains("exception");
    assertThat(checkout2.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst().orElseThrow()
        .getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(StoreUnavailableException.class.getName());

    assertThat(webhook.apply("o-2")).isEqualTo("handled o-2 unlinked");
    SpanData unlinked = lastSpan("payment.webhook");
    assertThat(unlinked.getAttributes().get(STORE_ERROR)).isTrue();
    assertThat(unlinked.getAttributes().get(CONTEXT_FOUND)).isFalse();
    assertThat(unlinked.getLinks()).isEmpty();
    assertThat(unlinked.getTraceId()).isNotEqualTo(checkout2.getTraceId());

    // It comes back: the same lot and store work again once the pool has reconnected.
    proxy[0].start();
    JdbcStoreOutageTest.awaitWorking(() -> store.exists(StoreKey.of("payment:warm-up")));
    SpanData checkout3 = checkout("o-3", lot, ParkResult.Status.PARKED);
    assertThat(checkout3.getAttributes().get(STORE_ERROR)).isNull();
    assertThat(webhook.apply("o-3")).isEqualTo("handled o-3 linked");
    SpanData linked = lastSpan("payment.webhook");
    assertLinked(linked, checkout3);
    assertThat(linked.getAttributes().get(STORE_ERROR)).isNull();
  }

  private SpanData checkout(String orderId, ParkingLot lot, ParkResult.Status expected) {
    Span span = tracer.spanBuilder("checkout " + orderId).startSpan();
    Scope scope = span.makeCurrent();
    try {
      ParkResult result = lot.park("payment:" + orderId);
      assertThat(result.status()).isEqualTo(expected);
    } finally {
      scope.close();
      span.end();
    }
    return lastSpan("checkout " + orderId);
  }

  private SpanData lastSpan(String name) {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    for (int i = spans.size() - 1; i >= 0; i--) {
      if (spans.get(i).getName().equals(name)) {
        return spans.get(i);
      }
    }
    throw new AssertionError("no finished span named " + name + " among " + spans);
  }

  private static void assertLinked(SpanData callback, SpanData parked) {
    assertThat(callback.getAttributes().get(CONTEXT_FOUND)).isTrue();
    assertThat(callback.getLinks()).singleElement().satisfies(link -> {
      assertThat(link.getSpanContext().getTraceId()).isEqualTo(parked.getTraceId());
      assertThat(link.getSpanContext().getSpanId()).isEqualTo(parked.getSpanId());
      assertThat(link.getAttributes().get(LINK_TYPE)).isEqualTo("parking_lot");
    });
    assertThat(callback.getTraceId()).isNotEqualTo(parked.getTraceId());
  }
}
