package dev.parkinglot.core;

import dev.parkinglot.spi.StoreKey;
import static dev.parkinglot.core.ParkingLotAttributes.CONTEXT_FOUND;
import static dev.parkinglot.core.ParkingLotAttributes.CORRELATION_KEY;
import static dev.parkinglot.core.ParkingLotAttributes.DUPLICATE;
import static dev.parkinglot.core.ParkingLotAttributes.ELAPSED_MS;
import static dev.parkinglot.core.ParkingLotAttributes.ORIGINAL_SPAN_ID;
import static dev.parkinglot.core.ParkingLotAttributes.ORIGINAL_TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.RetrievalMode;
import dev.parkinglot.StoredTraceContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Duplicate detection: tombstones left by consuming claims, and redeliveries that find them. */
class DuplicateDetectionTest extends LotTestBase {
  private static final AttributeKey<String> STORE = AttributeKey.stringKey("parking_lot.store");
  private static final AttributeKey<String> CALLBACK = AttributeKey.stringKey("parking_lot.callback.name");
  private static final AttributeKey<String> CLAIM_OUTCOME = AttributeKey.stringKey("parking_lot.claim.outcome");
  private static final String STORE_KEY = "parkingLot:payment:order-1";

  private static final CallbackConfig<String> WEBHOOK =
      CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build();

  /** What each delivery's handler saw. */
  private final List<CallbackContext> seen = new CopyOnWriteArrayList<>();

  private String fulfil(CallbackContext context, String orderId) {
    seen.add(context);
    return context.duplicate() ? "already done" : "fulfilled " + orderId;
  }

  private List<SpanData> webhookSpans() {
    return telemetry.spans().stream()
        .filter(s -> s.getName().equals("payment.webhook"))
        .collect(Collectors.toList());
  }

  private static Attributes claims(String outcome) {
    return Attributes.of(STORE, "memory", CALLBACK, "payment.webhook", CLAIM_OUTCOME, outcome);
  }

  @Test
  void aRedeliveryLinksToTheOriginalTraceAndIsMarkedADuplicate() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of("orderId", "order-1"));
    Function<String, String> webhook = lot.traceCallback(WEBHOOK, this::fulfil);
    clock.advance(Duration.ofMillis(60_000));
    assertThat(webhook.apply("order-1")).isEqualTo("fulfilled order-1");
    clock.advance(Duration.ofMillis(30_000));
    assertThat(webhook.apply("order-1")).isEqualTo("already done");

    SpanData checkout = telemetry.span("checkout");
    List<SpanData> spans = webhookSpans();
    assertThat(spans).hasSize(2);
    Attributes first = Attributes.builder()
        .put(CORRELATION_KEY, "payment:order-1")
        .put(CONTEXT_FOUND, true)
        .put(ELAPSED_MS, 60_000L)
        .put(ORIGINAL_TRACE_ID, checkout.getTraceId())
        .put(ORIGINAL_SPAN_ID, checkout.getSpanId())
        .put("parking_lot.metadata.orderId", "order-1")
        .build();
    assertThat(TestTelemetry.norm(spans.get(0).getAttributes())).isEqualTo(first);
    assertThat(TestTelemetry.norm(spans.get(1).getAttributes())).isEqualTo(first.toBuilder()
        .put(ELAPSED_MS, 90_000L)
        .put(DUPLICATE, true)
        .build());
    Attributes linkAttributes = Attributes.builder()
        .put("parking_lot.link.type", "parking_lot")
        .put("link.type", "parking_lot")
        .put("parking_lot.parked_at", START)
        .put("parking_lot.has_metadata", true)
        .build();
    for (SpanData span : spans) {
      assertThat(span.getLinks()).hasSize(1);
      LinkData link = span.getLinks().get(0);
      assertThat(link.getSpanContext().getTraceId()).isEqualTo(checkout.getTraceId());
      assertThat(link.getSpanContext().getSpanId()).isEqualTo(checkout.getSpanId());
      assertThat(TestTelemetry.norm(link.getAttributes())).isEqualTo(linkAttributes);
      assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("parked_context_retrieved");
    }

    assertThat(seen).extracting(CallbackContext::duplicate).containsExactly(false, true);
    CallbackContext redelivery = seen.get(1);
    StoredTraceContext tombstone = redelivery.parkedContext().orElseThrow();
    assertThat(tombstone.isConsumed()).isTrue();
    assertThat(tombstone.consumedAtMillis()).isEqualTo(START + 60_000);
    assertThat(tombstone.spanId()).isEqualTo(checkout.getSpanId());
    assertThat(tombstone.metadata()).isEqualTo(Map.of("orderId", "order-1"));
    assertThat(redelivery.elapsed()).contains(Duration.ofSeconds(90));
    assertThat(misses).isEmpty();
    assertThat(telemetry.counts("parking_lot.claims"))
        .isEqualTo(Map.of(claims("hit"), 1L, claims("duplicate"), 1L));
  }

  @Test
  void theTombstoneLivesForTheGraceFromTheClaimThenARedeliveryIsAMiss() {
    ParkingLot lot = builder().duplicateDetection(Duration.ofMinutes(10)).build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    Function<String, String> webhook = lot.traceCallback(WEBHOOK, this::fulfil);
    webhook.apply("order-1");
    assertThat(store.load(StoreKey.of(STORE_KEY)).orElseThrow().expiresAtMillis()).isEqualTo(START + 600_000);

    clock.advance(Duration.ofMillis(600_000 - 1));
    webhook.apply("order-1");
    clock.advance(Duration.ofMillis(1));
    webhook.apply("order-1");

    assertThat(seen).extracting(CallbackContext::duplicate).containsExactly(false, true, false);
    assertThat(seen.get(2).parkedContext()).isEmpty();
    SpanData late = webhookSpans().get(2);
    assertThat(late.getLinks()).isEmpty();
    assertThat(late.getAttributes().get(CONTEXT_FOUND)).isFalse();
    assertThat(late.getAttributes().get(DUPLICATE)).isNull();
    assertThat(misses).containsExactly("payment:order-1=NOT_FOUND");
    assertThat(telemetry.counts("parking_lot.claims"))
        .isEqualTo(Map.of(claims("hit"), 1L, claims("duplicate"), 1L, claims("miss"), 1L));
  }

  @Test
  void withDetectionOffAConsumedContextIsGoneAndARedeliveryIsAMissAsBefore() {
    ParkingLot lot = builder().duplicateDetection(Duration.ZERO).build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    Function<String, String> webhook = lot.traceCallback(WEBHOOK, this::fulfil);

    assertThat(webhook.apply("order-1")).isEqualTo("fulfilled order-1");
    assertThat(store.size()).isZero();
    assertThat(webhook.apply("order-1")).isEqualTo("fulfilled order-1");

    assertThat(seen).extracting(CallbackContext::duplicate).containsExactly(false, false);
    assertThat(webhookSpans()).extracting(s -> s.getLinks().size()).containsExactly(1, 0);
    assertThat(misses).containsExactly("payment:order-1=NOT_FOUND");
    assertThat(lot.toString()).endsWith(", duplicateGrace=off}");
  }

  @Test
  void aTombstoneLeftByALotWithDetectionIsADuplicateForALotWithout() {
    ParkingLot detecting = builder().build();
    ParkingLot plain = builder().duplicateDetection(Duration.ZERO).build();
    parkInSpan(detecting, "checkout", "payment:order-1", Map.of());
    detecting.traceCallback(WEBHOOK, this::fulfil).apply("order-1");

    assertThat(plain.traceCallback(WEBHOOK, this::fulfil).apply("order-1")).isEqualTo("already done");
    assertThat(webhookSpans().get(1).getAttributes().get(DUPLICATE)).isTrue();
  }

  @Test
  void consumeOnSuccessAfterAFailedHandlerStillFindsTheLiveContext() {
    ParkingLot lot = builder().retrievalMode(RetrievalMode.CONSUME_ON_SUCCESS).build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    AtomicBoolean fail = new AtomicBoolean(true);
    Function<String, String> webhook = lot.traceCallback(WEBHOOK, (ctx, id) -> {
      seen.add(ctx);
      if (fail.get()) {
        throw new IllegalStateException("downstream timeout");
      }
      return ctx.duplicate() ? "already done" : "fulfilled";
    });

    assertThatThrownBy(() -> webhook.apply("order-1")).hasMessage("downstream timeout");
    assertThat(store.load(StoreKey.of(STORE_KEY)).orElseThrow().isConsumed()).as("not consumed by a failure").isFalse();
    fail.set(false);
    clock.advance(Duration.ofMillis(5_000));
    assertThat(webhook.apply("order-1")).isEqualTo("fulfilled");
    assertThat(store.load(StoreKey.of(STORE_KEY)).orElseThrow().consumedAtMillis()).isEqualTo(START + 5_000);
    assertThat(webhook.apply("order-1")).isEqualTo("already done");

    assertThat(seen).extracting(CallbackContext::duplicate).containsExactly(false, false, true);
    assertThat(webhookSpans()).extracting(s -> s.getLinks().size()).containsExactly(1, 1, 1);
    assertThat(webhookSpans()).extracting(s -> s.getAttributes().get(DUPLICATE))
        .containsExactly(null, null, true);
    assertThat(telemetry.counts("parking_lot.claims"))
        .isEqualTo(Map.of(claims("hit"), 2L, claims("duplicate"), 1L));
  }

  @Test
  void keepUntilExpiryNeverLeavesATombstone() {
    ParkingLot lot = builder().retrievalMode(RetrievalMode.KEEP_UNTIL_EXPIRY).build();
    StoredTraceContext parked = parkInSpan(lot, "checkout", "payment:order-1", Map.of()).stored().orElseThrow();
    Function<String, String> webhook = lot.traceCallback(WEBHOOK, this::fulfil);

    webhook.apply("order-1");
    webhook.apply("order-1");

    assertThat(store.load(StoreKey.of(STORE_KEY))).contains(parked);
    assertThat(seen).extracting(CallbackContext::duplicate).containsExactly(false, false);
    assertThat(telemetry.counts("parking_lot.claims")).isEqualTo(Map.of(claims("hit"), 2L));
  }

  @Test
  void retrieveGivesTheContextToTheFirstClaimOnlyAndATombstoneIsNotLive() {
    ParkingLot lot = builder().build();
    StoredTraceContext parked = parkInSpan(lot, "checkout", "k", Map.of()).stored().orElseThrow();

    assertThat(lot.retrieve("k")).contains(parked);
    assertThat(lot.retrieve("k")).isEmpty();
    assertThat(lot.peek("k")).isEmpty();
    assertThat(lot.exists("k")).isFalse();
    assertThat(store.load(StoreKey.of("parkingLot:k")).orElseThrow().isConsumed()).isTrue();
    assertThat(misses).as("a duplicate is not a miss").isEmpty();

    lot.delete("k");
    assertThat(store.size()).isZero();
  }

  @Test
  void theGraceIsValidatedAndReadFromConfiguration() {
    assertThatThrownBy(() -> ParkingLots.builder().duplicateDetection(Duration.ofSeconds(-1)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate grace must not be negative (Duration.ZERO turns duplicate detection off),"
            + " was PT-1S");
    assertThatThrownBy(() -> ParkingLots.builder().duplicateDetection(Duration.ofDays(367)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate grace: ttl PT8808H exceeds the maximum of PT8784H");
    assertThatThrownBy(() -> ParkingLots.builder().duplicateDetection(null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("duplicate grace must not be null");
    assertThatThrownBy(() -> builder().config(dev.parkinglot.spi.StoreConfig.of(
            Map.of("parkinglot.duplicate-grace", "PT0.0005S"))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.duplicate-grace must be 0s (off) or at least 1 ms, was PT0.0005S");

    ParkingLot off = builder().config(dev.parkinglot.spi.StoreConfig.of(
        Map.of("parkinglot.store", "memory", "parkinglot.duplicate-grace", "0s"))).store(store).build();
    ParkingLot twoHours = builder().config(dev.parkinglot.spi.StoreConfig.of(
        Map.of("parkinglot.store", "memory", "parkinglot.duplicate-grace", "2h"))).store(store).build();
    ParkingLot explicitWins = builder().duplicateDetection(Duration.ofMinutes(5)).config(
        dev.parkinglot.spi.StoreConfig.of(Map.of("parkinglot.duplicate-grace", "0s"))).store(store).build();
    assertThat(off.toString()).endsWith(", duplicateGrace=off}");
    assertThat(twoHours.toString()).endsWith(", duplicateGrace=PT2H}");
    assertThat(explicitWins.toString()).endsWith(", duplicateGrace=PT5M}");
  }
}
