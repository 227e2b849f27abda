package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisEndpointTest {

  @Test
  void plainUrlDefaultsToPort6379AndDatabase0WithoutTls() {
    RedisEndpoint endpoint = RedisEndpoint.parse("redis://cache.internal");
    assertThat(endpoint.tls()).isFalse();
    assertThat(endpoint.nodes()).containsExactly(new HostAndPort("cache.internal", 6379));
    assertThat(endpoint.database()).isZero();
    assertThat(endpoint.user()).isNull();
    assertThat(endpoint.password()).isNull();
    assertThat(endpoint).hasToString("redis://cache.internal:6379");
  }

  @Test
  void redissMeansTlsAndUserPasswordAndDatabaseAreRead() {
    RedisEndpoint endpoint = RedisEndpoint.parse("rediss://alice:s3cret@redis.example.com:6380/4");
    assertThat(endpoint.tls()).isTrue();
    assertThat(endpoint.user()).isEqualTo("alice");
    assertThat(endpoint.password()).isEqualTo("s3cret");
    assertThat(endpoint.nodes()).containsExactly(new HostAndPort("redis.example.com", 6380));
    assertThat(endpoint.database()).isEqualTo(4);
    assertThat(endpoint).hasToString("rediss://alice:***@redis.example.com:6380/4");
  }

  @Test
  void passwordWithoutUserIsWrittenAfterAColon() {
    RedisEndpoint endpoint = RedisEndpoint.parse("redis://:only-a-password@127.0.0.1:6379");
    assertThat(endpoint.user()).isNull();
    assertThat(endpoint.password()).isEqualTo("only-a-password");
    assertThat(endpoint).hasToString("redis://:***@127.0.0.1:6379");
  }

  @Test
  void percentEscapesInCredentialsAreDecodedAndPlusStaysPlus() {
    RedisEndpoint endpoint = RedisEndpoint.parse("redis://us%40er:p%3Aa%2Fss+w%C3%B6rd@host:1");
    assertThat(endpoint.user()).isEqualTo("us@er");
    assertThat(endpoint.password()).isEqualTo("p:a/ss+wörd");
  }

  @Test
  void passwordContainingAtSignIsSplitAtTheLastOne() {
    RedisEndpoint endpoint = RedisEndpoint.parse("redis://bob:pa@ss@host:7");
    assertThat(endpoint.user()).isEqualTo("bob");
    assertThat(endpoint.password()).isEqualTo("pa@ss");
  }

  @Test
  void commaSeparatedNodesAreAClusterSeedListAndSchemeIsOptional() {
    RedisEndpoint endpoint = RedisEndpoint.parse("10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002");
    assertThat(endpoint.nodes())
        .containsExactly(
            new HostAndPort("10.0.0.1", 7000), new HostAndPort("10.0.0.2", 7001), new HostAndPort("::1", 7002));
    assertThat(endpoint).hasToString("redis://10.0.0.1:7000,10.0.0.2:7001,[::1]:7002");
  }

  @Test
  void malformedUrlsAreRejectedWithTheReasonAndWithoutThePassword() {
    assertThatThrownBy(() -> RedisEndpoint.parse("http://u:topsecret@host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis:// or rediss://")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://u:topsecret@host:99999"))
        .hasMessageContaining("between 1 and 65535, was 99999")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://u:topsecret@host/x"))
        .hasMessageContaining("database index must be a number")
        .hasMessageContaining("u:***@host")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://topsecret@host"))
        .hasMessageContaining("redis://user:password@host")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://host?ssl=true"))
        .hasMessageContaining("query parameters are not supported");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://a:1,,b:2"))
        .hasMessageContaining("a host is missing");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://::1:6379"))
        .hasMessageContaining("IPv6 hosts in brackets");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://u:top%ZZsecret@host"))
        .hasMessageContaining("invalid %-escape")
        .hasMessageNotContaining("top%ZZsecret");
  }

  @Test
  void aPasswordOutOfItsPlaceNeverReachesTheMessage() {
    // A password in the query, a user:password whose @host is missing, a password alone before
    // a missing host: each is rejected, and no message shows it.
    for (String url : new String[] {
        "redis://host:6379?password=topsecret",
        "redis://host?user=u&password=topsecret#x",
        "rediss://host:6380/0?password=topsecret",
        "redis://alice:topsecret",
        "alice:topsecret",
        "redis://:topsecret",
        "redis://:topsecret@",
        "redis://alice:top/secret",
        "redis://[::1]:topsecret",
        "redis://h1:7000,alice:topsecret",
        "redis://alice:topsecret@host?password=topsecret"}) {
      assertThatThrownBy(() -> RedisEndpoint.parse(url))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("topsecret")
          .hasMessageNotContaining("secret");
      assertThatThrownBy(() -> RedisTraceContextStore.builder().url(url).build())
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("secret");
    }
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://host:6379?password=topsecret&db=2"))
        .hasMessageContaining("'redis://host:6379?password=***&db=***'");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://alice:topsecret"))
        .hasMessageContaining("'redis://alice:***'")
        .hasMessageContaining("must be a number");
  }

  @Test
  void redactHidesThePasswordOfAnyUrlText() {
    assertThat(RedisEndpoint.redact("redis://alice:pw@h:1")).isEqualTo("redis://alice:***@h:1");
    assertThat(RedisEndpoint.redact("u:pw@h")).isEqualTo("u:***@h");
    assertThat(RedisEndpoint.redact("redis://pw@h")).isEqualTo("redis://***@h");
    assertThat(RedisEndpoint.redact("redis://h:1")).isEqualTo("redis://h:1");
    assertThat(RedisEndpoint.redact("redis://h:1/2")).isEqualTo("redis://h:1/2");
    assertThat(RedisEndpoint.redact("redis://[::1]:6379,h2:7000")).isEqualTo("redis://[::1]:6379,h2:7000");
    assertThat(RedisEndpoint.redact("redis://h?password=pw")).isEqualTo("redis://h?password=***");
    assertThat(RedisEndpoint.redact("redis://u:pw")).isEqualTo("redis://u:***");
    assertThat(RedisEndpoint.redact("redis://u:p/w")).isEqualTo("redis://u:***/***");
  }
}
