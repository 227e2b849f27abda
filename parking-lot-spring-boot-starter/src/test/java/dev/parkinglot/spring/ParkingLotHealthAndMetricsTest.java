package dev.parkinglot.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkingLot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.net.ServerSocket;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The store's health (Spring Boot 4's API here; examples/spring-boot-3 covers Boot 3) and the Micrometer bridge. */
class ParkingLotHealthAndMetricsTest {
  private final TestTelemetry telemetry = new TestTelemetry();
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ParkingLotAutoConfiguration.class))
      .withBean(OpenTelemetry.class, () -> telemetry.sdk, TestTelemetry::notClosedByTheContext);

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void healthIsUpWithTheStoresNameOnly() {
    runner.run(context -> {
      Health health = context.getBean("parkingLotHealthIndicator", HealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsExactlyEntriesOf(java.util.Map.of("store", "memory"));
    });
  }

  @Test
  void healthIsDownWhenTheStoreCannotBeReachedAndShowsNoHostPortOrPassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    runner.withPropertyValues("parkinglot.store=redis", "parkinglot.redis.timeout=300ms",
            "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + closedPort,
            "spring.data.redis.password=hunter2-secret")
        .run(context -> {
          Health health = context.getBean("parkingLotHealthIndicator", HealthIndicator.class).health(true);
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails()).containsEntry("store", "redis")
              .containsEntry("error", "dev.parkinglot.StoreUnavailableException");
          assertThat(health.toString()).doesNotContain(String.valueOf(closedPort))
              .doesNotContain("127.0.0.1").doesNotContain("hunter2");
        });
  }

  @Test
  void healthCanBeTurnedOff() {
    runner.withPropertyValues("management.health.parkinglot.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("parkingLotHealthIndicator"));
  }

  @Test
  void theLotsMetricsReachMicrometerAndStillReachOpenTelemetry() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      ParkingLot lot = context.getBean(ParkingLot.class);
      String orderId = "order-" + UUID.randomUUID();
      telemetry.inSpan("POST /checkout", span -> lot.park("payment:" + orderId));
      lot.traceCallback(CallbackConfig.builder("webhook", (String id) -> "payment:" + id).build(),
          (callback, id) -> id).apply(orderId);
      lot.retrieve("payment:" + orderId);

      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.get("parking_lot.parks").tag("parking_lot.store", "memory")
          .tag("parking_lot.park.outcome", "stored").counter().count()).isEqualTo(1.0);
      assertThat(registry.get("parking_lot.claims").tag("parking_lot.claim.outcome", "hit").counter().count())
          .isEqualTo(1.0);
      assertThat(registry.get("parking_lot.wait.duration").tag("parking_lot.callback.name", "webhook")
          .summary().count()).isEqualTo(1);
      assertThat(registry.get("parking_lot.store.operation.duration").tag("parking_lot.store.operation", "save")
          .summary().count()).isEqualTo(1);
      assertThat(telemetry.metrics.collectAllMetrics()).extracting(MetricData::getName)
          .contains("parking_lot.parks", "parking_lot.claims", "parking_lot.wait.duration");
    });
  }
}
