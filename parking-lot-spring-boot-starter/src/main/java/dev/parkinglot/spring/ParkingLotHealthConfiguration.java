package dev.parkinglot.spring;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The store's health as {@code parkingLot} in Actuator's health endpoint, on Spring Boot 4
 * ({@code org.springframework.boot.health.contributor}) and Spring Boot 3 ({@code
 * org.springframework.boot.actuate.health}); {@code management.health.parkinglot.enabled=false}
 * turns it off. UP when one {@code exists} call on the store answers, DOWN with the exception's
 * type when it fails; the details name the store ({@code memory}, {@code redis}, …) and never a
 * URL, a host or a secret.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "management.health.parkinglot", name = "enabled", matchIfMissing = true)
class ParkingLotHealthConfiguration {
  static final String BOOT4_HEALTH = "org.springframework.boot.health.contributor.HealthIndicator";
  static final String BOOT3_HEALTH = "org.springframework.boot.actuate.health.HealthIndicator";
  /** The key the probe asks for: nothing is ever parked under it. */
  static final StoreKey PROBE = StoreKey.of("parkingLot:", "health-probe");

  ParkingLotHealthConfiguration() {}

  /** The probe's outcome: status UP or DOWN, and the details to show. */
  static Map<String, Object> probe(TraceContextStore store, boolean[] up) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("store", storeName(store));
    try {
      store.exists(PROBE);
      up[0] = true;
    } catch (RuntimeException e) {
      up[0] = false;
      details.put("error", e.getClass().getName());
    }
    return details;
  }

  private static String storeName(TraceContextStore store) {
    try {
      String name = store.name();
      return name == null || name.isBlank() ? "custom" : name;
    } catch (RuntimeException e) {
      return "custom";
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = BOOT4_HEALTH)
  static class Boot4 {
    @Bean
    @ConditionalOnMissingBean(name = "parkingLotHealthIndicator")
    org.springframework.boot.health.contributor.HealthIndicator parkingLotHealthIndicator(
        ObjectProvider<TraceContextStore> store) {
      return () -> {
        TraceContextStore current = store.getIfUnique();
        if (current == null) {
          return org.springframework.boot.health.contributor.Health.unknown()
              .withDetail("store", "none (the application's ParkingLot bean has no store bean)").build();
        }
        boolean[] up = new boolean[1];
        Map<String, Object> details = probe(current, up);
        return (up[0]
            ? org.springframework.boot.health.contributor.Health.up()
            : org.springframework.boot.health.contributor.Health.down()).withDetails(details).build();
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = BOOT3_HEALTH)
  @ConditionalOnMissingClass(BOOT4_HEALTH)
  static class Boot3 {
    @Bean
    @ConditionalOnMissingBean(name = "parkingLotHealthIndicator")
    org.springframework.boot.actuate.health.HealthIndicator parkingLotHealthIndicator(
        ObjectProvider<TraceContextStore> store) {
      return () -> {
        TraceContextStore current = store.getIfUnique();
        if (current == null) {
          return org.springframework.boot.actuate.health.Health.unknown()
              .withDetail("store", "none (the application's ParkingLot bean has no store bean)").build();
        }
        boolean[] up = new boolean[1];
        Map<String, Object> details = probe(current, up);
        return (up[0]
            ? org.springframework.boot.actuate.health.Health.up()
            : org.springframework.boot.actuate.health.Health.down()).withDetails(details).build();
      };
    }
  }
}
