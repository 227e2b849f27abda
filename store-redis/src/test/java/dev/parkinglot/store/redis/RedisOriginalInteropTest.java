package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.CorrelationKeys;
import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkOptions;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.tck.TckClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Java store and the real original, sharing one real redis-server: npm autotel 7.9.0's {@code
 * autotel/webhook} with the Redis store its documentation describes ({@code SETEX key
 * ceil(ttlMs/1000) JSON}, {@code GET}, {@code DEL}), run by Node ({@link OriginalProcess}), and a
 * Java lot with its defaults (prefix {@code parkingLot:}, duplicate detection on). Each test pins one
 * line of store-redis/README.md, "Sharing a lot with the original". Runs in CI, where .ci/run
 * installs the original with {@code npm ci}; elsewhere it is skipped with the reason until then.
 */
class RedisOriginalInteropTest {
  private static final AttributeKey<Boolean> STORE_ERROR = AttributeKey.booleanKey("parking_lot.store_error");
  private static final AttributeKey<Boolean> CONTEXT_FOUND = AttributeKey.booleanKey("parking_lot.context_found");
  private static final AttributeKey<Boolean> DUPLICATE = AttributeKey.booleanKey("parking_lot.duplicate");

  @TempDir static Path dir;
  private static RedisServerProcess server;
  private static UnifiedJedis raw;
  private static OriginalProcess original;

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private SdkTracerProvider tracerProvider;
  private OpenTelemetrySdk sdk;
  private RedisTraceContextStore store;
  private ParkingLot lot;

  @BeforeAll
  static void start() {
    if (!OriginalProcess.installed()) {
      return; // each test then skips (or fails under PARKINGLOT_TCK_REQUIRE_ALL) with the reason
    }
    server = RedisServerProcess.start(dir);
    raw = ApplicationClients.standalone(server.url());
    original = OriginalProcess.start(server.url());
  }

  @AfterAll
  static void stop() {
    if (original != null) {
      original.close();
    }
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void createLot() {
    OriginalProcess.requireInstalled();
    tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    store = RedisTraceContextStore.create(server.url());
    lot = ParkingLots.builder().store(store).openTelemetry(sdk).build();
  }

  @AfterEach
  void closeLot() {
    if (lot != null) {
      lot.close();
      store.close();
      tracerProvider.close();
    }
  }

  private static String newKey() {
    return "order-" + UUID.randomUUID();
  }

  /** The Java webhook handler: a callback that returns what it was handed. */
  private Function<String, CallbackContext> webhook() {
    return lot.traceCallback(CallbackConfig.builder("payment.webhook", (String id) -> id).build(), (ctx, id) -> ctx);
  }

  private SpanData lastSpan(String name) {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    return spans.stream().filter(s -> s.getName().equals(name)).reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("no span named " + name + " in " + spans));
  }

  private ParkResult parkInJavaSpan(String key, ParkOptions options) {
    Span span = sdk.getTracer("test").spanBuilder("checkout").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return lot.park(key, options);
    } finally {
      span.end();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> found(Map<String, Object> answer) {
    return (Map<String, Object>) answer.get("found");
  }

  private static void assertLinkedTo(SpanData span, String traceId, String spanId) {
    assertThat(span.getLinks()).hasSize(1);
    LinkData link = span.getLinks().get(0);
    assertThat(link.getSpanContext().getTraceId()).isEqualTo(traceId);
    assertThat(link.getSpanContext().getSpanId()).isEqualTo(spanId);
    assertThat(link.getSpanContext().getTraceFlags()).isEqualTo(TraceFlags.getSampled());
    assertThat(link.getSpanContext().isRemote()).isTrue();
  }

  @Test
  void theOriginalParksAndAJavaCallbackClaimsAndLinksItsSpan() {
    String key = newKey();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("orderId", key);
    metadata.put("customer", "Zoë ✓");
    Map<String, Object> parked = original.call("park", "key", key, "metadata", metadata);
    String traceId = (String) parked.get("traceId");
    String spanId = (String) parked.get("spanId");

    CallbackContext seen = webhook().apply(key);

    assertThat(seen.parkedContext()).isPresent();
    assertThat(seen.duplicate()).isFalse();
    SpanData callback = lastSpan("payment.webhook");
    assertLinkedTo(callback, traceId, spanId);
    Attributes attributes = callback.getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("parking_lot.original_trace_id"))).isEqualTo(traceId);
    assertThat(attributes.get(AttributeKey.stringKey("parking_lot.original_span_id"))).isEqualTo(spanId);
    assertThat(attributes.get(AttributeKey.stringKey("parking_lot.metadata.orderId"))).isEqualTo(key);
    assertThat(attributes.get(AttributeKey.stringKey("parking_lot.metadata.customer"))).isEqualTo("Zoë ✓");
    assertThat(attributes.get(CONTEXT_FOUND)).isTrue();
    assertThat(attributes.get(STORE_ERROR)).isNull();
    assertThat(seen.parkedContext().get().ttl()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void javaParksAndTheOriginalRetrievesTheSameIdsFlagsMetadataAndUnits() {
    String key = newKey();
    ParkResult result = parkInJavaSpan(key,
        ParkOptions.builder().metadata(Map.of("orderId", key, "amount", "42.50")).build());
    SpanContext checkout = lastSpan("checkout").getSpanContext();
    assertThat(result.isParked()).isTrue();
    StoredTraceContext parked = result.stored().orElseThrow();

    Map<String, Object> retrieved = found(original.call("retrieve", "key", key));

    assertThat(retrieved).containsEntry("traceId", checkout.getTraceId())
        .containsEntry("spanId", checkout.getSpanId())
        .containsEntry("traceFlags", (long) (checkout.getTraceFlags().asByte() & 0xFF)) // the whole byte
        .containsEntry("parkedAt", parked.parkedAtMillis())
        .containsEntry("ttlMs", Duration.ofHours(24).toMillis())
        .containsEntry("metadata", Map.of("orderId", key, "amount", "42.50"));
    assertThat(original.call("exists", "key", key)).as("the original's retrieve deleted it")
        .containsEntry("exists", false);
    assertThat(lot.exists(key)).isFalse();

    // The original's own callback links the Java span; the tracestate Java adds is a field it ignores.
    String second = newKey();
    SpanContext upstream = SpanContext.createFromRemoteParent("5bf92f3577b34da6a3ce929d0e0e4736", "10f067aa0ba902b7",
        TraceFlags.getSampled(), TraceState.builder().put("vendor", "value").build());
    Span child = sdk.getTracer("test").spanBuilder("checkout")
        .setParent(Context.root().with(Span.wrap(upstream))).startSpan();
    try (Scope ignored = child.makeCurrent()) {
      assertThat(lot.park(second).isParked()).isTrue();
    } finally {
      child.end();
    }
    SpanContext secondCheckout = child.getSpanContext();
    assertThat(found(original.call("load", "key", second))).containsEntry("traceState", "vendor=value");
    Map<String, Object> callback = original.call("callback", "key", second);
    assertThat(callback).containsEntry("found", true)
        .containsEntry("links", List.of(Map.of("traceId", secondCheckout.getTraceId(),
            "spanId", secondCheckout.getSpanId(), "traceFlags", (long) (secondCheckout.getTraceFlags().asByte() & 0xFF))));
  }

  @Test
  void javaClaimsAndTheOriginalThenSeesNothingWhileARedeliveryToJavaIsADuplicate() {
    String key = newKey();
    Map<String, Object> parked = original.call("park", "key", key);

    assertThat(webhook().apply(key).duplicate()).isFalse();

    assertThat(original.call("exists", "key", key)).containsEntry("exists", false);
    assertThat(original.call("retrieve", "key", key)).containsEntry("found", null);
    assertThat(original.call("callback", "key", key)).containsEntry("found", false)
        .containsEntry("links", List.of());
    CallbackContext redelivery = webhook().apply(key);
    assertThat(redelivery.duplicate()).isTrue();
    SpanData callback = lastSpan("payment.webhook");
    assertLinkedTo(callback, (String) parked.get("traceId"), (String) parked.get("spanId"));
    assertThat(callback.getAttributes().get(DUPLICATE)).isTrue();
  }

  @Test
  void theOriginalClaimsAndJavaThenSeesAMiss() {
    String key = newKey();
    original.call("park", "key", key);
    assertThat(found(original.call("retrieve", "key", key))).isNotNull();

    CallbackContext seen = webhook().apply(key);

    assertThat(seen.parkedContext()).isEmpty();
    assertThat(seen.duplicate()).isFalse();
    assertThat(seen.storeFailed()).isFalse();
    SpanData callback = lastSpan("payment.webhook");
    assertThat(callback.getLinks()).isEmpty();
    assertThat(callback.getAttributes().get(CONTEXT_FOUND)).isFalse();
    assertThat(lot.exists(key)).isFalse();
  }

  @Test
  void anEntryTheOriginalParksBeyondJavasWriteLimitsIsClaimedAndLinkedFromJava() {
    // 300 chars (Java parks keys of up to 256), 44 metadata entries (Java writes 32), a 2,000-char
    // value (Java writes 1,024), a number and a boolean (Java writes strings)
    String key = newKey() + "-" + "k".repeat(300 - 43);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("amount", 42);
    metadata.put("paid", true);
    metadata.put("note", "n".repeat(2_000));
    for (int i = 0; i < 41; i++) {
      metadata.put("m" + i, "v" + i);
    }
    Map<String, Object> parked = original.call("park", "key", key, "metadata", metadata);

    CallbackContext seen = webhook().apply(key);

    assertThat(key).hasSize(300);
    SpanData callback = lastSpan("payment.webhook");
    assertLinkedTo(callback, (String) parked.get("traceId"), (String) parked.get("spanId"));
    assertThat(callback.getAttributes().get(STORE_ERROR)).isNull();
    assertThat(seen.parkedContext().orElseThrow().metadata()).hasSize(44)
        .containsEntry("amount", "42").containsEntry("paid", "true")
        .containsEntry("note", "n".repeat(2_000)).containsEntry("m40", "v40");
    assertThat(callback.getAttributes().get(AttributeKey.stringKey("parking_lot.metadata.amount"))).isEqualTo("42");
    assertThat(original.call("exists", "key", key)).containsEntry("exists", false);
  }

  /**
   * Where Redis' expiry lies after a park, measured from the entry's {@code parkedAt} with {@code
   * PEXPIRETIME} (absolute, so no wall-clock race): at least the ttl Redis was given, at most ten
   * seconds more (the time between the park and its command).
   */
  private static void assertRedisExpiryAfterParkedAt(String storeKey, long parkedAt, long expectedMillis) {
    assertThat(raw.pexpireTime(storeKey) - parkedAt).as("Redis' expiry of %s after parkedAt", storeKey)
        .isBetween(expectedMillis, expectedMillis + 10_000);
  }

  @Test
  void ttlsTheOriginalRoundsUpToWholeSecondsInRedisAreReadToTheMillisecond() {
    // A store whose clock stands before every park below, so none of their entries is expired for it.
    try (RedisTraceContextStore before = RedisTraceContextStore.builder().url(server.url())
        .clock(TckClock.at(Instant.now())).build()) {
      // 1,500 ms: the original's store sets 2 s in Redis; the JSON says 1500, which Java reads.
      String key = newKey();
      StoreKey storeKey = StoreKey.of("parkingLot:" + key);
      original.call("park", "key", key, "ttlMs", 1500);
      StoredTraceContext read = before.load(storeKey).orElseThrow();
      assertThat(read.ttlMillis()).isEqualTo(1500L);
      assertRedisExpiryAfterParkedAt(storeKey.value(), read.parkedAtMillis(), 2000);
      // So for half a second Java holds it expired while the original's GET still finds it.
      try (RedisTraceContextStore atExpiry = RedisTraceContextStore.builder().url(server.url())
          .clock(TckClock.at(Instant.ofEpochMilli(read.parkedAtMillis() + 1500))).build()) {
        assertThat(atExpiry.load(storeKey)).isEmpty();
      }

      // 500 ms, sub-second: Redis keeps it a whole second.
      String shortKey = newKey();
      StoreKey shortStoreKey = StoreKey.of("parkingLot:" + shortKey);
      original.call("park", "key", shortKey, "ttlMs", 500);
      StoredTraceContext shortRead = before.load(shortStoreKey).orElseThrow();
      assertThat(shortRead.ttlMillis()).isEqualTo(500L);
      assertRedisExpiryAfterParkedAt(shortStoreKey.value(), shortRead.parkedAtMillis(), 1000);

      // 0 is falsy: the original's store keeps it 86,400 s and writes ttlMs 0, which Java reads as 24 h.
      String zeroKey = newKey();
      StoreKey zeroStoreKey = StoreKey.of("parkingLot:" + zeroKey);
      original.call("park", "key", zeroKey, "ttlMs", 0);
      StoredTraceContext zeroRead = before.load(zeroStoreKey).orElseThrow();
      assertThat(zeroRead.ttl()).isEqualTo(Duration.ofHours(24));
      assertRedisExpiryAfterParkedAt(zeroStoreKey.value(), zeroRead.parkedAtMillis(), 86_400_000);
    }

    // A negative ttl: SETEX refuses it, and the original's park throws (Java refuses it at park too).
    assertThat(original.failure("park", "key", newKey(), "ttlMs", -5)).contains("invalid expire time in 'setex'");

    // Java's 61,001 ms is PX to the millisecond in Redis, and the original reads ttlMs 61001.
    String javaKey = newKey();
    StoredTraceContext parked =
        parkInJavaSpan(javaKey, ParkOptions.builder().ttl(Duration.ofMillis(61_001)).build()).stored().orElseThrow();
    assertRedisExpiryAfterParkedAt("parkingLot:" + javaKey, parked.parkedAtMillis(), 61_001);
    assertThat(raw.pexpireTime("parkingLot:" + javaKey) - parked.parkedAtMillis()).isLessThan(62_000);
    assertThat(found(original.call("load", "key", javaKey))).containsEntry("ttlMs", 61_001L);
  }

  @Test
  void theOriginalsRetrieveIsAGetThenADelSoTwoRetrievesOrAJavaClaimBetweenThemAllGetTheContext() {
    String key = newKey();
    Map<String, Object> parked = original.call("park", "key", key);

    Map<String, Object> both = original.call("retrieveTwiceAtOnce", "key", key);
    assertThat(both.get("first")).isNotNull().isEqualTo(both.get("second"));

    // The original's retrieve, in its two halves, with a Java claim in between: both have the context.
    String raced = newKey();
    Map<String, Object> racedPark = original.call("park", "key", raced);
    assertThat(found(original.call("load", "key", raced))).containsEntry("spanId", racedPark.get("spanId"));
    assertThat(webhook().apply(raced).parkedContext()).isPresent();
    original.call("delete", "key", raced);
    assertLinkedTo(lastSpan("payment.webhook"), (String) racedPark.get("traceId"), (String) racedPark.get("spanId"));
    assertThat(parked.get("traceId")).isNotEqualTo(racedPark.get("traceId"));
  }

  @Test
  void createCorrelationKeyIsAPlainJoinThatCorrelationKeysOfMatchesOnlyForPartsWithoutColonOrBackslash() {
    assertThat(original.call("correlationKey", "parts", List.of("payment", "order-1", "stripe")))
        .containsEntry("key", CorrelationKeys.of("payment", "order-1", "stripe"));
    assertThat(original.call("correlationKey", "parts", List.of("a:b", "c"))).containsEntry("key", "a:b:c");
    assertThat(original.call("correlationKey", "parts", List.of("a", "b:c"))).containsEntry("key", "a:b:c");
    assertThat(CorrelationKeys.of("a:b", "c")).isEqualTo("a\\:b:c");

    // What the original parks under createCorrelationKey("a:b", "c") is found by the joined text only.
    String id = UUID.randomUUID().toString();
    String nodeKey = (String) original.call("correlationKey", "parts", List.of("pay:" + id, "c")).get("key");
    Map<String, Object> parked = original.call("park", "key", nodeKey);
    assertThat(lot.exists(CorrelationKeys.of("pay:" + id, "c"))).isFalse();
    assertThat(lot.exists("pay:" + id + ":c")).isTrue();
    assertThat(lot.retrieve("pay:" + id + ":c").map(StoredTraceContext::spanId)).contains((String) parked.get("spanId"));
  }

  @Test
  void anEntryTheOriginalParksWithoutASpanIsCorruptForJavaAndItsClaimSaysItRemovedIt() {
    String key = newKey();
    original.call("parkWithoutSpan", "key", key);

    CallbackContext seen = webhook().apply(key);

    assertThat(seen.storeFailed()).isTrue();
    SpanData callback = lastSpan("payment.webhook");
    assertThat(callback.getLinks()).isEmpty();
    assertThat(callback.getAttributes().get(STORE_ERROR)).isTrue();
    EventData exception = callback.getEvents().stream().filter(e -> e.getName().equals("exception"))
        .findFirst().orElseThrow();
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(CorruptEntryException.class.getName());
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .contains("traceId is empty")
        .endsWith("the consuming operation removed it from the store, so no other reader will find it");
    assertThat(original.call("load", "key", key)).containsEntry("found", null);
  }
}
