package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
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
import redis.clients.jedis.UnifiedJedis;

/**
 * What the TCK cannot see of the claim: that the key the original reads is empty after a claim,
 * where the tombstone is (its entry bytes and its consumption record), that another writer's bytes move unchanged, that
 * an entry expired by the store clock is not claimed, unreadable values, values too large to come
 * back through Lua, and a flushed script cache. Against a redis-server of its own, so that SCRIPT
 * FLUSH touches nobody else.
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

  private static byte[] utf8(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] tombstoneKey(String key) {
    return TombstoneKey.of(utf8(key));
  }

  private static byte[] consumptionKey(String key) {
    return TombstoneKey.consumption(utf8(key));
  }

  @Test
  void afterAClaimTheKeyTheOriginalReadsIsEmptyAndTheTombstoneKeyHoldsTheEntryAndItsConsumption() {
    String key = prefix + "rich";
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("orderId", "order-1");
    metadata.put("consumedAt", "\"}{[\\\u0000");
    StoredTraceContext entry = context().traceState("congo=t61rcWkgMzE").baggage("tenant=acme")
        .metadata(metadata).build();
    store.save(StoreKey.of(key), entry);
    byte[] saved = raw.get(utf8(key));
    Instant now = clock.advance(Duration.ofSeconds(3));

    ClaimResult claim = store.claim(StoreKey.of(key), Consumption.of(now, GRACE));

    assertThat(claim.status()).isEqualTo(ClaimResult.Status.CLAIMED);
    assertThat(claim.context()).contains(entry);
    assertThat(raw.get(utf8(key))).as("what the original's GET finds after the claim").isNull();
    assertThat(raw.exists(utf8(key))).isFalse();
    assertThat(raw.get(tombstoneKey(key))).as("the entry's bytes, moved unchanged").isEqualTo(saved);
    assertThat(new String(raw.get(consumptionKey(key)), StandardCharsets.US_ASCII))
        .matches("1 " + now.toEpochMilli() + " " + (now.toEpochMilli() + GRACE.toMillis()) + " [0-9a-f]{16}");
    assertThat(raw.pttl(consumptionKey(key))).isPositive().isLessThanOrEqualTo(GRACE.toMillis());
    assertThat(raw.pttl(tombstoneKey(key))).as("PX of the tombstone: at most its grace period").isPositive()
        .isLessThanOrEqualTo(GRACE.toMillis());

    StoredTraceContext expected = entry.asConsumed(Consumption.of(now, GRACE));
    assertThat(store.load(StoreKey.of(key))).contains(expected);
    assertThat(store.exists(StoreKey.of(key))).isTrue();
    ClaimResult redelivery = store.claim(StoreKey.of(key), Consumption.of(clock.advance(Duration.ofMinutes(1)), GRACE));
    assertThat(redelivery.status()).isEqualTo(ClaimResult.Status.DUPLICATE);
    assertThat(redelivery.context()).contains(expected);
    assertThat(raw.get(tombstoneKey(key))).as("a duplicate leaves the tombstone as it is").isEqualTo(saved);
  }

  @Test
  void anotherWritersBytesMoveUnchanged() {
    String key = prefix + "node";
    String json = "{ \"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":1,"
        + "\"parkedAt\":" + start + ",\"ttlMs\":3600000,\"metadata\":{\"ttlMs\":\"1\",\"q\\\"}\":\"]\"},"
        + "\"extra\":[1,{\"ttlMs\":2}],\"consumedAt\":null }";
    raw.setex(utf8(key), 3600, utf8(json));
    Instant now = clock.instant();

    assertThat(store.claim(StoreKey.of(key), Consumption.of(now, GRACE)).status()).isEqualTo(ClaimResult.Status.CLAIMED);

    assertThat(new String(raw.get(tombstoneKey(key)), StandardCharsets.UTF_8)).isEqualTo(json);
    assertThat(store.load(StoreKey.of(key))).hasValueSatisfying(t -> {
      assertThat(t.consumedAt()).contains(now);
      assertThat(t.expiresAtMillis()).isEqualTo(now.toEpochMilli() + GRACE.toMillis());
      assertThat(t.metadata()).containsEntry("ttlMs", "1").containsEntry("q\"}", "]");
    });
  }

  @Test
  void anEntryExpiredByTheStoreClockButNotByRedisIsNotFoundAndNoTombstoneIsLeft() {
    String key = prefix + "expired";
    StoredTraceContext entry = context().build();
    store.save(StoreKey.of(key), entry);
    clock.set(Instant.ofEpochMilli(entry.expiresAtMillis()));

    assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)).status())
        .isEqualTo(ClaimResult.Status.NOT_FOUND);

    assertThat(raw.exists(tombstoneKey(key))).as("the move is undone: no tombstone").isFalse();
    assertThat(raw.exists(consumptionKey(key))).isFalse();
    assertThat(raw.exists(utf8(key))).as("the expired entry is gone from the original's key too").isFalse();
    clock.set(Instant.ofEpochMilli(entry.expiresAtMillis() - 1));
    assertThat(store.load(StoreKey.of(key))).isEmpty();
  }

  @Test
  void theUndoLeavesATombstoneThatIsNotThisClaims() {
    String key = prefix + "not-mine";
    store.save(StoreKey.of(key), context().build());
    assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)).status())
        .isEqualTo(ClaimResult.Status.CLAIMED);
    byte[] record = raw.get(consumptionKey(key));

    assertThat(RedisClaim.release(raw, tombstoneKey(key), consumptionKey(key), RedisClaim.record(start, start + 1)))
        .isFalse();

    assertThat(raw.get(consumptionKey(key))).isEqualTo(record);
    assertThat(raw.exists(tombstoneKey(key))).isTrue();
    assertThat(RedisClaim.release(raw, tombstoneKey(key), consumptionKey(key), record)).isTrue();
    assertThat(raw.exists(tombstoneKey(key))).isFalse();
  }

  @Test
  void anUnreadableValueIsACorruptEntryAndTheClaimRemovesItAndSaysSo() {
    String garbage = prefix + "garbage";
    raw.set(garbage, "{not json");
    assertThatThrownBy(() -> store.claim(StoreKey.of(garbage), Consumption.of(clock.instant(), GRACE)))
        .isInstanceOfSatisfying(CorruptEntryException.class, e -> assertThat(e.key()).isEqualTo(garbage))
        .hasMessageEndingWith("; the consuming operation removed it from the store, so no other reader will find it")
        .satisfies(e -> assertThat(((CorruptEntryException) e).removed()).isTrue());
    assertThat(raw.exists(garbage)).isFalse();
    assertThat(raw.exists(tombstoneKey(garbage))).isFalse();
    assertThat(raw.exists(consumptionKey(garbage))).isFalse();

    String noParkedAt = prefix + "no-parked-at";
    raw.set(noParkedAt,
        "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":1,\"ttlMs\":5}");
    assertThatThrownBy(() -> store.claim(StoreKey.of(noParkedAt), Consumption.of(clock.instant(), GRACE)))
        .isInstanceOf(CorruptEntryException.class).hasMessageContaining("parkedAt is missing");
    assertThat(raw.exists(noParkedAt)).isFalse();
    assertThat(raw.exists(tombstoneKey(noParkedAt))).isFalse();

    String noRecord = prefix + "no-record";
    raw.set(tombstoneKey(noRecord), JsonWireFormat.encode(context().build()));
    assertThatThrownBy(() -> store.claim(StoreKey.of(noRecord), Consumption.of(clock.instant(), GRACE)))
        .isInstanceOf(CorruptEntryException.class).hasMessageContaining("consumption record is missing");
    assertThat(raw.exists(tombstoneKey(noRecord))).isFalse();

    String badRecord = prefix + "bad-record";
    raw.set(tombstoneKey(badRecord), JsonWireFormat.encode(context().build()));
    raw.set(consumptionKey(badRecord), utf8("1 x y z"));
    assertThatThrownBy(() -> store.load(StoreKey.of(badRecord)))
        .isInstanceOf(CorruptEntryException.class).hasMessageContaining("consumption record is not");
    raw.del(tombstoneKey(badRecord), consumptionKey(badRecord));

    String nan = prefix + "nan";
    raw.set(nan, "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":1,"
        + "\"parkedAt\":NaN,\"ttlMs\":60000}");
    assertThatThrownBy(() -> store.claim(StoreKey.of(nan), Consumption.of(clock.instant(), GRACE)))
        .as("no Lua reads the value, so NaN is a corrupt entry, not a script error reported as an outage")
        .isInstanceOf(CorruptEntryException.class).hasMessageContaining("removed it from the store");
    assertThat(store.claim(StoreKey.of(nan), Consumption.of(clock.instant(), GRACE)).status())
        .as("the next delivery").isEqualTo(ClaimResult.Status.NOT_FOUND);

    String list = prefix + "list";
    raw.lpush(list, "x");
    assertThatThrownBy(() -> store.claim(StoreKey.of(list), Consumption.of(clock.instant(), GRACE)))
        .isInstanceOf(CorruptEntryException.class).hasMessageContaining("not a string");
    assertThat(raw.llen(list)).as("another Redis type is left alone").isEqualTo(1);
    assertThat(raw.exists(tombstoneKey(list))).isFalse();
    raw.del(list);
  }

  @Test
  void aValueLargerThanTheInlineLimitIsClaimedAndDetectedAsDuplicate() {
    String key = prefix + "large";
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      metadata.put("field" + i, "é".repeat(1000));
    }
    StoredTraceContext entry = context().metadata(metadata).build();
    store.save(StoreKey.of(key), entry);
    assertThat(raw.strlen(utf8(key))).isGreaterThan(RedisClaim.INLINE_MAX);
    Instant now = clock.instant();

    ClaimResult claim = store.claim(StoreKey.of(key), Consumption.of(now, GRACE));

    assertThat(claim.status()).isEqualTo(ClaimResult.Status.CLAIMED);
    assertThat(claim.context()).contains(entry);
    assertThat(raw.exists(utf8(key))).isFalse();
    ClaimResult again = store.claim(StoreKey.of(key), Consumption.of(now, GRACE));
    assertThat(again.status()).isEqualTo(ClaimResult.Status.DUPLICATE);
    assertThat(again.context()).contains(entry.asConsumed(Consumption.of(now, GRACE)));
  }

  @Test
  void aSavedTombstoneGoesToTheTombstoneKeyAndDeleteRemovesBoth() {
    String key = prefix + "saved-tombstone";
    StoredTraceContext tombstone = context().build().asConsumed(Consumption.of(clock.instant(), GRACE));
    store.save(StoreKey.of(key), context().build());

    store.save(StoreKey.of(key), tombstone);

    assertThat(raw.exists(utf8(key))).as("the original's key after a tombstone is saved").isFalse();
    assertThat(store.load(StoreKey.of(key))).contains(tombstone);
    store.save(StoreKey.of(key), context().build());
    assertThat(store.load(StoreKey.of(key))).as("a live entry hides an older tombstone").contains(context().build());
    store.delete(StoreKey.of(key));
    assertThat(raw.exists(utf8(key))).isFalse();
    assertThat(raw.exists(tombstoneKey(key))).isFalse();
    assertThat(raw.exists(consumptionKey(key))).isFalse();
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
