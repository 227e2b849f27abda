package dev.parkinglot.examples.spring;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The application's OpenTelemetry: an SDK bean that the starter picks up (with the OpenTelemetry
 * Spring Boot starter or the Java agent this class is not needed: they provide the SDK and the HTTP
 * server spans). Spans go to every {@link SpanExporter} bean; here one that logs them.
 */
@Configuration(proxyBeanMethods = false)
public class Telemetry {
  /**
   * Logs each span (name, trace id, span id) as it ends.
   *
   * @return the exporter
   */
  @Bean
  SpanExporter loggingSpanExporter() {
    return LoggingSpanExporter.create();
  }

  /**
   * The SDK, exporting to every exporter bean.
   *
   * @param exporters the exporters
   * @return the SDK
   */
  @Bean(destroyMethod = "close")
  OpenTelemetrySdk openTelemetry(ObjectProvider<SpanExporter> exporters) {
    SdkTracerProviderBuilder tracing = SdkTracerProvider.builder();
    exporters.orderedStream().forEach(exporter -> tracing.addSpanProcessor(SimpleSpanProcessor.create(exporter)));
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracing.build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  /**
   * A SERVER span per HTTP request, continuing an incoming {@code traceparent}: what the Java
   * agent's or the OpenTelemetry Spring Boot starter's instrumentation does.
   *
   * @param openTelemetry the SDK
   * @return the filter
   */
  @Bean
  OncePerRequestFilter serverSpans(OpenTelemetry openTelemetry) {
    TextMapGetter<HttpServletRequest> headers = new TextMapGetter<>() {
      @Override
      public Iterable<String> keys(HttpServletRequest request) {
        return Collections.list(request.getHeaderNames());
      }

      @Override
      public String get(HttpServletRequest request, String key) {
        return request == null ? null : request.getHeader(key);
      }
    };
    return new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        Context parent = openTelemetry.getPropagators().getTextMapPropagator()
            .extract(Context.root(), request, headers);
        Span span = openTelemetry.getTracer("shop").spanBuilder(request.getMethod() + " " + request.getRequestURI())
            .setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = span.makeCurrent()) {
          chain.doFilter(request, response);
        } finally {
          span.setAttribute("http.response.status_code", (long) response.getStatus());
          span.end();
        }
      }
    };
  }
}
