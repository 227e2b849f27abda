package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.store.memory.MemoryTraceContextStore;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which OpenTelemetry a lot uses, when it resolves the global one, and the callback span's kind. */
class OpenTelemetryWiringTest extends LotTestBase {
  private final Logger julLogger = Logger.getLogger("dev.parkinglot.ParkingLot");
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    GlobalOpenTelemetry.resetForTest();
    julLogger.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    julLogger.removeHandler(handler);
    GlobalOpenTelemetry.resetForTest();
  }

  private static CallbackConfig<String> webhook() {
    return CallbackConfig.builder("POST /webhooks/payment", (String key) -> key).build();
  }

  private SpanData exported(String name) {
    return telemetry.exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void withNoSpanCurrentTheCallbackSpanIsAServerSpan() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "order-1", java.util.Map.of());

    lot.traceCallback(webhook(), (ctx, key) -> key).apply("order-1");

    SpanData callback = exported("POST /webhooks/payment");
    assertThat(callback.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(callback.getParentSpanContext().isValid()).isFalse();
    assertThat(callback.getLinks()).hasSize(1);
  }

  @Test
  void underTheRequestSpanOfAnAgentOrFrameworkTheCallbackSpanIsItsInternalChild() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "order-2", java.util.Map.of());
    Span request = telemetry.tracer.spanBuilder("POST /webhooks/payment (http)").setSpanKind(SpanKind.SERVER)
        .startSpan();
    try (Scope ignored = request.makeCurrent()) {
      lot.traceCallback(webhook(), (ctx, key) -> key).apply("order-2");
    } finally {
      request.end();
    }

    SpanData callback = exported("POST /webhooks/payment");
    assertThat(callback.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(callback.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(callback.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(callback.getLinks()).hasSize(1);
    assertThat(callback.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isTrue();
  }

  @Test
  void aRemoteParentAloneIsNoRequestSpanSoTheCallbackSpanStaysServer() {
    ParkingLot lot = builder().build();
    SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    try (Scope ignored = Context.root().with(Span.wrap(remote)).makeCurrent()) {
      lot.traceCallback(webhook(), (ctx, key) -> key).apply("order-3");
    }

    SpanData callback = exported("POST /webhooks/payment");
    assertThat(callback.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(callback.getParentSpanId()).isEqualTo("b7ad6b7169203331");
  }

  @Test
  void aKindSetOnTheConfigIsAlwaysUsed() {
    ParkingLot lot = builder().build();
    CallbackConfig<String> server = CallbackConfig.builder("always server", (String key) -> key)
        .spanKind(SpanKind.SERVER).build();
    Span request = telemetry.tracer.spanBuilder("http").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = request.makeCurrent()) {
      lot.traceCallback(server, (ctx, key) -> key).apply("order-4");
    } finally {
      request.end();
    }

    assertThat(exported("always server").getKind()).isEqualTo(SpanKind.SERVER);
  }

  @Test
  void aLotBuiltBeforeTheApplicationRegistersItsSdkLetsItRegisterAndThenUsesIt() {
    InMemorySpanExporter globalExporter = InMemorySpanExporter.create();
    try (ParkingLot lot = ParkingLots.builder().store(store).clock(clock).build()) {
      // What the application does after building its beans: before the fix this threw.
      OpenTelemetrySdk registered = OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder()
              .addSpanProcessor(SimpleSpanProcessor.create(globalExporter)).build())
          .buildAndRegisterGlobal();
      try {
        lot.traceCallback(webhook(), (ctx, key) -> key).apply("order-5");
        // Before close(): an in-memory exporter that is shut down forgets its spans.
        assertThat(globalExporter.getFinishedSpanItems()).extracting(SpanData::getName)
            .containsExactly("POST /webhooks/payment");
      } finally {
        registered.close();
      }
    }
  }

  @Test
  void aLotUsedBeforeTheGlobalIsSetBehavesAsTheReadmeSaysForThisApiVersion() {
    boolean apiCanTell = hasGlobalIsSet();
    InMemorySpanExporter globalExporter = InMemorySpanExporter.create();
    try (ParkingLot lot = ParkingLots.builder().store(store).clock(clock).build()) {
      lot.traceCallback(webhook(), (ctx, key) -> key).apply("before");
      if (!apiCanTell) {
        // Older APIs: the first use resolved the global for good (a no-op), as documented.
        assertThatThrownBy(() -> OpenTelemetrySdk.builder().buildAndRegisterGlobal())
            .isInstanceOf(IllegalStateException.class);
        assertThat(logged).anyMatch(r -> r.getMessage().contains("GlobalOpenTelemetry is a no-op"));
        return;
      }
      OpenTelemetrySdk registered = OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder()
              .addSpanProcessor(SimpleSpanProcessor.create(globalExporter)).build())
          .buildAndRegisterGlobal();
      try {
        lot.traceCallback(webhook(), (ctx, key) -> key).apply("after");
        assertThat(globalExporter.getFinishedSpanItems()).extracting(s -> s.getAttributes()
            .get(ParkingLotAttributes.CORRELATION_KEY)).containsExactly("after");
      } finally {
        registered.close();
      }
    }
    assertThat(logged).filteredOn(r -> r.getMessage().contains("not set yet")).hasSize(1);
  }

  @Test
  void aLotOnANoopOpenTelemetrySaysSoOnceInTheLog() {
    MemoryTraceContextStore own = MemoryTraceContextStore.builder().sweepInterval(Duration.ZERO).build();
    try (ParkingLot lot = ParkingLots.builder().store(own).openTelemetry(OpenTelemetry.noop()).build()) {
      lot.park("order-6");
      lot.traceCallback(webhook(), (ctx, key) -> key).apply("order-6");
    }

    assertThat(logged).filteredOn(r -> r.getMessage().contains("is a no-op")).hasSize(1)
        .first().satisfies(r -> {
          assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
          assertThat(r.getMessage()).contains("ParkingLotBuilder.openTelemetry(...)").contains("Java agent");
        });
  }

  @Test
  void aLotOnARealSdkLogsNothingAboutItsOpenTelemetry() {
    ParkingLot lot = builder().build();
    lot.traceCallback(webhook(), (ctx, key) -> key).apply("order-7");

    assertThat(logged).noneMatch(r -> r.getMessage().contains("OpenTelemetry"));
  }

  private static boolean hasGlobalIsSet() {
    try {
      GlobalOpenTelemetry.class.getMethod("isSet");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
