package dev.parkinglot;

import static dev.parkinglot.StoredTraceContextValidationTest.SPAN_ID;
import static dev.parkinglot.StoredTraceContextValidationTest.TRACE_ID;
import static dev.parkinglot.StoredTraceContextValidationTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredTraceContextTest {

  @Test
  void theHeapEstimateCountsTheObjectAndEachExtraAtTwoBytesPerChar() {
    assertThat(valid().build().estimatedHeapBytes()).as("the 56-byte object alone").isEqualTo(56);
    assertThat(valid().metadata(Map.of("orderId", "order-123")).build().estimatedHeapBytes())
        .as("one packed String of 12 chars (shared keys are not counted): 40 + 24").isEqualTo(56 + 64);
    assertThat(valid().traceState("a=b").build().estimatedHeapBytes())
        .as("the extras holder (40) and a 3-char String (40 + 8)").isEqualTo(56 + 40 + 48);

    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < ParkingLotLimits.MAX_METADATA_ENTRIES; i++) {
      metadata.put(String.format("%03d", i) + "k".repeat(125), "\u4e2d".repeat(ParkingLotLimits.MAX_METADATA_VALUE_LENGTH));
    }
    StoredTraceContext largest = valid().metadata(metadata)
        .traceState("a=" + "b".repeat(ParkingLotLimits.MAX_TRACE_STATE_LENGTH - 2))
        .baggage("k=" + "v".repeat(ParkingLotLimits.MAX_BAGGAGE_LENGTH - 2))
        .build();
    // entry 56, holder 40, tracestate 40 + 1024, baggage 40 + 16384, values 40 + 2 * 32 * 1025,
    // key array 16 + 4 * 32, keys 32 * (40 + 256)
    assertThat(largest.estimatedHeapBytes()).as("the largest entry the limits allow").isEqualTo(92_840);
  }

  private static final long PARKED_AT = 1_700_000_000_000L;

  @Test
  void accessorsReturnWhatWasBuilt() {
    StoredTraceContext ctx = valid()
        .traceFlags(TraceFlags.getSampled())
        .parkedAt(Instant.ofEpochMilli(PARKED_AT))
        .ttl(Duration.ofMinutes(90))
        .traceState("vendor=abc,other=x1")
        .baggage("userId=42")
        .metadata(Map.of("orderId", "order-123"))
        .build();

    assertThat(ctx.traceId()).isEqualTo(TRACE_ID);
    assertThat(ctx.traceIdHigh()).isEqualTo(0x4bf92f3577b34da6L);
    assertThat(ctx.traceIdLow()).isEqualTo(0xa3ce929d0e0e4736L);
    assertThat(ctx.spanId()).isEqualTo(SPAN_ID);
    assertThat(ctx.spanIdAsLong()).isEqualTo(0x00f067aa0ba902b7L);
    assertThat(ctx.traceFlags()).isEqualTo(TraceFlags.getSampled());
    assertThat(ctx.traceState()).isEqualTo("vendor=abc,other=x1");
    assertThat(ctx.baggage()).isEqualTo("userId=42");
    assertThat(ctx.parkedAt()).isEqualTo(Instant.ofEpochMilli(PARKED_AT));
    assertThat(ctx.parkedAtMillis()).isEqualTo(PARKED_AT);
    assertThat(ctx.ttl()).isEqualTo(Duration.ofMinutes(90));
    assertThat(ctx.ttlMillis()).isEqualTo(90 * 60_000L);
    assertThat(ctx.metadata()).containsExactly(Map.entry("orderId", "order-123"));
    assertThat(ctx.hasMetadata()).isTrue();
  }

  @Test
  void absentExtrasReadAsEmpty() {
    StoredTraceContext ctx = valid().build();
    assertThat(ctx.traceState()).isEmpty();
    assertThat(ctx.baggage()).isEmpty();
    assertThat(ctx.metadata()).isEmpty();
    assertThat(ctx.hasMetadata()).isFalse();
  }

  @Test
  void hexAndLongIdFormsGiveEqualValues() {
    StoredTraceContext fromHex = valid().build();
    StoredTraceContext fromLongs =
        valid().traceId(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L).spanId(0x00f067aa0ba902b7L).build();
    assertThat(fromLongs).isEqualTo(fromHex).hasSameHashCodeAs(fromHex);
    assertThat(fromLongs.traceId()).isEqualTo(TRACE_ID);
    assertThat(fromLongs.spanId()).isEqualTo(SPAN_ID);
  }

  @Test
  void idsWithTheTopBitSetRoundTripThroughLongs() {
    StoredTraceContext ctx = valid().traceId("ffffffffffffffff8000000000000000").spanId("8000000000000001").build();
    assertThat(ctx.traceIdHigh()).isEqualTo(-1L);
    assertThat(ctx.traceIdLow()).isEqualTo(Long.MIN_VALUE);
    assertThat(ctx.spanIdAsLong()).isEqualTo(0x8000000000000001L);
    assertThat(valid().traceId(-1L, Long.MIN_VALUE).spanId(0x8000000000000001L).build()).isEqualTo(ctx);
  }

  @Test
  void theWholeFlagsByteIsKept() {
    for (int b : new int[] {0x00, 0x01, 0x02, 0x03, 0x7f, 0x80, 0xff}) {
      StoredTraceContext ctx = valid().traceFlags((byte) b).build();
      assertThat(ctx.traceFlags().asByte()).as("flags 0x%02x", b).isEqualTo((byte) b);
      assertThat(ctx.toSpanContext().getTraceFlags().asByte()).isEqualTo((byte) b);
      assertThat(ctx.ttl()).as("the flags do not leak into the ttl").isEqualTo(Duration.ofHours(24));
    }
  }

  @Test
  void flagsAndTtlAtTheirLargestDoNotDisturbEachOther() {
    StoredTraceContext ctx = valid().traceFlags((byte) 0xff).ttl(ParkingLotLimits.MAX_TTL).build();
    assertThat(ctx.traceFlags().asByte()).isEqualTo((byte) 0xff);
    assertThat(ctx.ttl()).isEqualTo(ParkingLotLimits.MAX_TTL);
  }

  @Test
  void expiresAtIsParkTimePlusTtl() {
    StoredTraceContext ctx = valid().parkedAtMillis(PARKED_AT).ttlMillis(5_000).build();
    assertThat(ctx.expiresAtMillis()).isEqualTo(PARKED_AT + 5_000);
    assertThat(ctx.expiresAt()).isEqualTo(Instant.ofEpochMilli(PARKED_AT + 5_000));
  }

  @Test
  void theContextLivesUntilOneMillisecondBeforeExpiresAt() {
    StoredTraceContext ctx = valid().parkedAtMillis(PARKED_AT).ttlMillis(5_000).build();
    long expiresAt = ctx.expiresAtMillis();
    assertThat(ctx.isExpiredAt(PARKED_AT)).isFalse();
    assertThat(ctx.isExpiredAt(expiresAt - 1)).isFalse();
    assertThat(ctx.isExpiredAt(expiresAt)).isTrue();
    assertThat(ctx.isExpiredAt(expiresAt + 1)).isTrue();
    assertThat(ctx.isExpired(Instant.ofEpochMilli(expiresAt - 1))).isFalse();
    assertThat(ctx.isExpired(Instant.ofEpochMilli(expiresAt))).isTrue();
  }

  @Test
  void expiresAtSaturatesInsteadOfOverflowing() {
    StoredTraceContext ctx = valid().parkedAtMillis(Long.MAX_VALUE - 10).ttlMillis(1_000).build();
    assertThat(ctx.expiresAtMillis()).isEqualTo(Long.MAX_VALUE);
    assertThat(ctx.isExpiredAt(Long.MAX_VALUE - 1)).isFalse();
  }

  @Test
  void metadataKeepsInsertionOrder() {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (String key : List.of("zeta", "alpha", "mu", "beta", "omega")) {
      metadata.put(key, key.toUpperCase());
    }
    assertThat(valid().metadata(metadata).build().metadata().keySet())
        .containsExactly("zeta", "alpha", "mu", "beta", "omega");
  }

  @Test
  void metadataOrderIsNotPartOfTheValue() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("zeta", "Z");
    given.put("alpha", "A");
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("alpha", "A");
    reversed.put("zeta", "Z");
    StoredTraceContext first = valid().metadata(given).build();
    StoredTraceContext second = valid().metadata(reversed).build();

    assertThat(first.metadata().keySet()).containsExactly("zeta", "alpha");
    assertThat(second.metadata().keySet()).containsExactly("alpha", "zeta");
    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
  }

  @Test
  void metadataIsUnmodifiable() {
    Map<String, String> metadata = valid().metadata(Map.of("a", "1")).build().metadata();
    assertThatThrownBy(() -> metadata.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(metadata::clear).isInstanceOf(UnsupportedOperationException.class);
    Map<String, String> none = valid().build().metadata();
    assertThatThrownBy(() -> none.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void metadataIsACopyThatTheCallersMapCannotChange() {
    Map<String, String> callers = new HashMap<>(Map.of("orderId", "order-123"));
    StoredTraceContext ctx = valid().metadata(callers).build();
    callers.put("orderId", "changed");
    callers.put("extra", "added");
    assertThat(ctx.metadata()).containsExactly(Map.entry("orderId", "order-123"));
  }

  @Test
  void metadataValuesKeepEmptyStringsUnicodeAndLengthLikeChars() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("empty", "");
    metadata.put("unicode", "Zürich 🚗 東京");
    metadata.put("tricky", "\u0003\u0000:\\\"");
    metadata.put("long", "y".repeat(ParkingLotLimits.MAX_METADATA_VALUE_LENGTH));
    assertThat(valid().metadata(metadata).build().metadata()).containsExactlyEntriesOf(metadata);
  }

  @Test
  void contextsWithTheSameKeySetInDifferentOrdersKeepTheirOwnOrder() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    assertThat(valid().metadata(ab).build().metadata().keySet()).containsExactly("a", "b");
    assertThat(valid().metadata(ba).build().metadata().keySet()).containsExactly("b", "a");
  }

  @Test
  void equalValuesAreEqualAndShareAHashCode() {
    StoredTraceContext a = valid().traceState("k=v").baggage("b=1").metadata(Map.of("x", "1")).build();
    StoredTraceContext b = valid().traceState("k=v").baggage("b=1").metadata(Map.of("x", "1")).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotSameAs(b);
    assertThat(a).isEqualTo(a).isNotEqualTo(null).isNotEqualTo("a string");
  }

  @Test
  void everyFieldTakesPartInEquality() {
    StoredTraceContext base = valid().traceState("k=v").baggage("b=1").metadata(Map.of("x", "1")).build();
    List<StoredTraceContext> different = List.of(
        valid().traceState("k=v").baggage("b=1").metadata(Map.of("x", "1"))
            .traceId("4bf92f3577b34da6a3ce929d0e0e4737").build(),
        valid().traceState("k=v").baggage("b=1").metadata(Map.of("x", "1")).spanId("00f067aa0ba902b8").build(),
        valid().traceState("k=v").baggage("b=1").metadata(Map.of("x", "1")).traceFlags((byte) 0).build(),
        valid().traceState("k=v").baggage("b=1").metadata(Map.of("x", "1")).parkedAtMillis(1).build(),
        valid().traceState("k=v").baggage("b=1").metadata(Map.of("x", "1")).ttlMillis(1).build(),
        valid().traceState("k=w").baggage("b=1").metadata(Map.of("x", "1")).build(),
        valid().traceState("k=v").baggage("b=2").metadata(Map.of("x", "1")).build(),
        valid().traceState("k=v").baggage("b=1").metadata(Map.of("x", "2")).build(),
        valid().traceState("k=v").baggage("b=1").build());
    for (StoredTraceContext other : different) {
      assertThat(other).isNotEqualTo(base);
      assertThat(base).isNotEqualTo(other);
    }
  }

  @Test
  void toStringShowsIdsButHidesBaggageAndMetadataValues() {
    StoredTraceContext ctx = valid()
        .traceState("vendor=abc")
        .baggage("email=alice@example.com")
        .metadata(Map.of("customerEmail", "alice@example.com"))
        .build();
    assertThat(ctx.toString())
        .contains(TRACE_ID, SPAN_ID, "traceFlags=01", "ttl=PT24H", "traceState=vendor=abc",
            "baggage=[23 chars]", "metadataKeys=[customerEmail]")
        .doesNotContain("alice");
  }

  @Test
  void toSpanContextIsRemoteWithIdsFlagsAndParsedTraceState() {
    StoredTraceContext ctx = valid().traceFlags((byte) 0).traceState("vendor=abc,other=x1").build();
    SpanContext span = ctx.toSpanContext();
    assertThat(span.isRemote()).isTrue();
    assertThat(span.isValid()).isTrue();
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(span.isSampled()).isFalse();
    assertThat(span.getTraceState().asMap()).containsExactly(Map.entry("vendor", "abc"), Map.entry("other", "x1"));
  }

  @Test
  void toSpanContextWithoutTraceStateHasTheEmptyOne() {
    assertThat(valid().build().toSpanContext().getTraceState().isEmpty()).isTrue();
  }

  @Test
  void anUnparseableTraceStateGivesAnEmptyOneRatherThanFailing() {
    SpanContext span = valid().traceState("not a tracestate").build().toSpanContext();
    assertThat(span.isValid()).isTrue();
    assertThat(span.getTraceState().isEmpty()).isTrue();
  }

  @Test
  void parkTimeIsKeptToTheMillisecond() {
    Instant withNanos = Instant.parse("2026-01-02T03:04:05.123456789Z");
    assertThat(valid().parkedAt(withNanos).build().parkedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123Z"));
  }
}
