package dev.parkinglot.store.redis;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TckErrorHook;
import dev.parkinglot.tck.TraceContextStoreTck;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.time.Duration;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/**
 * The whole TCK against a three-node Redis Cluster this class starts on free loopback ports and
 * stops at the end. The store gets the node list as its URL, so it runs in cluster mode by itself.
 */
class RedisClusterTraceContextStoreTckTest extends TraceContextStoreTck {
  @TempDir static Path dir;
  private static RedisClusterProcess cluster;
  private static UnifiedJedis raw;

  @BeforeAll
  static void startCluster() {
    cluster = RedisClusterProcess.start(dir);
    raw = ApplicationClients.cluster(new HostAndPort("127.0.0.1", cluster.ports().get(0)));
  }

  @AfterAll
  static void stopCluster() {
    try {
      if (raw != null) {
        raw.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Override
  protected TraceContextStore createStore(TckContext context) {
    return RedisTraceContextStore.builder().url(cluster.url()).clock(context.clock()).build();
  }

  /** A raw EXISTS through a cluster client: Redis' own view, without the store's expiry check. */
  @Override
  protected boolean backendHoldsEntry(TraceContextStore store, StoreKey storeKey) {
    String key = storeKey.value();
    return raw.exists(key.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected boolean sharesEntriesBetweenInstances() {
    return true;
  }

  @Override
  protected Map<TckErrorHook, String> errorHooksThatCannotApply() {
    return Map.of(TckErrorHook.FULL_STORE, "the store has no bound of its own on the number of entries");
  }

  /** Port 1 on loopback: nothing listens there, so every connection is refused at once. */
  @Override
  protected TraceContextStore createUnreachableStore(TckContext context) {
    return RedisTraceContextStore.builder()
        .url("redis://127.0.0.1:1,127.0.0.1:2")
        .timeout(Duration.ofMillis(500))
        .clock(context.clock())
        .build();
  }

  /** Bytes that are not the wire format, written under the entry's key with a raw SET. */
  @Override
  protected void writeCorruptEntry(TraceContextStore store, StoreKey storeKey) {
    raw.set(storeKey.value().getBytes(StandardCharsets.UTF_8),
        "{\"traceId\":\"not hex\",".getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected String providerName() {
    return "redis";
  }

  @Override
  protected Map<String, String> providerSettings(TckContext context) {
    return Map.of(RedisStoreSettings.URL, cluster.url());
  }

  @Override
  protected Map<String, String> invalidProviderSettings() {
    return Map.of(
        RedisStoreSettings.POOL_SIZE, "0",
        RedisStoreSettings.TIMEOUT, "forever");
  }
}
