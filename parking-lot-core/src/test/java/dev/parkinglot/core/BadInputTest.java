package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkOptions;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoreUnavailableException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input always throws with a message naming the value and the limit, whatever the store does. */
class BadInputTest extends LotTestBase {
  private final FailingStore failing = new FailingStore(() -> new StoreUnavailableException("down", null));
  private final ParkingLot lot = builder().store(failing).build();

  @Test
  void rejectsBadCorrelationKeysOnEveryOperationWithoutTouchingTheStore() {
    String tooLong = "k".repeat(257);
    Span span = telemetry.tracer.spanBuilder("checkout").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      assertThatThrownBy(() -> lot.park(null))
          .isExactlyInstanceOf(NullPointerException.class)
          .hasMessage("correlation key must not be null");
      assertThatThrownBy(() -> lot.park("   "))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage("correlation key must not be blank, was '   '");
      assertThatThrownBy(() -> lot.park(tooLong))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageEndingWith("has 257 chars, more than the maximum of 256");
      assertThatThrownBy(() -> lot.park("a\nb"))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("contains a control character at index 1");
    } finally {
      span.end();
    }
    assertThatThrownBy(() -> lot.retrieve(null)).hasMessage("correlation key must not be null");
    assertThatThrownBy(() -> lot.peek("")).hasMessage("correlation key must not be blank, was ''");
    String beyondReadBound = "k".repeat(513);
    assertThatThrownBy(() -> lot.exists(beyondReadBound)).hasMessageEndingWith("has 513 chars, more than the maximum of 512");
    assertThatThrownBy(() -> lot.retrieve(beyondReadBound)).hasMessageEndingWith("more than the maximum of 512");
    assertThatThrownBy(() -> lot.delete(" ")).hasMessage("correlation key must not be blank, was ' '");
    assertThat(failing.calls).hasValue(0);
  }

  /**
   * Lookups take keys up to the read bound (512 chars), longer than a park writes (256), so that an
   * entry another writer (the original npm module, which has no limit) parked under a longer key can
   * be claimed: the store is asked, here a failing one, which the lot reports fail-open.
   */
  @Test
  void looksUpKeysLongerThanItParksUpToTheReadBound() {
    String longKey = "k".repeat(ParkingLotLimits.MAX_READ_CORRELATION_KEY_LENGTH);

    assertThat(lot.retrieve(longKey)).isEmpty();
    assertThat(lot.peek(longKey)).isEmpty();
    assertThat(lot.exists(longKey)).isFalse();
    lot.delete(longKey);

    assertThat(failing.calls).hasValue(4);
    assertThatThrownBy(() -> lot.park(longKey))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("has 512 chars, more than the maximum of 256");
  }

  @Test
  void rejectsUnpairedSurrogatesInKeysAndMetadataNamingThePosition() {
    Span span = telemetry.tracer.spanBuilder("checkout").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      assertThatThrownBy(() -> lot.park("order-\uD800"))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage("correlation key 'order-\\uD800' contains an unpaired surrogate (U+D800) at index 6;"
              + " only well-formed UTF-16 is allowed, as nothing else can be stored as UTF-8 without changing it");
      assertThatThrownBy(() -> lot.park("order-1", Map.of("note", "paid\uDC00")))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("metadata value for key 'note' contains an unpaired surrogate (U+DC00) at index 4;");
      assertThatThrownBy(() -> lot.park("order-1", Map.of("n\uD800te", "paid")))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("metadata key 'n\\uD800te' contains an unpaired surrogate (U+D800) at index 1;");
    } finally {
      span.end();
    }
    assertThatThrownBy(() -> ParkOptions.builder().metadata(Map.of("note", "\uD83D")))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("(U+D83D) at index 0;");
    assertThatThrownBy(() -> lot.retrieve("order-\uD800")).hasMessageContaining("(U+D800) at index 6;");
    assertThatThrownBy(() -> lot.peek("order-\uD800")).hasMessageContaining("(U+D800) at index 6;");
    assertThatThrownBy(() -> lot.exists("order-\uD800")).hasMessageContaining("(U+D800) at index 6;");
    assertThatThrownBy(() -> lot.delete("order-\uD800")).hasMessageContaining("(U+D800) at index 6;");
    assertThatThrownBy(() -> builder().keyPrefix("lot\uDBFF:")).hasMessageContaining("(U+DBFF) at index 3;");
    assertThat(failing.calls).hasValue(0);
    SpanData checkout = telemetry.span("checkout");
    assertThat(checkout.getEvents()).as("nothing parked, nothing recorded").isEmpty();
  }

  @Test
  void aCallbackWhoseKeyHasAnUnpairedSurrogateRunsWithoutTheStoreAndMarksTheSpan() {
    CallbackConfig<String> config = CallbackConfig.builder("payment.webhook", (String id) -> id).build();

    String result = lot.traceCallback(config, (context, id) -> context.correlationKey()).apply("order-\uD800");

    assertThat(result).isEqualTo("order-\uD800");
    SpanData webhook = telemetry.span("payment.webhook");
    assertThat(TestTelemetry.norm(webhook.getAttributes())).isEqualTo(Attributes.of(
        ParkingLotAttributes.CONTEXT_FOUND, false, ParkingLotAttributes.CORRELATION_KEY_ERROR, true));
    assertThat(TestTelemetry.exceptionOf(webhook).get(TestTelemetry.EXCEPTION_MESSAGE))
        .startsWith("correlation key 'order-\\uD800' contains an unpaired surrogate (U+D800) at index 6;");
    assertThat(failing.calls).hasValue(0);
  }

  @Test
  void rejectsBadTtlsWithTheLimit() {
    assertThatThrownBy(() -> ParkOptions.builder().ttl(Duration.ZERO))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, was PT0S");
    assertThatThrownBy(() -> ParkOptions.builder().ttl(Duration.ofSeconds(-1)))
        .hasMessage("ttl must be positive, was PT-1S");
    assertThatThrownBy(() -> ParkOptions.builder().ttl(Duration.ofDays(367)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl PT8808H exceeds the maximum of PT8784H");
    assertThatThrownBy(() -> builder().defaultTtl(Duration.ZERO))
        .hasMessage("ttl must be positive, was PT0S");
    assertThatThrownBy(() -> builder().defaultTtl(Duration.ofDays(367)))
        .hasMessage("ttl PT8808H exceeds the maximum of PT8784H");
  }

  @Test
  void rejectsMetadataBeyondTheLimitsEvenWithoutASpan() {
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 33; i++) {
      tooMany.put("k" + i, "v");
    }
    Map<String, String> withNullValue = new HashMap<>();
    withNullValue.put("orderId", null);

    assertThatThrownBy(() -> lot.park("k", tooMany))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata has 33 entries, more than the maximum of 32");
    assertThatThrownBy(() -> lot.park("k", Map.of("note", "v".repeat(1025))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata value for key 'note' has 1025 chars, more than the maximum of 1024");
    assertThatThrownBy(() -> lot.park("k", Map.of("m".repeat(129), "v")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("has 129 chars, more than the maximum of 128");
    assertThatThrownBy(() -> lot.park("k", withNullValue))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("metadata value for key 'orderId' must not be null");
    assertThatThrownBy(() -> lot.park("k", (Map<String, String>) null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("metadata must not be null");
    assertThatThrownBy(() -> lot.park("k", (ParkOptions) null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("options must not be null");
    assertThat(failing.calls).hasValue(0);
  }

  @Test
  void rejectsABadKeyPrefix() {
    assertThatThrownBy(() -> builder().keyPrefix("p".repeat(65)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("has 65 chars, more than the maximum of 64");
    assertThatThrownBy(() -> builder().keyPrefix(null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("key prefix must not be null");
  }
}
