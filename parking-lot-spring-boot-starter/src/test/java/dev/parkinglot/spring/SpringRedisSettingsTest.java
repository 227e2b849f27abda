package dev.parkinglot.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
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

  private static Map<String, String> fromDetails(DataRedisConnectionDetails details, String... properties) {
    MockEnvironment environment = new MockEnvironment();
    for (String property : properties) {
      int eq = property.indexOf('=');
      environment.setProperty(property.substring(0, eq), property.substring(eq + 1));
    }
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    beans.registerSingleton("details", details);
    return SpringRedisSettings.apply(Map.of(), environment, beans, SpringRedisSettingsTest.class.getClassLoader());
  }

  @Test
  void connectionDetailsWinOverTheProperties() {
    assertThat(fromDetails(new DataRedisConnectionDetails() {
      @Override
      public String getUsername() {
        return "svc";
      }

      @Override
      public String getPassword() {
        return "pw";
      }

      @Override
      public Standalone getStandalone() {
        return Standalone.of("10.0.0.5", 16379, 3);
      }
    }, "spring.data.redis.host=ignored", "spring.data.redis.timeout=1s"))
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            "parkinglot.redis.url", "redis://10.0.0.5:16379/3",
            "parkinglot.redis.user", "svc",
            "parkinglot.redis.password", "pw",
            "parkinglot.redis.timeout", "PT1S"));
  }

  @Test
  void clusterConnectionDetailsListTheNodesAndSslPropertiesMeanRediss() {
    assertThat(fromDetails(new DataRedisConnectionDetails() {
      @Override
      public Cluster getCluster() {
        return () -> List.of(new Node("n1", 7000), new Node("n2", 7001));
      }
    }, "spring.data.redis.ssl.enabled=true"))
        .containsEntry("parkinglot.redis.url", "rediss://n1:7000,n2:7001")
        .containsEntry("parkinglot.redis.cluster", "true");
  }

  @Test
  void sentinelConnectionDetailsAreRefused() {
    assertThatThrownBy(() -> fromDetails(new DataRedisConnectionDetails() {
      @Override
      public Sentinel getSentinel() {
        return new Sentinel() {
          @Override
          public int getDatabase() {
            return 0;
          }

          @Override
          public String getMaster() {
            return "mymaster";
          }

          @Override
          public List<Node> getNodes() {
            return List.of(new Node("s1", 26379));
          }

          @Override
          public String getUsername() {
            return null;
          }

          @Override
          public String getPassword() {
            return null;
          }
        };
      }
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("Sentinel");
  }
}
