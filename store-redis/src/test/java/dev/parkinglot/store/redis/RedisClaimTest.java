package dev.parkinglot.store.redis;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.tck.TckClock;
import dev.parkinglot.wire.JsonWireFormat;
import io.opentelemetry.api.trace.TraceFlags;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the TCK cannot see of the claim script: the bytes it writes, what it keeps of another
 * writer's JSON, that it checks expiry before writing, unreadable values, and a flushed script
 * cache. Against a redis-server of its own, so that SCRIPT FLUSH touches nobody else.
 */
class RedisClaimTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final Duration GRACE = Duration.ofMinutes(10).plusMillis(7);

  @TempDir static Path dir;
  private static RedisServerProcess server;
  private static UnifiedJedis raw;

  private final long start = System.currentTimeMillis();
  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(start));
  private final String prefix = "claim:" + UUID.randomUUID() + ":";
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

  private StoredTraceContext.Builder context() {
    return StoredTraceContext.builder()
        .traceId(TRACE_ID).spanId(SPAN_ID).traceFlags(TraceFlags.getSampled())
        .parkedAtMillis(start).ttl(Duration.ofHours(1));
  }

  @Test
  void theTombstoneIsByteForByteWhatTheWireFormatWritesForIt() {
    String key = prefix + "rich";
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("orderId", "order-1");
    metadata.put("ttlMs", "a metadata key named like a field");
    metadata.put("consumedAt", "\"}{[\\");
    StoredTraceContext entry = context().traceState("congo=t61rcWkgMzE").baggage("tenant=acme")
        .metadata(metadata).build();
    store.save(StoreKey.of(key), entry);
    clock.advance(Duration.ofSeconds(3));

    ClaimResult claim = store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE));

    assertThat(claim.status()).isEqualTo(ClaimResult.Status.CLAIMED);
    StoredTraceContext tombstone = entry.asConsumed(Consumption.of(clock.instant(), GRACE));
    assertThat(new String(raw.get(key.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
        .isEqualTo(new String(JsonWireFormat.encode(tombstone), StandardCharsets.UTF_8));
    assertThat(raw.pttl(key)).as("PX of the tombstone: at most its grace period").isPositive()
        .isLessThanOrEqualTo(GRACE.toMillis());
  }

  @Test
  void theTombstoneOfAnotherWritersEntryKeepsItsBytesAndSetsOnlyTtlAndConsumedAt() {
    String key = prefix + "node";
    String head = "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":1,"
        + "\"parkedAt\":" + start + ",\"ttlMs\":";
    String tail = ",\"metadata\":{\"ttlMs\":\"1\",\"q\\\"}\":\"]\"},\"extra\":[1,{\"ttlMs\":2}],"
        + "\"consumedAt\":null }";
    raw.set(key, head + "3600000" + tail);

    Instant now = clock.instant();
    assertThat(store.claim(StoreKey.of(key), Consumption.of(now, GRACE)).status()).isEqualTo(ClaimResult.Status.CLAIMED);

    long ttl = now.toEpochMilli() + GRACE.toMillis() - start;
    assertThat(raw.get(key)).isEqualTo(head + ttl + tail.replace("null", Long.toString(now.toEpochMilli())));
    assertThat(store.load(StoreKey.of(key))).hasValueSatisfying(t -> {
      assertThat(t.consumedAt()).contains(now);
      assertThat(t.expiresAtMillis()).isEqualTo(now.toEpochMilli() + GRACE.toMillis());
      assertThat(t.metadata()).containsEntry("ttlMs", "1").containsEntry("q\"}", "]");
    });
  }

  /**
   * Layouts where the script's quick search for {@code "ttlMs":} must not be trusted and the full
   * scan decides: whitespace around the colon, the nested member found first, an array or object
   * opening before the top-level member, a brace inside an earlier string, keys that end in an
   * escaped quote and the member's name; and a string value holding the needle escaped. {@code %s}
   * is where the top-level ttlMs value goes; only that value and consumedAt (appended) may change.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "{ \"ttlMs\" : %s , \"traceId\":\"T\",\"spanId\":\"S\",\"traceFlags\":1,\"parkedAt\":P }",
      "{\"metadata\":{\"ttlMs\":\"9\"},\"traceId\":\"T\",\"spanId\":\"S\",\"traceFlags\":1,\"parkedAt\":P,\"ttlMs\":%s}",
      "{\"extra\":[{\"ttlMs\":2},[3]],\"traceId\":\"T\",\"spanId\":\"S\",\"traceFlags\":1,\"parkedAt\":P,\"ttlMs\":%s}",
      "{\"note\":\"a{b[\",\"traceId\":\"T\",\"spanId\":\"S\",\"traceFlags\":1,\"parkedAt\":P,\"ttlMs\":%s}",
      "{\"note\":\"\\\"ttlMs\\\":1\",\"traceId\":\"T\",\"spanId\":\"S\",\"traceFlags\":1,\"parkedAt\":P,\"ttlMs\":%s}",
      "{\"x\\\"ttlMs\":\"a b\",\"traceId\":\"T\",\"spanId\":\"S\",\"traceFlags\":1,\"parkedAt\":P,\"ttlMs\":%s}",
  })
  void theTopLevelTtlIsTheOneReplacedWhateverTheLayout(String layout) {
    String key = prefix + "layout";
    String template = layout.replace("\"T\"", "\"" + TRACE_ID + "\"").replace("\"S\"", "\"" + SPAN_ID + "\"")
        .replace(":P", ":" + start);
    raw.set(key, String.format(template, "3600000"));

    Instant now = clock.instant();
    assertThat(store.claim(StoreKey.of(key), Consumption.of(now, GRACE)).status()).isEqualTo(ClaimResult.Status.CLAIMED);

    long ttl = now.toEpochMilli() + GRACE.toMillis() - start;
    String expected = String.format(template, Long.toString(ttl));
    int close = expected.lastIndexOf('}');
    assertThat(raw.get(key)).isEqualTo(
        expected.substring(0, close) + ",\"consumedAt\":" + now.toEpochMilli() + expected.substring(close));
    assertThat(store.load(StoreKey.of(key))).hasValueSatisfying(t -> {
      assertThat(t.consumedAt()).contains(now);
      assertThat(t.expiresAtMillis()).isEqualTo(now.toEpochMilli() + GRACE.toMillis());
    });
  }

  @Test
  void aKeyEndingInAnEscapedQuoteAndConsumedAtIsNotTakenForTheMarker() {
    String key = prefix + "escaped-marker";
    String head = "{\"x\\\"consumedAt\":0,\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID
        + "\",\"traceFlags\":1,\"parkedAt\":" + start + ",\"ttlMs\":";
    raw.set(key, head + "3600000,\"consumedAt\":null}");

    Instant now = clock.instant();
    assertThat(store.claim(StoreKey.of(key), Consumption.of(now, GRACE)).status()).isEqualTo(ClaimResult.Status.CLAIMED);

    long ttl = now.toEpochMilli() + GRACE.toMillis() - start;
    assertThat(raw.get(key)).isEqualTo(head + ttl + ",\"consumedAt\":" + now.toEpochMilli() + "}");
    assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)).status())
        .as("the tombstone's marker is the real consumedAt, so a redelivery is a duplicate")
        .isEqualTo(ClaimResult.Status.DUPLICATE);
  }

  @Test
  void anEntryWithoutTtlGetsBothFieldsAppended() {
    String key = prefix + "no-ttl";
    String json = "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":1,"
        + "\"parkedAt\":" + start + "}";
    raw.set(key, json);

    assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)).context())
        .hasValueSatisfying(c -> assertThat(c.ttl()).as("the wire format's default")
            .isEqualTo(Duration.ofDays(1)));

    assertThat(raw.get(key)).isEqualTo(json.substring(0, json.length() - 1) + ",\"ttlMs\":" + GRACE.toMillis()
        + ",\"consumedAt\":" + start + "}");
  }

  @Test
  void anEntryExpiredByTheStoreClockButNotByRedisIsNotFoundAndLeftAsItWas() {
    String key = prefix + "expired";
    StoredTraceContext entry = context().build();
    store.save(StoreKey.of(key), entry);
    byte[] before = raw.get(key.getBytes(StandardCharsets.UTF_8));
    clock.set(Instant.ofEpochMilli(entry.expiresAtMillis()));

    assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)).status()).isEqualTo(ClaimResult.Status.NOT_FOUND);

    assertThat(raw.get(key.getBytes(StandardCharsets.UTF_8))).as("nothing written").isEqualTo(before);
    assertThat(raw.pttl(key)).as("Redis still holds it until its own expiry").isPositive();
  }

  @Test
  void anUnreadableValueIsACorruptEntryAndTheClaimDeletesIt() {
    String garbage = prefix + "garbage";
    raw.set(garbage, "{not json");
    assertThatThrownBy(() -> store.claim(StoreKey.of(garbage), Consumption.of(clock.instant(), GRACE)))
        .isInstanceOfSatisfying(CorruptEntryException.class, e -> assertThat(e.key()).isEqualTo(garbage));
    assertThat(raw.exists(garbage)).isFalse();

    String noParkedAt = prefix + "no-parked-at";
    raw.set(noParkedAt,
        "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":1,\"ttlMs\":5}");
    assertThatThrownBy(() -> store.claim(StoreKey.of(noParkedAt), Consumption.of(clock.instant(), GRACE)))
        .isInstanceOf(CorruptEntryException.class).hasMessageContaining("parkedAt");
    assertThat(raw.exists(noParkedAt)).isFalse();

    String badId = prefix + "bad-id";
    raw.set(badId, "{\"traceId\":\"not-hex\",\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":1,\"parkedAt\":"
        + start + ",\"ttlMs\":60000}");
    assertThatThrownBy(() -> store.claim(StoreKey.of(badId), Consumption.of(clock.instant(), GRACE)))
        .isInstanceOf(CorruptEntryException.class);
    assertThat(raw.exists(badId)).as("the tombstone of an entry Java cannot read is deleted too").isFalse();

    String list = prefix + "list";
    raw.lpush(list, "x");
    assertThatThrownBy(() -> store.claim(StoreKey.of(list), Consumption.of(clock.instant(), GRACE)))
        .isInstanceOf(CorruptEntryException.class).hasMessageContaining("not a string");
    assertThat(raw.llen(list)).as("another Redis type is left alone").isEqualTo(1);
    raw.del(list);
  }

  @Test
  void aFlushedScriptCacheIsRefilledByTheNextClaim() {
    String key = prefix + "flushed";
    store.save(StoreKey.of(key), context().build());
    assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)).status()).isEqualTo(ClaimResult.Status.CLAIMED);
    assertThat(raw.scriptExists(RedisClaim.sha1(), key)).isTrue();

    raw.scriptFlush(key);

    assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)).status()).isEqualTo(ClaimResult.Status.DUPLICATE);
    assertThat(raw.scriptExists(RedisClaim.sha1(), key)).isTrue();
    assertThat(store.claimIsAtomic()).isTrue();
    assertThat(store.name()).isEqualTo("redis");
  }
}
