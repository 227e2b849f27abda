package dev.parkinglot.store.redis;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.tck.TckClock;
import dev.parkinglot.tck.TckData;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * Entries are shared both ways with the original (autotel) and its documented Redis store, which
 * writes {@code SETEX key ceil(ttlMs/1000) JSON.stringify(context)} under {@code parkingLot:} + key.
 */
class RedisWireCompatibilityTest {
  private static final String TRACE_ID = TckData.SAMPLE_TRACE_ID;
  private static final String SPAN_ID = TckData.SAMPLE_SPAN_ID;
  private static final long PARKED_AT = 1795722583654L;
  private static final long TTL_MS = 86_400_000L;

  @TempDir static Path dir;
  private static RedisServerProcess server;
  private static UnifiedJedis raw;

  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(PARKED_AT + 1_000));
  private final String prefix = "parkingLot:" + UUID.randomUUID() + ":";
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
  void createStore() {
    store = RedisTraceContextStore.builder().url(server.url()).clock(clock).build();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void readsAnEntryWrittenByTheOriginalsRedisStore() {
    String key = prefix + "order-1";
    String json = "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID
        + "\",\"traceFlags\":1,\"parkedAt\":" + PARKED_AT + ",\"ttlMs\":" + TTL_MS + "}";
    assertThat(json).hasSize(131);
    setex(key, (long) Math.ceil(TTL_MS / 1000.0), json);

    StoredTraceContext loaded = store.load(StoreKey.of(key)).orElseThrow();

    assertThat(loaded.traceId()).isEqualTo(TRACE_ID);
    assertThat(loaded.spanId()).isEqualTo(SPAN_ID);
    assertThat(loaded.traceFlags()).isEqualTo(TraceFlags.getSampled());
    assertThat(loaded.parkedAtMillis()).isEqualTo(PARKED_AT);
    assertThat(loaded.ttlMillis()).isEqualTo(TTL_MS);
    assertThat(loaded.metadata()).isEmpty();
    assertThat(loaded.traceState()).isEmpty();
    assertThat(loaded.baggage()).isEmpty();
    assertThat(store.exists(StoreKey.of(key))).isTrue();
    assertThat(store.take(StoreKey.of(key))).contains(loaded);
    assertThat(raw.exists(key)).isFalse();
  }

  @Test
  void readsTheOriginalsEntryWithMetadataAndHonoursItsTtlByTheStoreClock() {
    String key = prefix + "payment:order-2";
    String json = "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID
        + "\",\"traceFlags\":0,\"parkedAt\":" + PARKED_AT + ",\"ttlMs\":60000"
        + ",\"metadata\":{\"orderId\":\"order-2\",\"amount\":\"42.50\"}}";
    setex(key, 60, json);

    StoredTraceContext loaded = store.load(StoreKey.of(key)).orElseThrow();
    assertThat(loaded.traceFlags()).isEqualTo(TraceFlags.getDefault());
    assertThat(loaded.ttl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(loaded.metadata()).containsExactly(Map.entry("orderId", "order-2"), Map.entry("amount", "42.50"));

    clock.set(Instant.ofEpochMilli(PARKED_AT + 60_000));
    assertThat(store.load(StoreKey.of(key))).isEmpty();
    assertThat(store.exists(StoreKey.of(key))).isFalse();
    assertThat(raw.exists(key)).as("Redis' own expiry is ceil(ttlMs/1000) s of real time").isTrue();
  }

  @Test
  void writesTheOriginalsFieldsAndUnitsAsJson() throws IOException {
    String key = prefix + "order-3";
    StoredTraceContext context = StoredTraceContext.builder()
        .traceId(TRACE_ID).spanId(SPAN_ID).traceFlags(TraceFlags.getSampled())
        .parkedAtMillis(PARKED_AT).ttlMillis(TTL_MS)
        .metadata(Map.of("orderId", "order-3"))
        .build();
    store.save(StoreKey.of(key), context);

    Map<String, Object> fields = parseObject(raw.get(key));

    // What the original reads back with JSON.parse: the same names, types and units.
    assertThat(fields).containsEntry("traceId", TRACE_ID).containsEntry("spanId", SPAN_ID);
    assertThat(fields.get("traceFlags")).isEqualTo(1L);
    assertThat(fields.get("parkedAt")).isEqualTo(PARKED_AT);
    assertThat(fields.get("ttlMs")).isEqualTo(TTL_MS);
    assertThat(fields.get("metadata")).isEqualTo(Map.of("orderId", "order-3"));
    assertThat(fields).doesNotContainKeys("traceState", "baggage");
  }

  @Test
  void expiryOfTheRedisKeyIsExpiresAtMinusTheStoreClock() {
    String key = prefix + "order-4";
    clock.set(Instant.ofEpochMilli(PARKED_AT + Duration.ofMinutes(10).toMillis()));
    store.save(StoreKey.of(key), context(PARKED_AT, Duration.ofHours(1)));

    long pttl = raw.pttl(key);
    assertThat(pttl).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(50).toMillis());
  }

  @Test
  void savingAnAlreadyExpiredEntryWritesNothingAndRemovesTheOlderEntry() {
    String key = prefix + "order-5";
    store.save(StoreKey.of(key), context(PARKED_AT, Duration.ofHours(1)));
    assertThat(raw.exists(key)).isTrue();

    store.save(StoreKey.of(key), context(PARKED_AT - Duration.ofHours(2).toMillis(), Duration.ofHours(1)));

    assertThat(raw.exists(key)).isFalse();
    assertThat(store.load(StoreKey.of(key))).isEmpty();
  }

  @Test
  void aLotWithTheDefaultPrefixParksUnderTheOriginalsKeyAndReadsTheOriginalsEntries() throws IOException {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    String orderId = "order-" + UUID.randomUUID();
    String nodeKey = "node-" + UUID.randomUUID();
    try (ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(sdk).clock(clock).build()) {
      Span span = sdk.getTracer("test").spanBuilder("checkout").startSpan();
      ParkResult result;
      Scope scope = span.makeCurrent();
      try {
        result = lot.park(orderId, Map.of("orderId", orderId));
      } finally {
        scope.close();
        span.end();
      }
      assertThat(result.isParked()).isTrue();
      Map<String, Object> fields = parseObject(raw.get("parkingLot:" + orderId));
      assertThat(fields.get("traceId")).isEqualTo(span.getSpanContext().getTraceId());
      assertThat(fields.get("spanId")).isEqualTo(span.getSpanContext().getSpanId());
      assertThat(fields.get("ttlMs")).isEqualTo(Duration.ofHours(24).toMillis());
      assertThat(fields.get("parkedAt")).isEqualTo(clock.millis());

      setex("parkingLot:" + nodeKey, 86_400, "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID
          + "\",\"traceFlags\":1,\"parkedAt\":" + PARKED_AT + ",\"ttlMs\":" + TTL_MS + "}");
      assertThat(lot.retrieve(nodeKey)).map(StoredTraceContext::traceId).contains(TRACE_ID);
      // Duplicate detection (on by default) moved the entry to its tombstone key: the original's GET
      // of its key finds nothing, and the tombstone holds the original's bytes as they were.
      assertThat(raw.get("parkingLot:" + nodeKey)).isNull();
      byte[] tombstoneKey = TombstoneKey.of(("parkingLot:" + nodeKey).getBytes(StandardCharsets.UTF_8));
      Map<String, Object> tombstone = parseObject(new String(raw.get(tombstoneKey), StandardCharsets.UTF_8));
      assertThat(tombstone).containsEntry("traceId", TRACE_ID).containsEntry("spanId", SPAN_ID)
          .containsEntry("parkedAt", PARKED_AT).containsEntry("ttlMs", TTL_MS);
      assertThat(lot.retrieve(nodeKey)).as("only the first claim gets the context").isEmpty();
    } finally {
      raw.del("parkingLot:" + orderId, "parkingLot:" + nodeKey);
      byte[] nodeRawKey = ("parkingLot:" + nodeKey).getBytes(StandardCharsets.UTF_8);
      raw.del(TombstoneKey.of(nodeRawKey), TombstoneKey.consumption(nodeRawKey));
      tracerProvider.close();
    }
  }

  /** Exactly the original's command, SETEX key seconds json, which Jedis deprecates in favour of SET EX. */
  @SuppressWarnings("deprecation")
  private static void setex(String key, long seconds, String json) {
    assertThat(raw.setex(key, seconds, json)).isEqualTo("OK");
  }

  private static StoredTraceContext context(long parkedAt, Duration ttl) {
    return TckData.sample(parkedAt, ttl).build();
  }

  /** Reads a JSON object the way JSON.parse would: numbers as longs, nested objects as maps. */
  private static Map<String, Object> parseObject(String json) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(json.getBytes(StandardCharsets.UTF_8))) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      Map<String, Object> object = readObject(parser);
      assertThat(parser.nextToken()).as("nothing after the object").isNull();
      return object;
    }
  }

  private static Map<String, Object> readObject(JsonParser parser) throws IOException {
    Map<String, Object> object = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (value) {
        case VALUE_STRING:
          object.put(name, parser.getText());
          break;
        case VALUE_NUMBER_INT:
          object.put(name, parser.getLongValue());
          break;
        case START_OBJECT:
          object.put(name, readObject(parser));
          break;
        default:
          throw new AssertionError("unexpected JSON value for " + name + ": " + value);
      }
    }
    return object;
  }
}
