package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The real SDK with an in-memory exporter, every ended span exported at once, and an in-memory
 * metric reader (cumulative) that tests collect from.
 */
final class TestTelemetry implements AutoCloseable {
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final InMemoryMetricReader metricReader = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk;
  final Tracer tracer;

  TestTelemetry() {
    this(Sampler.alwaysOn());
  }

  TestTelemetry(Sampler sampler) {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setSampler(sampler)
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
    SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metricReader).build();
    this.sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).setMeterProvider(meters).build();
    this.tracer = sdk.getTracer("test");
  }

  /** Every metric recorded so far (cumulative since the SDK was built). */
  Collection<MetricData> metrics() {
    return metricReader.collectAllMetrics();
  }

  /** The points of the counter {@code name}: value by (normalised) attributes; empty when never recorded. */
  Map<Attributes, Long> counts(String name) {
    Map<Attributes, Long> points = new LinkedHashMap<>();
    for (MetricData metric : metrics()) {
      if (metric.getName().equals(name)) {
        assertThat(metric.getType()).as("type of %s", name).isEqualTo(MetricDataType.LONG_SUM);
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          points.put(norm(point.getAttributes()), point.getValue());
        }
      }
    }
    return points;
  }

  /** The points of the histogram {@code name} by (normalised) attributes; empty when never recorded. */
  Map<Attributes, HistogramPointData> histograms(String name) {
    Map<Attributes, HistogramPointData> points = new LinkedHashMap<>();
    for (MetricData metric : metrics()) {
      if (metric.getName().equals(name)) {
        assertThat(metric.getType()).as("type of %s", name).isEqualTo(MetricDataType.HISTOGRAM);
        for (HistogramPointData point : metric.getHistogramData().getPoints()) {
          points.put(norm(point.getAttributes()), point);
        }
      }
    }
    return points;
  }

  List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  /** The one finished span with this name. */
  SpanData span(String name) {
    List<SpanData> named = spans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(named).as("finished spans named %s", name).hasSize(1);
    return named.get(0);
  }

  /** The events of a span whose name is "exception", asserting on type and message and returning them. */
  static EventData onlyException(SpanData span) {
    List<EventData> exceptions = span.getEvents().stream()
        .filter(e -> e.getName().equals("exception"))
        .collect(Collectors.toList());
    assertThat(exceptions).as("exception events of %s", span.getName()).hasSize(1);
    return exceptions.get(0);
  }

  /** An exception event's attributes without the stack trace, for exact comparison. */
  static Attributes withoutStackTrace(EventData event) {
    return event.getAttributes().toBuilder()
        .removeIf(k -> k.getKey().equals("exception.stacktrace"))
        .build();
  }

  /** The attributes, stack trace left out, of the one exception event of {@code span}. */
  static Attributes exceptionOf(SpanData span) {
    return withoutStackTrace(onlyException(span));
  }

  /**
   * Attributes in one implementation, so that equality is exact: the SDK hands out its own map
   * type, which is not equal to {@code Attributes.builder()...build()} with the same content.
   */
  static Attributes norm(Attributes attributes) {
    return Attributes.builder().putAll(attributes).build();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
