package dev.parkinglot.examples;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * The SDK is configured by the standard OTEL_* variables (or otel.* system properties) through the
 * SDK's autoconfigure module, so pointing the demo at a real collector needs no code:
 * OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318. When neither an exporter nor an endpoint is
 * set, nothing is exported (autoconfigure would otherwise try localhost:4318 and log failures); the
 * demo prints its spans either way. Metrics go to the demo's own reader, which it prints from at
 * the end, and over OTLP as well under the same condition as spans; logs are off.
 * OTLP goes over HTTP (http/protobuf, port 4318) with the JDK's HttpClient, which keeps OkHttp and
 * the Kotlin standard library off the class path; OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported.
 */

/** OpenTelemetry for the demo: autoconfigured from the environment, plus collectors for printing. */
final class DemoTelemetry {
  private DemoTelemetry() {}

  /**
   * The SDK, with {@code collector} added to its span processors and {@code metrics} to its metric
   * readers.
   */
  static OpenTelemetrySdk create(
      SpanCollector collector, MetricCollector metrics, Map<String, String> environment) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", "parking-lot-demo-shop");
    defaults.put("otel.logs.exporter", "none");
    // OTLP over HTTP: the JDK sender on the class path speaks it; gRPC would need OkHttp.
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    if (!exportRequested(environment)) {
      defaults.put("otel.traces.exporter", "none");
      defaults.put("otel.metrics.exporter", "none");
    }
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        .addTracerProviderCustomizer((builder, config) -> builder.addSpanProcessor(collector))
        .addMeterProviderCustomizer((builder, config) -> builder.registerMetricReader(metrics))
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }

  /** Where spans go, for the banner: the exporter and endpoint, or "nowhere". */
  static String exportTarget(Map<String, String> environment) {
    if (!exportRequested(environment)) {
      return "not exported (set OTEL_EXPORTER_OTLP_ENDPOINT to send them to a collector)";
    }
    String exporter = setting(environment, "otel.traces.exporter");
    String endpoint = setting(environment, "otel.exporter.otlp.traces.endpoint");
    if (endpoint == null) {
      endpoint = setting(environment, "otel.exporter.otlp.endpoint");
    }
    return "exported with " + (exporter == null ? "otlp" : exporter)
        + (endpoint == null ? "" : " to " + endpoint);
  }

  private static boolean exportRequested(Map<String, String> environment) {
    return setting(environment, "otel.traces.exporter") != null
        || setting(environment, "otel.exporter.otlp.endpoint") != null
        || setting(environment, "otel.exporter.otlp.traces.endpoint") != null;
  }

  /** A setting as autoconfigure reads it: system property first, then environment variable. */
  private static @Nullable String setting(Map<String, String> environment, String property) {
    String value = System.getProperty(property);
    if (value == null) {
      value = environment.get(property.toUpperCase(Locale.ROOT).replace('.', '_'));
    }
    return value == null || value.isBlank() ? null : value;
  }
}
