package dev.parkinglot.spring;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** A real OpenTelemetry SDK that keeps what it exports, as the application's OpenTelemetry bean. */
final class TestTelemetry implements AutoCloseable {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();

  /** The test closes the SDK: a context's close must not shut it down (a test may start two contexts). */
  static void notClosedByTheContext(org.springframework.beans.factory.config.BeanDefinition definition) {
    definition.setDestroyMethodName("");
  }

  /** Runs {@code body} inside an ended SERVER span named {@code name}, and returns that span. */
  Span inSpan(String name, Consumer<Span> body) {
    Span span = sdk.getTracer("test").spanBuilder(name).setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      body.accept(span);
    } finally {
      span.end();
    }
    return span;
  }

  List<SpanData> named(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  @Override
  public void close() {
    sdk.close();
  }
}
