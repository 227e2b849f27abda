package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TckErrorHook;
import dev.parkinglot.tck.TraceContextStoreTck;
import io.opentelemetry.api.trace.TraceFlags;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * The whole TCK against a three-node Redis Cluster this class starts on free loopback ports and
 * stops at the end. The store gets the node list as its URL, so it runs in cluster mode by itself.
 */
class RedisClusterTraceContextStoreTckTest extends TraceContextStoreTck {
  private static final byte[] KEYSLOT = "KEYSLOT".getBytes(StandardCharsets.US_ASCII);

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
    byte[] key = storeKey.value().getBytes(StandardCharsets.UTF_8);
    return raw.exists(key) || raw.exists(TombstoneKey.of(key));
  }

  /**
   * A claim touches the entry key and its tombstone key in one script, which a cluster refuses
   * (CROSSSLOT) unless both are in one slot: keys with and without hash tags, braces anywhere,
   * claimed and redelivered, and the cluster's own CLUSTER KEYSLOT of both keys.
   */
  @Test
  void claimsWorkOnTheClusterWhateverBracesTheKeyHolds() {
    Instant now = Instant.now();
    String run = UUID.randomUUID().toString();
    try (RedisTraceContextStore store = RedisTraceContextStore.builder().url(cluster.url()).build()) {
      for (String correlationKey : List.of("order-1", "{order-1}", "{}order", "}{x}", "a}b", "x{y", "{a}{b}",
          "{tenant}:pay:{9}", "ключ{ä}", "{", "}")) {
        StoreKey key = StoreKey.of("cluster:" + run + ":", correlationKey);
        byte[] rawKey = key.value().getBytes(StandardCharsets.UTF_8);
        assertThat(raw.sendCommand(rawKey, Protocol.Command.CLUSTER, KEYSLOT, TombstoneKey.of(rawKey)))
            .as("CLUSTER KEYSLOT of the tombstone key of %s", key)
            .isEqualTo(raw.sendCommand(rawKey, Protocol.Command.CLUSTER, KEYSLOT, rawKey));
        assertThat(raw.sendCommand(rawKey, Protocol.Command.CLUSTER, KEYSLOT, TombstoneKey.consumption(rawKey)))
            .as("CLUSTER KEYSLOT of the consumption key of %s", key)
            .isEqualTo(raw.sendCommand(rawKey, Protocol.Command.CLUSTER, KEYSLOT, rawKey));
        StoredTraceContext entry = StoredTraceContext.builder().traceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .spanId("00f067aa0ba902b7").traceFlags(TraceFlags.getSampled()).parkedAt(now).ttl(Duration.ofMinutes(5)).build();
        store.save(key, entry);
        assertThat(store.claim(key, Consumption.of(now, Duration.ofMinutes(1))).status())
            .as("claim of %s", key).isEqualTo(ClaimResult.Status.CLAIMED);
        assertThat(raw.exists(rawKey)).as("the original's key after the claim of %s", key).isFalse();
        assertThat(store.claim(key, Consumption.of(now, Duration.ofMinutes(1))).status())
            .as("redelivery of %s", key).isEqualTo(ClaimResult.Status.DUPLICATE);
        store.delete(key);
        assertThat(store.exists(key)).isFalse();
      }
    }
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
