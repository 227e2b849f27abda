package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.tck.TckClock;
import io.opentelemetry.api.trace.TraceFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * The store against a stalled Redis: a redis-server this test starts and freezes with {@code DEBUG
 * SLEEP} (the server accepts connections but answers nothing, as under a long-running script or a
 * swapping host). Pins the README's "Failure modes": every call gives up within its timeout plus a
 * small margin, and a call that timed out may still run once the server wakes up.
 */
class RedisStallTest {
  /** The store's timeout in this test. */
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  /**
   * The margin the README documents over the timeout. Before the fix a call against a stalled
   * server took two timeouts (1.0 s here), because the pool rebuilt the broken connection in the
   * caller's thread.
   */
  private static final Duration MARGIN = Duration.ofMillis(250);
  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @TempDir static Path dir;
  private static RedisServerProcess server;

  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(1_700_000_000_000L));
  private final String prefix = "stall:" + UUID.randomUUID() + ":";

  @BeforeAll
  static void startServer() {
    server = RedisServerProcess.start(dir, "--enable-debug-command", "local");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private StoredTraceContext context() {
    return StoredTraceContext.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7")
        .traceFlags(TraceFlags.getSampled()).parkedAtMillis(clock.millis()).ttl(Duration.ofHours(1))
        .build();
  }

  @Test
  void everyOperationOnAStalledServerGivesUpWithinTheTimeoutPlusTheMarginAndTheStoreWorksAfterwards() {
    String key = prefix + "bounded";
    try (RedisTraceContextStore store = RedisTraceContextStore.builder()
        .url(server.url()).timeout(TIMEOUT).clock(clock).build()) {
      store.save(StoreKey.of(key), context());   // a pooled connection that worked before the stall
      CompletableFuture<Void> stall = stall(Duration.ofSeconds(5));
      try {
        assertBounded(() -> store.load(StoreKey.of(key)));
        assertBounded(() -> store.exists(StoreKey.of(key)));
        assertBounded(() -> store.save(StoreKey.of(key), context()));
        assertBounded(() -> store.take(StoreKey.of(key)));
        assertBounded(() -> store.delete(StoreKey.of(key)));
        assertBounded(() -> store.claim(StoreKey.of(key), Consumption.of(clock.instant(), Duration.ofMinutes(5))));
      } finally {
        stall.join();
      }
      store.save(StoreKey.of(key), context());
      assertThat(store.take(StoreKey.of(key))).contains(context());
    }
  }

  @Test
  void aTimedOutParkIsStoredAndATimedOutTakeConsumesTheEntryOnceTheServerWakesUp() {
    String parked = prefix + "parked";
    String taken = prefix + "taken";
    try (RedisTraceContextStore store = RedisTraceContextStore.builder()
        .url(server.url()).timeout(TIMEOUT).clock(clock).build()) {
      store.save(StoreKey.of(taken), context());
      // Two pooled connections that worked before the stall, one for each command: a new connection
      // would wait for the handshake and never send its command.
      Objects.requireNonNull(RedisClients.poolOf(store.client())).addObjects(2);
      CompletableFuture<Void> stall = stall(Duration.ofSeconds(2));
      try {
        assertBounded(() -> store.save(StoreKey.of(parked), context()));
        assertBounded(() -> store.take(StoreKey.of(taken)));
      } finally {
        stall.join();
      }
      // Redis read both commands before it stalled and ran them when it woke up: the park that
      // reported a failure is stored, the take that reported a failure consumed the entry.
      assertThat(store.load(StoreKey.of(parked))).contains(context());
      assertThat(store.load(StoreKey.of(taken))).isEmpty();
    }
  }

  /** Freezes the server for {@code length}: DEBUG SLEEP on a connection of its own; done when it answers again. */
  private static CompletableFuture<Void> stall(Duration length) {
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
      try (Jedis jedis = new Jedis("127.0.0.1", server.port(), (int) length.toMillis() + 10_000)) {
        jedis.ping();
        started.complete(null);
        jedis.sendCommand(DEBUG, "SLEEP", String.valueOf(length.toMillis() / 1000.0));
      } catch (RuntimeException e) {
        started.completeExceptionally(e);
        throw e;
      }
    });
    started.join();
    sleep(100);   // DEBUG SLEEP has reached the server
    return done;
  }

  private static void assertBounded(ThrowingCallable call) {
    long start = System.nanoTime();
    assertThatThrownBy(call)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("Read timed out");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("time a call against a stalled server took").isLessThan(TIMEOUT.plus(MARGIN));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
