package dev.parkinglot.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.spi.StoreConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoConfigurationTest {

  @Test
  void theStoreIsMemoryUnlessConfigurationNamesAnother() {
    assertThat(PaymentDemo.storeConfig(Map.of()).get(StoreConfig.STORE)).contains("memory");
    assertThat(PaymentDemo.storeConfig(Map.of("PARKINGLOT_STORE", "redis")).get(StoreConfig.STORE))
        .contains("redis");
  }

  @Test
  void otherSettingsComeThroughFromTheEnvironment() {
    StoreConfig config = PaymentDemo.storeConfig(Map.of("PARKINGLOT_DEFAULT_TTL", "2h"));
    assertThat(config.get("parkinglot.default-ttl")).contains("2h");
  }

  @Test
  void spansAreExportedOnlyWhenAnExporterOrEndpointIsSet() {
    assertThat(DemoTelemetry.exportTarget(Map.of())).startsWith("not exported");
    assertThat(DemoTelemetry.exportTarget(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")))
        .isEqualTo("exported with otlp to http://collector:4318");
    assertThat(DemoTelemetry.exportTarget(Map.of("OTEL_TRACES_EXPORTER", "console")))
        .isEqualTo("exported with console");
    assertThat(DemoTelemetry.exportTarget(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces")))
        .isEqualTo("exported with otlp to http://c:4318/v1/traces");
  }
}
