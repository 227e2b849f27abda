package dev.parkinglot.bench;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;

/*
 * The tracer of every benchmark is the real SDK, as a service would run it: an always-on sampler,
 * and a SimpleSpanProcessor that turns every ended span into SpanData and hands it to an exporter.
 * Only the exporter is cut short: it drops the batch and reports success, so no I/O is measured.
 * SimpleSpanProcessor rather than BatchSpanProcessor: its work happens on the calling thread, so a
 * one-thread benchmark does not borrow the second core of a two-core machine for a background
 * exporter. A provider without any processor would not do: its spans have invalid contexts, and
 * a lot parks nothing for them.
 */

/**
 * The OpenTelemetry SDK that benchmarks and the memory harness trace with: one per JVM, shared by
 * the lots under test and the spans the benchmarks make current, as in a service. Never registered
 * as the global one.
 */
final class BenchTelemetry {
  /** The instrumentation scope name of the benchmark's own spans. */
  static final String SCOPE = "dev.parkinglot.bench";

  /** The JVM's benchmark SDK. */
  static final OpenTelemetrySdk SDK = create();

  /** The benchmark's tracer, from {@link #SDK}. */
  static final Tracer TRACER = SDK.getTracer(SCOPE);

  private BenchTelemetry() {}

  /** A new SDK: always-on sampler, simple processor, an exporter that drops what it gets. */
  private static OpenTelemetrySdk create() {
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            .addSpanProcessor(SimpleSpanProcessor.create(new DroppingSpanExporter()))
            .build();
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  /** Accepts every batch and discards it: export costs nothing, everything before it is real. */
  static final class DroppingSpanExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
