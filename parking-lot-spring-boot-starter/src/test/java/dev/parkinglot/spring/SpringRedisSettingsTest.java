package dev.parkinglot.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** spring.data.redis.* as the Redis store's settings: each form Spring Boot accepts. */
class SpringRedisSettingsTest {
  private static Map<String, String> settings(String... properties) {
    return settings(Map.of(), properties);
  }

  private static Map<String, String> settings(Map<String, String> parkingLot, String... properties) {
    MockEnvironment environment = new MockEnvironment();
    for (String property : properties) {
      int eq = property.indexOf('=');
      environment.setProperty(property.substring(0, eq), property.substring(eq + 1));
    }
    return SpringRedisSettings.apply(parkingLot, environment);
  }

  @Test
  void nothingSetIsBootsDefaultLocalhost6379() {
    assertThat(settings()).containsExactlyInAnyOrderEntriesOf(Map.of("parkinglot.redis.url", "redis://localhost:6379"));
  }

  @Test
  void hostPortDatabaseUsernamePasswordTimeout() {
    assertThat(settings("spring.data.redis.host=cache.internal", "spring.data.redis.port=6380",
        "spring.data.redis.database=2", "spring.data.redis.username=app", "spring.data.redis.password=s3cret",
        "spring.data.redis.timeout=500ms"))
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            "parkinglot.redis.url", "redis://cache.internal:6380/2",
            "parkinglot.redis.user", "app",
            "parkinglot.redis.password", "s3cret",
            "parkinglot.redis.timeout", "PT0.5S"));
  }

  @Test
  void sslEnabledOrABundleMeansRediss() {
    assertThat(settings("spring.data.redis.ssl.enabled=true")).containsEntry("parkinglot.redis.url", "rediss://localhost:6379");
    assertThat(settings("spring.data.redis.ssl.bundle=client")).containsEntry("parkinglot.redis.url", "rediss://localhost:6379");
    assertThat(settings("spring.data.redis.url=redis://h:1", "spring.data.redis.ssl.enabled=true"))
        .containsEntry("parkinglot.redis.url", "rediss://h:1");
  }

  @Test
  void urlWinsOverHostAndClusterNodesWinOverUrl() {
    assertThat(settings("spring.data.redis.url=redis://u:p@h:7000/1", "spring.data.redis.host=ignored"))
        .containsEntry("parkinglot.redis.url", "redis://u:p@h:7000/1");
    assertThat(settings("spring.data.redis.cluster.nodes=n1:7000,n2:7001", "spring.data.redis.url=redis://h:1"))
        .containsEntry("parkinglot.redis.url", "redis://n1:7000,n2:7001")
        .containsEntry("parkinglot.redis.cluster", "true");
  }

  @Test
  void ipv6HostsAreBracketed() {
    assertThat(settings("spring.data.redis.host=::1")).containsEntry("parkinglot.redis.url", "redis://[::1]:6379");
  }

  @Test
  void theStartersOwnSettingsWin() {
    assertThat(settings(Map.of("parkinglot.redis.password", "mine", "parkinglot.redis.timeout", "3s"),
        "spring.data.redis.password=boots", "spring.data.redis.timeout=1s"))
        .containsEntry("parkinglot.redis.password", "mine").containsEntry("parkinglot.redis.timeout", "3s");
  }

  @Test
  void sentinelIsRefusedNamingTheWayOut() {
    assertThatThrownBy(() -> settings("spring.data.redis.sentinel.master=mymaster"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("parkinglot.redis.url");
  }
}
