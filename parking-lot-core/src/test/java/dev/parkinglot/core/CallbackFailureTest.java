package dev.parkinglot.core;

import static dev.parkinglot.core.ParkingLotAttributes.CONTEXT_FOUND;
import static dev.parkinglot.core.ParkingLotAttributes.CORRELATION_KEY;
import static dev.parkinglot.core.ParkingLotAttributes.CORRELATION_KEY_ERROR;
import static dev.parkinglot.core.ParkingLotAttributes.STORE_ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkedContextNotFoundException;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoreUnavailableException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CallbackFailureTest extends LotTestBase {
  private static final CallbackConfig<String> WEBHOOK =
      CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build();
  private static final CallbackConfig<String> REQUIRED =
      CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId)
          .requireParkedContext(true).build();

  private final AtomicInteger handlerRuns = new AtomicInteger();
  private final AtomicReference<CallbackContext> seen = new AtomicReference<>();

  private String handle(CallbackContext context, String event) {
    handlerRuns.incrementAndGet();
    seen.set(context);
    return "ok";
  }

  @Test
  void aCorruptEntryRunsTheHandlerWithoutALinkAndMarksTheSpan() {
    WireStore wire = new WireStore(clock);
    wire.plant("parkingLot:payment:order-1",
        "{\"traceId\":\"\",\"spanId\":\"\",\"traceFlags\":0,\"parkedAt\":1}");
    ParkingLot lot = builder().store(wire).build();

    assertThat(lot.traceCallback(WEBHOOK, this::handle).apply("order-1")).isEqualTo("ok");

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(TestTelemetry.norm(webhook.getAttributes())).isEqualTo(Attributes.of(
        CORRELATION_KEY, "payment:order-1", CONTEXT_FOUND, false, STORE_ERROR, true));
    assertThat(webhook.getLinks()).isEmpty();
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    EventData exception = TestTelemetry.onlyException(webhook);
    assertThat(TestTelemetry.withoutStackTrace(exception)).isEqualTo(Attributes.builder()
        .put(TestTelemetry.EXCEPTION_TYPE, CorruptEntryException.class.getName())
        .put(TestTelemetry.EXCEPTION_MESSAGE, "corrupt parked entry under key 'parkingLot:payment:order-1': "
            + "traceId is empty (the entry was parked without a valid span; the original writes"
            + " empty ids then)")
        .put(CORRELATION_KEY, "payment:order-1")
        .build());
    assertThat(seen.get().storeFailed()).isTrue();
    assertThat(seen.get().parkedContext()).isEmpty();
    assertThat(misses).containsExactly("payment:order-1=STORE_ERROR");
    assertThat(wire.containsKey("parkingLot:payment:order-1")).as("take removed the corrupt entry").isFalse();
  }

  @Test
  void anUnavailableStoreRunsTheHandlerWithoutALinkAndMarksTheSpan() {
    StoreUnavailableException down = new StoreUnavailableException("redis down", new IOException("refused"));
    ParkingLot lot = builder().store(new FailingStore(() -> down)).build();

    assertThat(lot.traceCallback(WEBHOOK, this::handle).apply("order-1")).isEqualTo("ok");

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(TestTelemetry.norm(webhook.getAttributes())).isEqualTo(Attributes.of(
        CORRELATION_KEY, "payment:order-1", CONTEXT_FOUND, false, STORE_ERROR, true));
    assertThat(webhook.getLinks()).isEmpty();
    assertThat(TestTelemetry.exceptionOf(webhook)).isEqualTo(Attributes.builder()
        .put(TestTelemetry.EXCEPTION_TYPE, StoreUnavailableException.class.getName())
        .put(TestTelemetry.EXCEPTION_MESSAGE, "redis down")
        .put(CORRELATION_KEY, "payment:order-1")
        .build());
    assertThat(handlerRuns).hasValue(1);
    assertThat(seen.get().storeFailed()).isTrue();
  }

  @Test
  void propagatingStoreErrorsThrowsBeforeTheHandlerAndEndsTheSpanAsError() {
    StoreUnavailableException down = new StoreUnavailableException("redis down", null);
    ParkingLot lot = builder().store(new FailingStore(() -> down)).propagateStoreErrors(true).build();

    assertThatThrownBy(() -> lot.traceCallback(WEBHOOK, this::handle).apply("order-1")).isSameAs(down);

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(handlerRuns).hasValue(0);
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(webhook.getAttributes().get(STORE_ERROR)).isTrue();
    assertThat(TestTelemetry.onlyException(webhook).getAttributes().get(TestTelemetry.EXCEPTION_MESSAGE))
        .isEqualTo("redis down");
  }

  @Test
  void aHandlerExceptionIsRecordedSetsErrorAndIsRethrownUnchanged() {
    ParkingLot lot = builder().build();
    IllegalStateException boom = new IllegalStateException("fulfilment failed");

    assertThatThrownBy(() -> lot.traceCallback(WEBHOOK, (ctx, id) -> {
      throw boom;
    }).apply("order-1")).isSameAs(boom);

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(TestTelemetry.exceptionOf(webhook)).isEqualTo(Attributes.of(
        TestTelemetry.EXCEPTION_TYPE, IllegalStateException.class.getName(),
        TestTelemetry.EXCEPTION_MESSAGE, "fulfilment failed"));
    assertThat(webhook.hasEnded()).isTrue();
  }

  @Test
  void requireParkedContextThrowsNamingTheKeyWithoutRunningTheHandler() {
    ParkingLot lot = builder().build();

    assertThatThrownBy(() -> lot.traceCallback(REQUIRED, this::handle).apply("order-7"))
        .isExactlyInstanceOf(ParkedContextNotFoundException.class)
        .hasMessage("required parked context not found for correlation key 'payment:order-7': nothing is"
            + " parked under it (never parked, expired, or already claimed)")
        .satisfies(e -> assertThat(((ParkedContextNotFoundException) e).correlationKey())
            .isEqualTo("payment:order-7"));

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(handlerRuns).hasValue(0);
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(TestTelemetry.norm(webhook.getAttributes()))
        .isEqualTo(Attributes.of(CORRELATION_KEY, "payment:order-7", CONTEXT_FOUND, false));
    assertThat(TestTelemetry.onlyException(webhook).getAttributes().get(TestTelemetry.EXCEPTION_TYPE))
        .isEqualTo(ParkedContextNotFoundException.class.getName());
    assertThat(misses).containsExactly("payment:order-7=NOT_FOUND");
  }

  @Test
  void requireParkedContextTreatsACorruptEntryAsNotFound() {
    WireStore wire = new WireStore(clock);
    wire.plant("parkingLot:payment:order-1", "not json");
    ParkingLot lot = builder().store(wire).build();

    assertThatThrownBy(() -> lot.traceCallback(REQUIRED, this::handle).apply("order-1"))
        .isExactlyInstanceOf(ParkedContextNotFoundException.class)
        .hasMessageStartingWith("required parked context not found for correlation key 'payment:order-1': "
            + "the store lookup failed: dev.parkinglot.CorruptEntryException: corrupt parked entry under key "
            + "'parkingLot:payment:order-1': malformed JSON");

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(webhook.getEvents()).extracting(e -> e.getAttributes().get(TestTelemetry.EXCEPTION_TYPE))
        .containsExactly(CorruptEntryException.class.getName(), ParkedContextNotFoundException.class.getName());
    assertThat(handlerRuns).hasValue(0);
  }

  @Test
  void aCorrelationKeyFunctionThatThrowsRunsTheHandlerWithoutALink() {
    ParkingLot lot = builder().build();
    CallbackConfig<String> config = CallbackConfig.builder("payment.webhook", (String id) -> {
      throw new IllegalArgumentException("event has no order id");
    }).build();

    assertThat(lot.traceCallback(config, this::handle).apply("x")).isEqualTo("ok");

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(TestTelemetry.norm(webhook.getAttributes()))
        .isEqualTo(Attributes.of(CONTEXT_FOUND, false, CORRELATION_KEY_ERROR, true));
    assertThat(TestTelemetry.exceptionOf(webhook)).isEqualTo(Attributes.of(
        TestTelemetry.EXCEPTION_TYPE, IllegalArgumentException.class.getName(),
        TestTelemetry.EXCEPTION_MESSAGE, "event has no order id"));
    assertThat(seen.get().correlationKey()).isEmpty();
    assertThat(misses).isEmpty();
  }

  @Test
  void aHostileKeyFromAnEventIsBoundedAndEscapedInTheExceptionAndOnTheSpan() {
    ParkingLot lot = builder().build();
    String hostile = "order-1\r\nX-Admin: 1\u0085\u2028\u2029\uD800" + "k".repeat(1_000_000);
    CallbackConfig<String> config = CallbackConfig.builder("payment.webhook", (String id) -> hostile)
        .requireParkedContext(true).build();
    // 17 printable chars and 6 escapes of 6 chars, then k's up to the bound of 256, then the whole length
    String shown = "order-1\\u000D\\u000AX-Admin: 1\\u0085\\u2028\\u2029\\uD800" + "k".repeat(203)
        + "\u2026(1000023 chars)";
    String keyProblem = "correlation key '" + shown + "' has 1000023 chars, more than the maximum of 512";
    String notFound = "required parked context not found for correlation key '" + shown + "': the correlation"
        + " key could not be computed from the event: " + keyProblem;

    assertThatThrownBy(() -> lot.traceCallback(config, this::handle).apply("x"))
        .isExactlyInstanceOf(ParkedContextNotFoundException.class)
        .hasMessage(notFound)
        .satisfies(e -> assertThat(((ParkedContextNotFoundException) e).correlationKey()).isSameAs(hostile));

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(TestTelemetry.norm(webhook.getAttributes()))
        .isEqualTo(Attributes.of(CONTEXT_FOUND, false, CORRELATION_KEY_ERROR, true));
    assertThat(webhook.getEvents()).extracting(e -> e.getAttributes().get(TestTelemetry.EXCEPTION_MESSAGE))
        .containsExactly(keyProblem, notFound);
    assertThat(handlerRuns).hasValue(0);
  }

  @Test
  void aKeyWithCrLfOrC1ControlsIsEscapedInTheException() {
    ParkingLot lot = builder().build();
    CallbackConfig<String> config = CallbackConfig.builder("payment.webhook", (String id) -> id)
        .requireParkedContext(true).build();

    assertThatThrownBy(() -> lot.traceCallback(config, this::handle).apply("a\r\nb\u0085c"))
        .isExactlyInstanceOf(ParkedContextNotFoundException.class)
        .hasMessage("required parked context not found for correlation key 'a\\u000D\\u000Ab\\u0085c': the"
            + " correlation key could not be computed from the event: correlation key"
            + " 'a\\u000D\\u000Ab\\u0085c' contains a control character at index 1; control characters are"
            + " not allowed");
  }

  @Test
  void aValidKeyWithALineSeparatorIsEscapedOnTheSpanButGivenAsItIsToTheHandler() {
    ParkingLot lot = builder().build();
    String key = "payment:order\u20281";
    parkInSpan(lot, "checkout", key, Map.of());
    CallbackConfig<String> config = CallbackConfig.builder("payment.webhook", (String id) -> id).build();

    lot.traceCallback(config, this::handle).apply(key);

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(webhook.getAttributes().get(CORRELATION_KEY)).isEqualTo("payment:order\\u20281");
    assertThat(webhook.getAttributes().get(CONTEXT_FOUND)).isTrue();
    assertThat(telemetry.span("checkout").getEvents().get(0).getAttributes().get(CORRELATION_KEY))
        .isEqualTo("payment:order\\u20281");
    assertThat(seen.get().correlationKey()).isEqualTo(key);
  }

  @Test
  void anInvalidCorrelationKeyWithRequireParkedContextThrowsNotFound() {
    ParkingLot lot = builder().build();
    CallbackConfig<String> config = CallbackConfig.builder("payment.webhook", (String id) -> " ")
        .requireParkedContext(true).build();

    assertThatThrownBy(() -> lot.traceCallback(config, this::handle).apply("x"))
        .isExactlyInstanceOf(ParkedContextNotFoundException.class)
        .hasMessage("required parked context not found for correlation key ' ': the correlation key could not"
            + " be computed from the event: correlation key must not be blank, was ' '");

    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(webhook.getAttributes().get(CORRELATION_KEY_ERROR)).isTrue();
    assertThat(webhook.getEvents()).extracting(e -> e.getAttributes().get(TestTelemetry.EXCEPTION_TYPE))
        .containsExactly(
            IllegalArgumentException.class.getName(), ParkedContextNotFoundException.class.getName());
    assertThat(handlerRuns).hasValue(0);
  }
}
