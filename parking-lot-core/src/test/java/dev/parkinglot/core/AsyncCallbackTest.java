package dev.parkinglot.core;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkedContextNotFoundException;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.RetrievalMode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AsyncCallbackTest extends LotTestBase {
  private static final CallbackConfig<String> WEBHOOK =
      CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build();

  /** The failure a completed stage holds, unwrapped from CompletionException. */
  private static Throwable failureOf(CompletionStage<?> stage) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    stage.toCompletableFuture().handle((r, t) -> {
      failure.set(t instanceof CompletionException ? t.getCause() : t);
      return null;
    }).join();
    return failure.get();
  }

  @Test
  void theSpanEndsWhenTheStageCompletesAndConsumeOnSuccessDeletesOnlyThen() {
    ParkingLot lot = builder().retrievalMode(RetrievalMode.CONSUME_ON_SUCCESS).build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    CompletableFuture<String> pending = new CompletableFuture<>();
    AtomicReference<Span> currentInHandler = new AtomicReference<>();
    AtomicReference<Span> contextSpan = new AtomicReference<>();
    Function<String, CompletionStage<String>> wrapped = lot.traceAsyncCallback(WEBHOOK, (ctx, id) -> {
      currentInHandler.set(Span.current());
      contextSpan.set(ctx.span());
      return pending;
    });

    CompletionStage<String> result = wrapped.apply("order-1");

    assertThat(telemetry.spans()).extracting(SpanData::getName).containsExactly("checkout");
    assertThat(store.load(StoreKey.of("parkingLot:payment:order-1")).orElseThrow().isConsumed()).isFalse();
    assertThat(currentInHandler.get().getSpanContext()).isEqualTo(contextSpan.get().getSpanContext());
    pending.complete("paid");

    assertThat(result.toCompletableFuture().join()).isEqualTo("paid");
    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(webhook.getLinks()).hasSize(1);
    assertThat(webhook.getSpanId()).isEqualTo(contextSpan.get().getSpanContext().getSpanId());
    assertThat(store.load(StoreKey.of("parkingLot:payment:order-1")).orElseThrow().isConsumed())
        .as("consumed once the stage completed: a tombstone stands in its place").isTrue();
  }

  @Test
  void aFailedStageMarksTheSpanAndKeepsTheContextInConsumeOnSuccess() {
    ParkingLot lot = builder().retrievalMode(RetrievalMode.CONSUME_ON_SUCCESS).build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    IllegalStateException boom = new IllegalStateException("capture failed");
    CompletableFuture<String> pending = new CompletableFuture<>();

    CompletionStage<String> result = lot.traceAsyncCallback(WEBHOOK, (ctx, id) -> pending).apply("order-1");
    pending.completeExceptionally(boom);

    assertThat(failureOf(result)).isSameAs(boom);
    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(TestTelemetry.exceptionOf(webhook)).isEqualTo(Attributes.of(
        TestTelemetry.EXCEPTION_TYPE, IllegalStateException.class.getName(),
        TestTelemetry.EXCEPTION_MESSAGE, "capture failed"));
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void aHandlerThatThrowsSynchronouslyGivesAFailedStage() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    IllegalArgumentException boom = new IllegalArgumentException("bad signature");

    CompletionStage<String> result = lot.<String, String>traceAsyncCallback(WEBHOOK, (ctx, id) -> {
      throw boom;
    }).apply("order-1");

    assertThat(result.toCompletableFuture().isCompletedExceptionally()).isTrue();
    assertThat(failureOf(result)).isSameAs(boom);
    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(TestTelemetry.onlyException(webhook).getAttributes().get(TestTelemetry.EXCEPTION_MESSAGE))
        .isEqualTo("bad signature");
    assertThat(webhook.getLinks()).hasSize(1);
  }

  @Test
  void aHandlerReturningNullGivesAFailedStage() {
    ParkingLot lot = builder().build();

    CompletionStage<String> result = lot.<String, String>traceAsyncCallback(WEBHOOK, (ctx, id) -> null)
        .apply("order-1");

    assertThat(failureOf(result)).isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("the async handler of callback 'payment.webhook' returned null instead of a CompletionStage");
    assertThat(telemetry.span("payment.webhook").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void requireParkedContextGivesAFailedStageWithoutRunningTheHandler() {
    ParkingLot lot = builder().build();
    CallbackConfig<String> required = CallbackConfig.builder("payment.webhook", (String id) -> "payment:" + id)
        .requireParkedContext(true).build();
    AtomicReference<String> ran = new AtomicReference<>();

    CompletionStage<String> result = lot.traceAsyncCallback(required, (ctx, id) -> {
      ran.set(id);
      return CompletableFuture.completedFuture("ok");
    }).apply("order-1");

    assertThat(failureOf(result)).isExactlyInstanceOf(ParkedContextNotFoundException.class)
        .hasMessageContaining("'payment:order-1'");
    assertThat(ran.get()).isNull();
    assertThat(telemetry.span("payment.webhook").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }
}
