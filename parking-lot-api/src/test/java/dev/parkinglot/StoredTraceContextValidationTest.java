package dev.parkinglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.TraceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredTraceContextValidationTest {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN_ID = "00f067aa0ba902b7";

  static StoredTraceContext.Builder valid() {
    return StoredTraceContext.builder()
        .traceId(TRACE_ID)
        .spanId(SPAN_ID)
        .traceFlags(TraceFlags.getSampled())
        .parkedAtMillis(1_700_000_000_000L)
        .ttl(Duration.ofHours(24));
  }

  @Test
  void aCompleteBuilderBuilds() {
    assertThat(valid().build().traceId()).isEqualTo(TRACE_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "4BF92F3577B34DA6A3CE929D0E0E4736", // uppercase
      "4bf92f3577b34da6a3ce929d0e0e473", // 31 digits
      "4bf92f3577b34da6a3ce929d0e0e47360", // 33 digits
      "4bf92f3577b34da6a3ce929d0e0e473g", // not hex
      "", " "})
  void aTraceIdThatIsNot32LowercaseHexDigitsIsRejectedNamingTheValue(String bad) {
    assertThatThrownBy(() -> valid().traceId(bad).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("traceId must be 32 lowercase hex digits, was '" + bad + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"00F067AA0BA902B7", "00f067aa0ba902b", "00f067aa0ba902b70", "00f067aa0ba902bz", ""})
  void aSpanIdThatIsNot16LowercaseHexDigitsIsRejectedNamingTheValue(String bad) {
    assertThatThrownBy(() -> valid().spanId(bad).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spanId must be 16 lowercase hex digits, was '" + bad + "'");
  }

  @Test
  void aVeryLongBadIdIsAbbreviatedInTheMessage() {
    String bad = "a".repeat(500);
    assertThatThrownBy(() -> valid().traceId(bad).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("traceId must be 32 lowercase hex digits, was '" + "a".repeat(256) + "\u2026(500 chars)'");
  }

  @Test
  void allZeroIdsAreRejectedInBothForms() {
    assertThatThrownBy(() -> valid().traceId("0".repeat(32)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("traceId must not be all zero (the invalid trace id)");
    assertThatThrownBy(() -> valid().traceId(0L, 0L).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("traceId must not be all zero (the invalid trace id)");
    assertThatThrownBy(() -> valid().spanId("0".repeat(16)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spanId must not be all zero (the invalid span id)");
    assertThatThrownBy(() -> valid().spanId(0L).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spanId must not be all zero (the invalid span id)");
  }

  @Test
  void aTraceIdWithOnlyOneHalfZeroIsValid() {
    assertThat(valid().traceId(0L, 1L).build().traceId()).isEqualTo("0".repeat(31) + "1");
    assertThat(valid().traceId(1L, 0L).build().traceId()).isEqualTo("0000000000000001" + "0".repeat(16));
  }

  @Test
  void missingRequiredFieldsAreReportedByName() {
    assertThatThrownBy(() -> StoredTraceContext.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("traceId was not set");
    assertThatThrownBy(() -> StoredTraceContext.builder().traceId(TRACE_ID).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("spanId was not set");
    assertThatThrownBy(() -> StoredTraceContext.builder().traceId(TRACE_ID).spanId(SPAN_ID).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("traceFlags was not set");
    assertThatThrownBy(
            () -> StoredTraceContext.builder().traceId(TRACE_ID).spanId(SPAN_ID).traceFlags((byte) 1).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("parkedAt was not set");
    assertThatThrownBy(
            () -> StoredTraceContext.builder().traceId(TRACE_ID).spanId(SPAN_ID).traceFlags((byte) 1)
                .parkedAtMillis(0).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("ttl was not set");
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    StoredTraceContext.Builder builder = StoredTraceContext.builder();
    assertThatThrownBy(() -> builder.traceId(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("traceId must not be null");
    assertThatThrownBy(() -> builder.spanId(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("spanId must not be null");
    assertThatThrownBy(() -> builder.traceFlags((TraceFlags) null)).isInstanceOf(NullPointerException.class)
        .hasMessage("traceFlags must not be null");
    assertThatThrownBy(() -> builder.traceState(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("traceState must not be null");
    assertThatThrownBy(() -> builder.baggage(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("baggage must not be null");
    assertThatThrownBy(() -> builder.parkedAt(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("parkedAt must not be null");
    assertThatThrownBy(() -> builder.ttl(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("ttl must not be null");
    assertThatThrownBy(() -> builder.metadata(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("metadata must not be null");
  }

  @Test
  void aParkTimeBeforeTheEpochIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> valid().parkedAtMillis(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkedAt must not be before the epoch, was -1 ms");
    assertThatThrownBy(() -> valid().parkedAt(Instant.parse("1969-12-31T23:59:59Z")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkedAt must not be before the epoch, was -1000 ms");
  }

  @Test
  void aParkTimeBeyondTheMillisecondRangeIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> valid().parkedAt(Instant.MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkedAt")
        .hasMessageContaining(Instant.MAX.toString());
  }

  @Test
  void theEpochItselfIsAValidParkTime() {
    assertThat(valid().parkedAtMillis(0).build().parkedAt()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void aTtlThatIsNotPositiveIsRejectedNamingTheValueAndTheLimit() {
    assertThatThrownBy(() -> valid().ttl(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, was PT0S");
    assertThatThrownBy(() -> valid().ttl(Duration.ofSeconds(-5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, was PT-5S");
    assertThatThrownBy(() -> valid().ttlMillis(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be between 1 ms and 31622400000 ms, was 0 ms");
    assertThatThrownBy(() -> valid().ttlMillis(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be between 1 ms and 31622400000 ms, was -1 ms");
  }

  @Test
  void aTtlUnderOneMillisecondIsRejectedRatherThanStoredAsZero() {
    assertThatThrownBy(() -> valid().ttl(Duration.ofNanos(999_999)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be at least 1 ms, was PT0.000999999S");
  }

  @Test
  void aTtlLongerThanTheMaximumIsRejectedNamingTheValueAndTheLimit() {
    Duration tooLong = ParkingLotLimits.MAX_TTL.plusMillis(1);
    assertThatThrownBy(() -> valid().ttl(tooLong).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl PT8784H0.001S exceeds the maximum of PT8784H");
    assertThatThrownBy(() -> valid().ttlMillis(ParkingLotLimits.MAX_TTL.toMillis() + 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be between 1 ms and 31622400000 ms, was 31622400001 ms");
  }

  @Test
  void theTtlBoundsThemselvesAreAccepted() {
    assertThat(valid().ttlMillis(1).build().ttlMillis()).isEqualTo(1);
    assertThat(valid().ttl(ParkingLotLimits.MAX_TTL).build().ttl()).isEqualTo(ParkingLotLimits.MAX_TTL);
  }

  @Test
  void aTraceStateLongerThanTheMaximumIsRejectedNamingLengthAndLimit() {
    String ok = "k=" + "v".repeat(ParkingLotLimits.MAX_TRACE_STATE_LENGTH - 2);
    assertThat(valid().traceState(ok).build().traceState()).isEqualTo(ok);
    assertThatThrownBy(() -> valid().traceState(ok + "v").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("traceState has 513 chars, more than the maximum of 512");
  }

  @Test
  void baggageLongerThanTheMaximumIsRejectedNamingLengthAndLimit() {
    String ok = "k=" + "v".repeat(ParkingLotLimits.MAX_BAGGAGE_LENGTH - 2);
    assertThat(valid().baggage(ok).build().baggage()).isEqualTo(ok);
    assertThatThrownBy(() -> valid().baggage(ok + "v").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baggage has 8193 chars, more than the maximum of 8192");
  }

  @Test
  void metadataBreakingALimitIsRejectedWithTheLimitsMessage() {
    Map<String, String> tooMany = new LinkedHashMap<>();
    for (int i = 0; i <= ParkingLotLimits.MAX_METADATA_ENTRIES; i++) {
      tooMany.put("k" + i, "v");
    }
    assertThatThrownBy(() -> valid().metadata(tooMany).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata has 33 entries, more than the maximum of 32");
    assertThatThrownBy(() -> valid().metadata(Map.of("orderId", "x".repeat(1025))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata value for key 'orderId' has 1025 chars, more than the maximum of 1024");
    assertThatThrownBy(() -> valid().metadata(Map.of(" ", "v")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata key must not be blank, was ' '");
  }

  @Test
  void metadataAtItsLimitsIsKeptWhole() {
    Map<String, String> full = new LinkedHashMap<>();
    for (int i = 0; i < ParkingLotLimits.MAX_METADATA_ENTRIES; i++) {
      full.put(("k" + i + "-").repeat(50).substring(0, ParkingLotLimits.MAX_METADATA_KEY_LENGTH),
          String.valueOf((char) ('a' + i % 26)).repeat(ParkingLotLimits.MAX_METADATA_VALUE_LENGTH));
    }
    assertThat(valid().metadata(full).build().metadata()).containsExactlyEntriesOf(full);
  }
}
