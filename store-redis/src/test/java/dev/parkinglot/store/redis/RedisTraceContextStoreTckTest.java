package dev.parkinglot.store.redis;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckBackends;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TckErrorHook;
import dev.parkinglot.tck.TraceContextStoreTck;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The whole TCK against a standalone Redis from {@link TckBackends#redisUrl()}: the one named by
 * PARKINGLOT_TCK_REDIS_URL, else a Testcontainers Redis where Docker runs, else skipped (or failed
 * with PARKINGLOT_TCK_REQUIRE_ALL=true).
 */
class RedisTraceContextStoreTckTest extends TraceContextStoreTck {
  private static String url;
  private static UnifiedJedis raw;

  /**
   * Resolved before each rule's body: without a Redis every rule is skipped with the reason (or
   * fails with PARKINGLOT_TCK_REQUIRE_ALL=true) here, rather than inside a rule that creates its
   * store within an assertion.
   */
  @BeforeEach
  void findRedis() {
    synchronized (RedisTraceContextStoreTckTest.class) {
      if (raw == null) {
        url = TckBackends.redisUrl();
        raw = ApplicationClients.standalone(url);
      }
    }
  }

  private static UnifiedJedis raw() {
    return raw;
  }

  @AfterAll
  static void closeRawClient() {
    if (raw != null) {
      raw.close();
      raw = null;
    }
  }

  @Override
  protected TraceContextStore createStore(TckContext context) {
    return RedisTraceContextStore.builder().url(url).clock(context.clock()).build();
  }

  /** A raw EXISTS: Redis' own view, without the store's expiry check. */
  @Override
  protected boolean backendHoldsEntry(TraceContextStore store, StoreKey storeKey) {
    String key = storeKey.value();
    return raw().exists(key.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected boolean sharesEntriesBetweenInstances() {
    return true;
  }

  /** Removes what the rule left on the shared server (some entries live up to a year). */
  @Override
  protected void cleanUp(TckContext context) {
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    ScanParams match = new ScanParams().match(context.keyPrefix() + "*").count(1000);
    do {
      ScanResult<byte[]> page = raw().scan(cursor, match);
      List<byte[]> keys = page.getResult();
      for (byte[] key : keys) {
        raw().del(key);
      }
      cursor = page.getCursorAsBytes();
    } while (!new String(cursor, StandardCharsets.UTF_8).equals("0"));
  }

  @Override
  protected Map<TckErrorHook, String> errorHooksThatCannotApply() {
    return Map.of(TckErrorHook.FULL_STORE, "the store has no bound of its own on the number of entries");
  }

  /** Port 1 on loopback: nothing listens there, so every connection is refused at once. */
  @Override
  protected TraceContextStore createUnreachableStore(TckContext context) {
    return RedisTraceContextStore.builder()
        .url("redis://127.0.0.1:1")
        .timeout(Duration.ofMillis(500))
        .clock(context.clock())
        .build();
  }

  /** Bytes that are not the wire format, written under the entry's key with a raw SET. */
  @Override
  protected void writeCorruptEntry(TraceContextStore store, StoreKey storeKey) {
    raw().set(storeKey.value().getBytes(StandardCharsets.UTF_8),
        "{\"traceId\":\"not hex\",".getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected String providerName() {
    return "redis";
  }

  @Override
  protected Map<String, String> providerSettings(TckContext context) {
    return Map.of(RedisStoreSettings.URL, url);
  }

  @Override
  protected Map<String, String> invalidProviderSettings() {
    return Map.of(
        RedisStoreSettings.POOL_SIZE, "0",
        RedisStoreSettings.TIMEOUT, "forever");
  }
}
