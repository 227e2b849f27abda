package dev.parkinglot.store.redis;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.tck.TckClock;
import io.opentelemetry.api.trace.TraceFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Connection;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** The store against a redis-server this test starts, stops and restarts on one loopback port. */
class RedisStoreFaultTest {
  @TempDir static Path dir;
  private static RedisServerProcess server;

  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(1_700_000_000_000L));
  private final String prefix = "fault:" + UUID.randomUUID() + ":";

  @BeforeAll
  static void startServer() {
    server = RedisServerProcess.start(dir);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private RedisTraceContextStore newStore() {
    return RedisTraceContextStore.builder()
        .url(server.url()).timeout(Duration.ofSeconds(2)).clock(clock).build();
  }

  private StoredTraceContext context() {
    return StoredTraceContext.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7")
        .traceFlags(TraceFlags.getSampled()).parkedAtMillis(clock.millis()).ttl(Duration.ofHours(1))
        .build();
  }

  @Test
  void everyOperationIsStoreUnavailableWhileRedisIsDownAndTheSameStoreWorksAfterARestart() {
    String key = prefix + "down";
    try (RedisTraceContextStore store = newStore()) {
      store.save(StoreKey.of(key), context());
      server.stop();
      try {
        assertUnavailable(() -> store.save(StoreKey.of(key), context()), "SET");
        assertUnavailable(() -> store.load(StoreKey.of(key)), "GET");
        assertUnavailable(() -> store.take(StoreKey.of(key)), "GETDEL");
        assertUnavailable(() -> store.exists(StoreKey.of(key)), "GET");
        assertUnavailable(() -> store.delete(StoreKey.of(key)), "DEL");
        assertUnavailable(() -> store.claim(StoreKey.of(key), Consumption.of(clock.instant(), Duration.ofMinutes(5))), "EVALSHA (claim)");
      } finally {
        server.restart();
      }
      // No persistence: the restarted server is empty, and the same store instance works on it.
      assertThat(store.load(StoreKey.of(key))).isEmpty();
      store.save(StoreKey.of(key), context());
      assertThat(store.exists(StoreKey.of(key))).isTrue();
      assertThat(store.take(StoreKey.of(key))).contains(context());
      assertThat(store.take(StoreKey.of(key))).isEmpty();
    }
  }

  @Test
  void theFirstCommandAfterAQuickRestartSucceedsAlthoughThePooledConnectionIsDead() {
    String key = prefix + "stale-owned";
    try (RedisTraceContextStore store = newStore()) {
      store.save(StoreKey.of(key), context());
      server.stop();
      server.restart();
      // The pool still holds the connection to the old process; Redis closed it.
      assertThat(store.load(StoreKey.of(key))).isEmpty();
      store.save(StoreKey.of(key), context());
      assertThat(store.take(StoreKey.of(key))).contains(context());

      // The restarted server has no scripts cached either: the claim loads its script again.
      store.save(StoreKey.of(key), context());
      server.stop();
      server.restart();
      assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), Duration.ofMinutes(5))).status())
          .isEqualTo(ClaimResult.Status.NOT_FOUND);
      store.save(StoreKey.of(key), context());
      assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), Duration.ofMinutes(5))).context()).contains(context());
    }
  }

  @Test
  void aRestartLeavingSeveralDeadConnectionsInAPoolCostsNoFailedCommand() {
    String key = prefix + "stale-many";
    try (UnifiedJedis client = ApplicationClients.standalone(server.url());
        RedisTraceContextStore store = RedisTraceContextStore.builder().client(client).clock(clock).build()) {
      List<Connection> borrowed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        borrowed.add(ApplicationClients.pool(client).getResource());
      }
      borrowed.forEach(Connection::close);
      assertThat(ApplicationClients.pool(client).getNumIdle()).isEqualTo(3);

      server.stop();
      server.restart();

      for (int i = 0; i < 5; i++) {
        store.save(StoreKey.of(key), context());
        assertThat(store.take(StoreKey.of(key))).contains(context());
      }
    }
  }

  @Test
  void garbageUnderAKeyIsACorruptEntryAndTakeRemovesIt() {
    String key = prefix + "garbage";
    try (RedisTraceContextStore store = newStore(); UnifiedJedis raw = ApplicationClients.standalone(server.url())) {
      raw.set(key, "{not json at all");
      assertThatThrownBy(() -> store.load(StoreKey.of(key)))
          .isInstanceOfSatisfying(CorruptEntryException.class, e -> assertThat(e.key()).isEqualTo(key));
      assertThatThrownBy(() -> store.exists(StoreKey.of(key))).isInstanceOf(CorruptEntryException.class);
      assertThatThrownBy(() -> store.take(StoreKey.of(key))).isInstanceOf(CorruptEntryException.class);
      assertThat(raw.exists(key)).as("GETDEL removed the corrupt entry").isFalse();

      raw.set(key, "{\"traceId\":\"not-hex\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,"
          + "\"parkedAt\":1,\"ttlMs\":1000}");
      assertThatThrownBy(() -> store.load(StoreKey.of(key)))
          .isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining(key);
    }
  }

  @Test
  void aKeyHoldingAnotherRedisTypeIsACorruptEntryAndASaveReplacesIt() {
    String key = prefix + "list";
    try (RedisTraceContextStore store = newStore(); UnifiedJedis raw = ApplicationClients.standalone(server.url())) {
      raw.lpush(key, "x");
      assertThatThrownBy(() -> store.load(StoreKey.of(key)))
          .isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("not a string")
          .hasCauseInstanceOf(JedisDataException.class);
      assertThatThrownBy(() -> store.take(StoreKey.of(key))).isInstanceOf(CorruptEntryException.class);

      store.save(StoreKey.of(key), context());
      assertThat(store.load(StoreKey.of(key))).contains(context());
      store.delete(StoreKey.of(key));
    }
  }

  @Test
  void closeClosesTheClientTheStoreCreatedButNeverOneItWasGiven() {
    RedisTraceContextStore owning = newStore();
    owning.close();
    owning.close();
    assertThatThrownBy(() -> owning.load(StoreKey.of(prefix + "x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");

    try (UnifiedJedis client = ApplicationClients.standalone(server.url())) {
      RedisTraceContextStore borrowing = RedisTraceContextStore.builder().client(client).build();
      borrowing.close();
      assertThat(client.ping()).isEqualTo("PONG");
      assertThat(borrowing.toString()).contains("not owned");
    }
  }

  private static void assertUnavailable(ThrowingCallable call, String command) {
    assertThatThrownBy(call)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("redis store: " + command)
        .hasMessageContaining("cannot reach Redis")
        .hasMessageContaining("127.0.0.1:" + server.port())
        .hasCauseInstanceOf(JedisConnectionException.class);
  }
}
