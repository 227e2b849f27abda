package dev.parkinglot.store.redis;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckBackends;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TckErrorHook;
import dev.parkinglot.tck.TraceContextStoreTck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The whole store contract against a standalone Redis: the one PARKINGLOT_TCK_REDIS_URL names,
 * else a Testcontainers Redis where Docker runs, else skipped (failed with
 * PARKINGLOT_TCK_REQUIRE_ALL=true). store-tck/README.md shows this file as its complete example
 * (ReadmeSnippetsTest checks the copy), so it reads as a store author would write it.
 */
class RedisTraceContextStoreTckTest extends TraceContextStoreTck {
  private static String url;
  /** Talks to Redis past the store under test: the client of a store of the test's own. */
  private static RedisTraceContextStore rawStore;
  private static UnifiedJedis raw;

  /** Finds the server before each rule: without one, the rule is skipped with the reason. */
  @BeforeEach
  void findRedis() {
    synchronized (RedisTraceContextStoreTckTest.class) {
      if (raw == null) {
        url = TckBackends.redisUrl();
        rawStore = RedisTraceContextStore.builder().url(url).build();
        raw = rawStore.client();
      }
    }
  }

  @AfterAll
  static void closeRawClient() {
    if (rawStore != null) {
      rawStore.close();
      rawStore = null;
      raw = null;
    }
  }

  @Override
  protected TraceContextStore createStore(TckContext context) {
    return RedisTraceContextStore.builder().url(url).clock(context.clock()).build();
  }

  /** A raw EXISTS: Redis' own view, without the store's expiry check. */
  @Override
  protected boolean backendHoldsEntry(TraceContextStore store, StoreKey key) {
    return raw.exists(key.value().getBytes(StandardCharsets.UTF_8));
  }

  /** A server store: two instances see one backend. */
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
      ScanResult<byte[]> page = raw.scan(cursor, match);
      for (byte[] key : page.getResult()) {
        raw.del(key);
      }
      cursor = page.getCursorAsBytes();
    } while (!new String(cursor, StandardCharsets.UTF_8).equals("0"));
  }

  // The error contract: Redis can be unreachable and can hold bytes the store cannot read.

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
  protected void writeCorruptEntry(TraceContextStore store, StoreKey key) {
    raw.set(key.value().getBytes(StandardCharsets.UTF_8),
        "{\"traceId\":\"not hex\",".getBytes(StandardCharsets.UTF_8));
  }

  // The provider: found by ServiceLoader as "redis", built from parkinglot.redis.* settings.

  @Override
  protected String providerName() {
    return "redis";
  }

  @Override
  protected Map<String, String> providerSettings(TckContext context) {
    return Map.of("parkinglot.redis.url", url);
  }

  @Override
  protected Map<String, String> invalidProviderSettings() {
    return Map.of("parkinglot.redis.pool-size", "0", "parkinglot.redis.timeout", "forever");
  }
}
