package dev.parkinglot.store.redis;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckData;
import io.opentelemetry.api.trace.TraceFlags;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * ACL users, passwords and database indexes against a redis-server this test starts with {@code
 * requirepass} and an ACL user, and proof that no password ever reaches a message.
 */
class RedisCredentialsTest {
  private static final String DEFAULT_PASSWORD = "dflt-Pa55-7b1c";
  private static final String ALICE_PASSWORD = "al1ce-Pa55-9f3e";
  private static final String WRONG_PASSWORD = "wr0ng-Pa55-4d2a";

  @TempDir static Path dir;
  private static RedisServerProcess server;

  private final String key = "creds:" + UUID.randomUUID();

  @BeforeAll
  static void startServer() {
    server = RedisServerProcess.start(
        dir, "--requirepass", DEFAULT_PASSWORD, "--user", "alice", "on", ">" + ALICE_PASSWORD, "~*", "&*", "+@all");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static StoredTraceContext context() {
    return TckData.sample(Clock.systemUTC().millis(), Duration.ofMinutes(5)).build();
  }

  private static void assertRoundTrip(TraceContextStore store, String key) {
    store.save(StoreKey.of(key), context());
    assertThat(store.take(StoreKey.of(key))).map(StoredTraceContext::spanId).contains("00f067aa0ba902b7");
  }

  @Test
  void aclUserAndPasswordInTheUrlAuthenticate() {
    String url = "redis://alice:" + ALICE_PASSWORD + "@127.0.0.1:" + server.port();
    try (RedisTraceContextStore store = RedisTraceContextStore.create(url)) {
      assertRoundTrip(store, key);
      assertThat(store.toString()).contains("alice:***@").doesNotContain(ALICE_PASSWORD);
    }
  }

  @Test
  void thePasswordOfTheDefaultUserAloneAuthenticates() {
    String url = "redis://:" + DEFAULT_PASSWORD + "@127.0.0.1:" + server.port();
    try (RedisTraceContextStore store = RedisTraceContextStore.create(url)) {
      assertRoundTrip(store, key);
    }
  }

  @Test
  void userAndPasswordSettingsApplyWhenTheUrlHasNone() {
    StoreConfig config = StoreConfig.builder()
        .property(RedisStoreSettings.URL, server.url())
        .environment(Map.of("PARKINGLOT_REDIS_USER", "alice", "PARKINGLOT_REDIS_PASSWORD", ALICE_PASSWORD))
        .build();
    try (TraceContextStore store = new RedisTraceContextStoreProvider().create(config)) {
      assertRoundTrip(store, key);
      assertThat(store.toString()).doesNotContain(ALICE_PASSWORD);
    }
  }

  @Test
  void theDatabaseIndexOfTheUrlSelectsTheDatabase() {
    String url = "redis://:" + DEFAULT_PASSWORD + "@127.0.0.1:" + server.port() + "/5";
    try (RedisTraceContextStore store = RedisTraceContextStore.create(url);
        UnifiedJedis db5 = rawClient(5);
        UnifiedJedis db0 = rawClient(0)) {
      store.save(StoreKey.of(key), context());
      assertThat(db5.exists(key)).isTrue();
      assertThat(db0.exists(key)).isFalse();
      store.delete(StoreKey.of(key));
      assertThat(db5.exists(key)).isFalse();
    }
  }

  @Test
  void aWrongPasswordFailsWithoutShowingAnyPassword() {
    String url = "redis://alice:" + WRONG_PASSWORD + "@127.0.0.1:" + server.port();
    try (RedisTraceContextStore store = RedisTraceContextStore.create(url)) {
      assertThatThrownBy(() -> store.save(StoreKey.of(key), context()))
          .isInstanceOf(StoreUnavailableException.class)
          .satisfies(e -> assertThat(e.getMessage()).contains("WRONGPASS").contains("alice:***@"))
          .satisfies(e -> assertThat(fullTrace(e)).doesNotContain(WRONG_PASSWORD));
      assertThat(store.toString()).doesNotContain(WRONG_PASSWORD);
    }
    StoreConfig config = StoreConfig.builder()
        .property(RedisStoreSettings.URL, server.url())
        .property(RedisStoreSettings.PASSWORD, WRONG_PASSWORD)
        .build();
    try (TraceContextStore store = new RedisTraceContextStoreProvider().create(config)) {
      assertThatThrownBy(() -> store.load(StoreKey.of(key)))
          .isInstanceOf(StoreUnavailableException.class)
          .satisfies(e -> assertThat(fullTrace(e)).doesNotContain(WRONG_PASSWORD));
      assertThat(store.toString()).doesNotContain(WRONG_PASSWORD);
      assertThat(config.toString()).doesNotContain(WRONG_PASSWORD);
    }
  }

  @Test
  void anUnreachableHostFailsWithoutShowingThePassword() {
    int closedPort = RedisServerProcess.freePort(false);
    String url = "redis://alice:" + ALICE_PASSWORD + "@127.0.0.1:" + closedPort;
    try (RedisTraceContextStore store = RedisTraceContextStore.builder().url(url).timeout(Duration.ofMillis(300)).build()) {
      assertThatThrownBy(() -> store.take(StoreKey.of(key)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("cannot reach Redis")
          .hasMessageContaining("127.0.0.1:" + closedPort)
          .satisfies(e -> assertThat(fullTrace(e)).doesNotContain(ALICE_PASSWORD));
    }
    String clusterUrl = "redis://alice:" + ALICE_PASSWORD + "@127.0.0.1:" + closedPort + ",127.0.0.1:" + closedPort;
    assertThatThrownBy(() -> RedisTraceContextStore.builder().url(clusterUrl).timeout(Duration.ofMillis(300)).build())
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("cannot connect")
        .satisfies(e -> assertThat(fullTrace(e)).doesNotContain(ALICE_PASSWORD));
  }

  @Test
  void aPasswordGivenTwiceOrMisplacedSettingsAreRejectedWithoutShowingIt() {
    assertThatThrownBy(() -> RedisTraceContextStore.builder()
            .url("redis://:" + ALICE_PASSWORD + "@127.0.0.1:1").password(WRONG_PASSWORD).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password is set both in the Redis URL")
        .hasMessageNotContaining(ALICE_PASSWORD)
        .hasMessageNotContaining(WRONG_PASSWORD);
    try (UnifiedJedis client = rawClient(0)) {
      assertThatThrownBy(() -> RedisTraceContextStore.builder().client(client).poolSize(4).password("x").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[password, poolSize] apply to a store built from a url");
    }
    assertThatThrownBy(() -> RedisTraceContextStore.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set exactly one of url and client, was neither");
    assertThat(RedisTraceContextStore.builder().url("redis://u:" + ALICE_PASSWORD + "@h").password(WRONG_PASSWORD).toString())
        .doesNotContain(ALICE_PASSWORD)
        .doesNotContain(WRONG_PASSWORD);
  }

  private static UnifiedJedis rawClient(int database) {
    return ApplicationClients.standalone(
        "redis://:" + DEFAULT_PASSWORD + "@127.0.0.1:" + server.port() + "/" + database);
  }

  private static String fullTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text + " " + e;
  }
}
