package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import java.util.stream.Collectors;

/** The real SDK with an in-memory exporter: every ended span is exported at once. */
final class TestTelemetry implements AutoCloseable {
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
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
    this.sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    this.tracer = sdk.getTracer("test");
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
