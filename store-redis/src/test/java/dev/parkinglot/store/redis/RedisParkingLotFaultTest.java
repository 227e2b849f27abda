package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.core.ParkingLots;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * Fail-open end to end: a real parking lot (parking-lot-core) on this store, the real OpenTelemetry
 * SDK, and a password-protected redis-server this test stops and restarts on one port.
 */
class RedisParkingLotFaultTest {
  private static final String PASSWORD = "lot-Pa55-83fd";
  private static final AttributeKey<Boolean> STORE_ERROR = AttributeKey.booleanKey("parking_lot.store_error");
  private static final AttributeKey<Boolean> CONTEXT_FOUND = AttributeKey.booleanKey("parking_lot.context_found");
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

  @TempDir static Path dir;
  private static RedisServerProcess server;

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final Handler logCapture = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      logLines.add(formatter.format(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private SdkTracerProvider tracerProvider;
  private OpenTelemetrySdk sdk;
  private RedisTraceContextStore store;
  private ParkingLot lot;

  @BeforeAll
  static void startServer() {
    server = RedisServerProcess.start(dir, "--requirepass", PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void createLot() {
    Logger.getLogger("").addHandler(logCapture);
    tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    store = RedisTraceContextStore.builder()
        .url("redis://:" + PASSWORD + "@127.0.0.1:" + server.port())
        .timeout(Duration.ofSeconds(2))
        .build();
    lot = ParkingLots.builder().store(store).openTelemetry(sdk).build();
  }

  @AfterEach
  void closeLot() {
    Logger.getLogger("").removeHandler(logCapture);
    lot.close();
    store.close();
    tracerProvider.close();
  }

  @Test
  void whileRedisIsDownParkFailsOpenAndTheCallbackRunsWithoutALinkThenTheSameStoreRecovers() {
    String orderId = "order-" + UUID.randomUUID();
    Function<String, String> webhook = lot.traceCallback(
        CallbackConfig.builder("payment.webhook", (String id) -> id).build(),
        (ctx, id) -> ctx.parkedContext().isPresent() ? "linked" : "unlinked");

    server.stop();
    ParkResult failed;
    String handlerResult;
    try {
      failed = parkInSpan("checkout-down", orderId);
      handlerResult = webhook.apply(orderId);
    } finally {
      server.restart();
    }

    assertThat(failed.status()).isEqualTo(ParkResult.Status.FAILED);
    assertThat(failed.failure()).get().isInstanceOf(StoreUnavailableException.class);
    SpanData checkout = span("checkout-down");
    assertThat(checkout.getAttributes().get(STORE_ERROR)).isTrue();
    assertThat(exceptionEvent(checkout).getAttributes().get(EXCEPTION_TYPE))
        .isEqualTo(StoreUnavailableException.class.getName());

    assertThat(handlerResult).isEqualTo("unlinked");
    SpanData callback = span("payment.webhook");
    assertThat(callback.getLinks()).isEmpty();
    assertThat(callback.getAttributes().get(STORE_ERROR)).isTrue();
    assertThat(callback.getAttributes().get(CONTEXT_FOUND)).isFalse();
    assertThat(exceptionEvent(callback).getAttributes().get(EXCEPTION_TYPE))
        .isEqualTo(StoreUnavailableException.class.getName());

    assertThat(logLines).as("the lot logged the failures").isNotEmpty();
    assertThat(String.join("\n", logLines)).doesNotContain(PASSWORD);
    assertThat(exporter.getFinishedSpanItems().toString()).doesNotContain(PASSWORD);

    // Redis is back on the same port: the same lot and store instance work again.
    exporter.reset();
    ParkResult parked = parkInSpan("checkout-up", orderId);
    assertThat(parked.isParked()).isTrue();
    assertThat(webhook.apply(orderId)).isEqualTo("linked");
    SpanData linked = span("payment.webhook");
    assertThat(linked.getLinks()).singleElement()
        .satisfies(link -> assertThat(link.getSpanContext().getSpanId())
            .isEqualTo(span("checkout-up").getSpanContext().getSpanId()));
    assertThat(linked.getAttributes().get(STORE_ERROR)).isNull();
    assertThat(lot.exists(orderId)).isFalse();
  }

  @Test
  void aGarbageValueRunsTheHandlerWithoutALinkAndTheSpanSaysTheEntryIsCorrupt() {
    String orderId = "order-" + UUID.randomUUID();
    String storeKey = "parkingLot:" + orderId;
    try (UnifiedJedis raw = ApplicationClients.standalone("redis://:" + PASSWORD + "@127.0.0.1:" + server.port())) {
      raw.set(storeKey, "<html>not a parked context</html>");
      List<Optional<?>> seen = new CopyOnWriteArrayList<>();
      Function<String, String> webhook = lot.traceCallback(
          CallbackConfig.builder("payment.webhook", (String id) -> id).build(),
          (ctx, id) -> {
            seen.add(ctx.parkedContext());
            return "handled";
          });

      assertThat(webhook.apply(orderId)).isEqualTo("handled");

      assertThat(seen).containsExactly(Optional.empty());
      SpanData callback = span("payment.webhook");
      assertThat(callback.getLinks()).isEmpty();
      assertThat(callback.getAttributes().get(CONTEXT_FOUND)).isFalse();
      EventData exception = exceptionEvent(callback);
      assertThat(exception.getAttributes().get(EXCEPTION_TYPE)).isEqualTo(CorruptEntryException.class.getName());
      assertThat(exception.getAttributes().get(EXCEPTION_MESSAGE)).contains(storeKey);
      assertThat(raw.exists(storeKey)).as("the claim removed the corrupt entry").isFalse();
    }
  }

  private ParkResult parkInSpan(String spanName, String orderId) {
    Span span = sdk.getTracer("test").spanBuilder(spanName).startSpan();
    Scope scope = span.makeCurrent();
    try {
      return lot.park(orderId);
    } finally {
      scope.close();
      span.end();
    }
  }

  private SpanData span(String name) {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    return spans.stream().filter(s -> s.getName().equals(name)).reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("no span named " + name + " in " + spans));
  }

  private static EventData exceptionEvent(SpanData span) {
    return span.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst()
        .orElseThrow(() -> new AssertionError("no exception event on " + span));
  }
}
