package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.ParkingLots;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * Read limits are not write limits, on a real redis-server: entries written as the original's
 * documented Redis store writes them ({@code SETEX parkingLot:<key> ceil(ttlMs/1000)
 * JSON.stringify(context)}), with what its callers can pass and this library would refuse to write
 * (numbers, booleans, null, objects and arrays as metadata values, more entries, longer values,
 * longer keys), are claimed and linked by a Java lot; only an entry that is not a context or is
 * beyond the read bounds is corrupt, and then the span and the log say that the claim removed it,
 * and it is never an outage ({@link StoreUnavailableException}).
 */
class RedisReadBoundsTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final AttributeKey<Boolean> STORE_ERROR = AttributeKey.booleanKey("parking_lot.store_error");
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  private static final String REMOVED =
      "; the consuming operation removed it from the store, so no other reader will find it";

  @TempDir static Path dir;
  private static RedisServerProcess server;
  private static UnifiedJedis raw;

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final Handler logCapture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logLines.add(record.getMessage() + (record.getThrown() == null ? "" : " | " + record.getThrown()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private SdkTracerProvider tracerProvider;
  private OpenTelemetrySdk sdk;
  private RedisTraceContextStore store;

  @BeforeAll
  static void startServer() {
    server = RedisServerProcess.start(dir);
    raw = ApplicationClients.standalone(server.url());
  }

  @AfterAll
  static void stopServer() {
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void create() {
    Logger.getLogger("").addHandler(logCapture);
    tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    store = RedisTraceContextStore.create(server.url());
  }

  @AfterEach
  void close() {
    Logger.getLogger("").removeHandler(logCapture);
    store.close();
    tracerProvider.close();
  }

  /** Exactly the original's store: SETEX key ceil(ttlMs / 1000) json. */
  @SuppressWarnings("deprecation")
  private static void setexAsTheOriginal(String key, String json) {
    assertThat(raw.setex(key, 3600, json)).isEqualTo("OK");
  }

  /** The original's JSON for a context parked now with {@code metadataJson} as JSON.stringify writes it. */
  private static String originalJson(String metadataJson) {
    return "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":1,\"parkedAt\":"
        + System.currentTimeMillis() + ",\"ttlMs\":3600000" + (metadataJson.isEmpty() ? "" : ",\"metadata\":"
        + metadataJson) + "}";
  }

  private Function<String, Optional<StoredTraceContext>> webhook(ParkingLot lot) {
    return lot.traceCallback(CallbackConfig.builder("payment.webhook", (String id) -> id).build(),
        (ctx, id) -> ctx.parkedContext());
  }

  @Test
  void anEntryTheOriginalWritesBeyondTheWriteLimitsIsClaimedAndLinkedUnderALongKey() {
    // 300 chars: over the 256 this library parks under, within the 512 a lookup takes
    String orderId = "order-" + UUID.randomUUID() + "-" + "x".repeat(300 - 43);
    StringBuilder metadata = new StringBuilder("{\"amount\":42.5,\"paid\":true,\"refunded\":false,\"coupon\":null,"
        + "\"items\":[\"a\",1],\"customer\":{\"id\":7},\"note\":\"" + "n".repeat(2_000) + "\"");
    for (int i = 0; i < 40; i++) {
      metadata.append(",\"m").append(i).append("\":\"v").append(i).append('"');
    }
    setexAsTheOriginal("parkingLot:" + orderId, originalJson(metadata.append('}').toString()));

    Optional<StoredTraceContext> found;
    try (ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(sdk).build()) {
      found = webhook(lot).apply(orderId);
    }

    assertThat(orderId).hasSize(300);
    StoredTraceContext context = found.orElseThrow();
    assertThat(context.metadata()).hasSize(46)
        .containsEntry("amount", "42.5").containsEntry("paid", "true").containsEntry("refunded", "false")
        .doesNotContainKey("coupon").containsEntry("items", "[\"a\",1]").containsEntry("customer", "{\"id\":7}")
        .containsEntry("note", "n".repeat(2_000)).containsEntry("m39", "v39");
    SpanData callback = exporter.getFinishedSpanItems().get(0);
    LinkData link = callback.getLinks().get(0);
    assertThat(callback.getLinks()).hasSize(1);
    assertThat(link.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(link.getSpanContext().getSpanId()).isEqualTo(SPAN_ID);
    Attributes attributes = callback.getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("parking_lot.metadata.amount"))).isEqualTo("42.5");
    assertThat(attributes.get(AttributeKey.stringKey("parking_lot.metadata.paid"))).isEqualTo("true");
    assertThat(attributes.get(STORE_ERROR)).isNull();
  }

  @Test
  void anEntryTheOriginalWritesWithoutASpanIsCorruptAndTheClaimThatRemovesItSaysSoOnTheSpanAndInTheLog() {
    String orderId = "order-" + UUID.randomUUID();
    String key = "parkingLot:" + orderId;
    // What the original parks with no active span: empty ids.
    setexAsTheOriginal(key, "{\"traceId\":\"\",\"spanId\":\"\",\"traceFlags\":0,\"parkedAt\":"
        + System.currentTimeMillis() + ",\"ttlMs\":3600000}");

    try (ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(sdk).build()) {
      assertThat(lot.exists(orderId)).isFalse();
      assertThat(lot.peek(orderId)).isEmpty();
      assertThat(raw.exists(key)).as("a peek or exists removes nothing").isTrue();

      assertThat(webhook(lot).apply(orderId)).isEmpty();
    }

    String message = "corrupt parked entry under key '" + key + "': traceId is empty (the entry was parked without a"
        + " valid span; the original writes empty ids then)" + REMOVED;
    SpanData callback = exporter.getFinishedSpanItems().get(exporter.getFinishedSpanItems().size() - 1);
    assertThat(callback.getLinks()).isEmpty();
    assertThat(callback.getAttributes().get(STORE_ERROR)).isTrue();
    EventData exception = exceptionEvent(callback);
    assertThat(exception.getAttributes().get(EXCEPTION_TYPE)).isEqualTo(CorruptEntryException.class.getName());
    assertThat(exception.getAttributes().get(EXCEPTION_MESSAGE)).isEqualTo(message);
    assertThat(logLines).anySatisfy(line -> assertThat(line)
        .contains("callback 'payment.webhook': looking up key '" + orderId + "' failed in the store (a corrupt"
            + " entry, which the store removed); running without a parked context (fail-open)")
        .contains(message));
    assertThat(raw.exists(key)).isFalse();
  }

  @Test
  void anEntryBeyondTheReadBoundsIsRefusedUnparsedAsCorruptNeverAsAnOutage() {
    String orderId = "order-" + UUID.randomUUID();
    String key = "parkingLot:" + orderId;
    setexAsTheOriginal(key, originalJson("{\"blob\":\"" + "b".repeat(ParkingLotLimits.MAX_READ_ENTRY_BYTES) + "\"}"));
    int bytes = raw.get(key).length();

    try (ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(sdk).propagateStoreErrors(true).build()) {
      assertThatThrownBy(() -> lot.peek(orderId))
          .isExactlyInstanceOf(CorruptEntryException.class)
          .isNotInstanceOf(StoreUnavailableException.class)
          .hasMessage("corrupt parked entry under key '" + key + "': the entry has " + bytes + " bytes, more than"
              + " the read bound of 262144 (not parsed)");
      assertThatThrownBy(() -> lot.retrieve(orderId))
          .isExactlyInstanceOf(CorruptEntryException.class)
          .hasMessageEndingWith("(not parsed)" + REMOVED);
    }
    assertThat(raw.exists(key)).isFalse();
  }

  /**
   * {@code "parkedAt":NaN} (not JSON; another writer can still store it): once a claim of every
   * delivery failed on it as an outage and it was never removed. Now the first delivery reports a
   * corrupt entry that its claim removed, and the next one is an ordinary miss.
   */
  @Test
  void aNonJsonNumberIsACorruptEntryThatTheFirstClaimRemovesNotAnOutageOnEveryDelivery() {
    String orderId = "order-" + UUID.randomUUID();
    String key = "parkingLot:" + orderId;
    setexAsTheOriginal(key, originalJson("").replaceFirst("\"parkedAt\":[0-9]+", "\"parkedAt\":NaN"));
    assertThat(raw.get(key)).contains("\"parkedAt\":NaN");

    try (ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(sdk).build()) {
      Function<String, Optional<StoredTraceContext>> webhook = webhook(lot);
      assertThat(webhook.apply(orderId)).isEmpty();
      SpanData first = exporter.getFinishedSpanItems().get(0);
      assertThat(first.getAttributes().get(STORE_ERROR)).isTrue();
      assertThat(exceptionEvent(first).getAttributes().get(EXCEPTION_TYPE))
          .isEqualTo(CorruptEntryException.class.getName());
      assertThat(exceptionEvent(first).getAttributes().get(EXCEPTION_MESSAGE))
          .startsWith("corrupt parked entry under key '" + key + "': malformed JSON").endsWith(REMOVED);

      exporter.reset();
      assertThat(webhook.apply(orderId)).isEmpty();
      SpanData second = exporter.getFinishedSpanItems().get(0);
      assertThat(second.getAttributes().get(STORE_ERROR)).as("the redelivery is a plain miss").isNull();
      assertThat(second.getEvents()).noneMatch(e -> e.getName().equals("exception"));
    }
  }

  private static EventData exceptionEvent(SpanData span) {
    return span.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst()
        .orElseThrow(() -> new AssertionError("no exception event on " + span));
  }
}
