package dev.parkinglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.parkinglot.spi.Consumption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The compact layout (ids as longs, packed metadata, shared key sets) gives back exactly what went in. */
// Last: one rule fills the JVM-wide shared key set registry, after which no new key set is shared
// (see src/test/resources/junit-platform.properties).
@Order(Integer.MAX_VALUE)
class StoredTraceContextLayoutTest {
  private static final Instant PARKED = Instant.parse("2030-01-01T00:00:00.123Z");

  private static StoredTraceContext.Builder base() {
    return StoredTraceContext.builder()
        .traceId("0af7651916cd43dd8448eb211c80319c").spanId("00f067aa0ba902b7")
        .traceFlags((byte) 1).parkedAt(PARKED).ttl(Duration.ofHours(1));
  }

  @Test
  void idsWithLeadingZerosComeBackAsTheSameHex() {
    StoredTraceContext ctx = StoredTraceContext.builder()
        .traceId(0x0000000000000001L, 0x00000000000000ffL).spanId(0x0000000000000abcL)
        .traceFlags((byte) 0).parkedAt(PARKED).ttl(Duration.ofMinutes(1)).build();

    assertThat(ctx.traceId()).isEqualTo("000000000000000100000000000000ff");
    assertThat(ctx.spanId()).isEqualTo("0000000000000abc");
    assertThat(ctx.toSpanContext().getTraceId()).isEqualTo(ctx.traceId());
  }

  @Test
  void hexIdsAreParsedAndComeBackUnchanged() {
    StoredTraceContext ctx = base().build();

    assertThat(ctx.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(ctx.traceIdHigh()).isEqualTo(0x0af7651916cd43ddL);
    assertThat(ctx.traceIdLow()).isEqualTo(0x8448eb211c80319cL);
    assertThat(ctx.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(ctx.spanIdAsLong()).isEqualTo(0x00f067aa0ba902b7L);
  }

  @Test
  void anyCharThatIsNotALowercaseHexDigitIsRejectedWherever() {
    String valid = "0af7651916cd43dd8448eb211c80319c";
    for (int i = 0; i < 32; i++) {
      for (char bad : new char[] {'A', 'g', '-', ' ', '/', ':', '`', '{'}) {
        String traceId = valid.substring(0, i) + bad + valid.substring(i + 1);
        assertThatIllegalArgumentException()
            .as("trace id with %s at %d", bad, i)
            .isThrownBy(() -> base().traceId(traceId).build())
            .withMessageContaining("traceId must be 32 lowercase hex digits");
      }
    }
    for (int i = 0; i < 16; i++) {
      String spanId = "00f067aa0ba902b7".substring(0, i) + 'X' + "00f067aa0ba902b7".substring(i + 1);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> base().spanId(spanId).build())
          .withMessageContaining("spanId must be 16 lowercase hex digits");
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> base().traceId(valid + "0").build());
    assertThatIllegalArgumentException()
        .isThrownBy(() -> base().spanId("00f067aa0ba902b").build());
  }

  @Test
  void metadataAloneRoundTripsInOrder() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("orderId", "order-1");
    metadata.put("customerId", "cus-7");
    metadata.put("plan", "pro");

    StoredTraceContext ctx = base().metadata(metadata).build();

    assertThat(ctx.metadata()).containsExactly(
        Map.entry("orderId", "order-1"), Map.entry("customerId", "cus-7"), Map.entry("plan", "pro"));
    assertThat(ctx.hasMetadata()).isTrue();
    assertThat(ctx.traceState()).isEmpty();
    assertThat(ctx.baggage()).isEmpty();
  }

  @Test
  void metadataWithTracestateAndBaggageRoundTrips() {
    StoredTraceContext ctx = base()
        .traceState("vendor=abc,other=1").baggage("tenant=acme")
        .metadata(Map.of("orderId", "order-2")).build();

    assertThat(ctx.metadata()).containsExactly(Map.entry("orderId", "order-2"));
    assertThat(ctx.traceState()).isEqualTo("vendor=abc,other=1");
    assertThat(ctx.baggage()).isEqualTo("tenant=acme");
  }

  @Test
  void tracestateWithoutMetadataHasNoMetadata() {
    StoredTraceContext ctx = base().traceState("vendor=abc").build();

    assertThat(ctx.hasMetadata()).isFalse();
    assertThat(ctx.metadata()).isEmpty();
    assertThat(ctx.traceState()).isEqualTo("vendor=abc");
  }

  @Test
  void emptyLongAndNonLatinValuesRoundTrip() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("empty", "");
    metadata.put("long", "x".repeat(ParkingLotLimits.MAX_METADATA_VALUE_LENGTH));
    metadata.put("名前", "ключ 🚀");

    StoredTraceContext ctx = base().metadata(metadata).build();

    assertThat(ctx.metadata()).isEqualTo(metadata);
    assertThat(ctx.metadata().keySet()).containsExactly("empty", "long", "名前");
  }

  @Test
  void equalContentsAreEqualHoweverTheMetadataWasPacked() {
    StoredTraceContext a = base().metadata(Map.of("k", "v")).build();
    StoredTraceContext b = base().metadata(Map.of("k", "v")).build();
    StoredTraceContext other = base().metadata(Map.of("k", "w")).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other);
  }

  @Test
  void metadataStillRoundTripsOnceTheSharedKeySetRegistryIsFull() {
    // More distinct key sets than the registry shares: later ones keep their own key array.
    for (int i = 0; i < 5000; i++) {
      Map<String, String> metadata = Map.of("key-" + i, "value-" + i);
      StoredTraceContext ctx = base().metadata(metadata).build();
      assertThat(ctx.metadata()).as("key set %d", i).isEqualTo(metadata);
    }
    StoredTraceContext withState = base().traceState("v=1").metadata(Map.of("late-key", "x")).build();
    assertThat(withState.metadata()).containsExactly(Map.entry("late-key", "x"));
    assertThat(withState.traceState()).isEqualTo("v=1");
  }

  @Test
  void tombstonesKeepEveryFormOfExtras() {
    Instant consumed = PARKED.plusSeconds(30);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("orderId", "order-3");
    metadata.put("plan", "pro");
    StoredTraceContext plain = base().build();
    StoredTraceContext packed = base().metadata(metadata).build();
    StoredTraceContext full = base().traceState("vendor=abc").baggage("tenant=acme").metadata(metadata).build();

    for (StoredTraceContext live : new StoredTraceContext[] {plain, packed, full}) {
      StoredTraceContext tombstone = live.asConsumed(Consumption.of(consumed, Duration.ofMinutes(5)));

      assertThat(tombstone.isConsumed()).as("%s", live).isTrue();
      assertThat(tombstone.consumedAtMillis()).isEqualTo(consumed.toEpochMilli());
      assertThat(tombstone.metadata()).containsExactlyEntriesOf(live.metadata());
      assertThat(tombstone.traceState()).isEqualTo(live.traceState());
      assertThat(tombstone.baggage()).isEqualTo(live.baggage());
      assertThat(tombstone.expiresAt()).isEqualTo(consumed.plus(Duration.ofMinutes(5)));
      assertThat(live.isConsumed()).isFalse();
      assertThat(tombstone).isNotEqualTo(live);
    }
  }
}
