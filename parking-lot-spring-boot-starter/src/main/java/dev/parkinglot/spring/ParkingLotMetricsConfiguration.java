package dev.parkinglot.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The lot's metrics in Micrometer as well as OpenTelemetry: when the application has a {@code
 * MeterRegistry} bean (Actuator makes one), the lot records each counter and histogram into both
 * ({@link MicrometerTeeOpenTelemetry}), so {@code /actuator/metrics} lists {@code
 * parking_lot.parks}, {@code parking_lot.claims}, {@code parking_lot.wait.duration} and {@code
 * parking_lot.store.operation.duration} with the same tags as the OpenTelemetry attributes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
class ParkingLotMetricsConfiguration {
  ParkingLotMetricsConfiguration() {}

  @Bean
  ParkingLotAutoConfiguration.LotTelemetryDecorator parkingLotMicrometerBridge(
      ObjectProvider<MeterRegistry> registry) {
    return openTelemetry -> {
      MeterRegistry meters = registry.getIfUnique();
      return meters == null ? openTelemetry : new MicrometerTeeOpenTelemetry(openTelemetry, meters);
    };
  }
}
