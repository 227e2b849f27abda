package dev.parkinglot.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import io.opentelemetry.api.trace.TraceFlags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonWireFormatTest {
  private static final String KEY = "parkingLot:payment:order-1";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  /** Exactly what autotel 7.9.0 stores without metadata (FACTS.md: 131 bytes). */
  private static final String ORIGINAL_PLAIN =
      "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID
          + "\",\"traceFlags\":1,\"parkedAt\":1795722583654,\"ttlMs\":86400000}";

  private static StoredTraceContext.Builder base() {
    return StoredTraceContext.builder()
        .traceId(TRACE_ID)
        .spanId(SPAN_ID)
        .traceFlags(TraceFlags.getSampled())
        .parkedAtMillis(1_795_722_583_654L)
        .ttlMillis(86_400_000L);
  }

  /** The text a store reads back: the codec reads bytes only, so text is given to it as UTF-8. */
  private static StoredTraceContext decode(String key, String json) {
    return JsonWireFormat.decode(key, json.getBytes(UTF_8));
  }

  /** The text of what the codec writes. */
  private static String encodeToString(StoredTraceContext context) {
    return new String(JsonWireFormat.encode(context), UTF_8);
  }

  @Test
  void theConstantsAreTheWireContract() {
    assertThat(new String[] {
        JsonWireFormat.TRACE_ID, JsonWireFormat.SPAN_ID, JsonWireFormat.TRACE_FLAGS,
        JsonWireFormat.PARKED_AT, JsonWireFormat.TTL_MS, JsonWireFormat.METADATA,
        JsonWireFormat.TRACE_STATE, JsonWireFormat.BAGGAGE, JsonWireFormat.CONSUMED_AT})
        .containsExactly("traceId", "spanId", "traceFlags", "parkedAt", "ttlMs", "metadata",
            "traceState", "baggage", "consumedAt");
    assertThat(JsonWireFormat.DEFAULT_TTL_MILLIS)
        .isEqualTo(86_400_000L)
        .isEqualTo(ParkingLotLimits.DEFAULT_TTL.toMillis());
    assertThat(JsonWireFormat.MAX_TTL_MILLIS).isEqualTo(ParkingLotLimits.MAX_TTL.toMillis());
  }

  @Test
  void writesAPlainEntryByteForByteAsTheOriginalDoes() {
    StoredTraceContext plain = base().build();

    assertThat(ORIGINAL_PLAIN).hasSize(131);
    assertThat(encodeToString(plain)).isEqualTo(ORIGINAL_PLAIN);
    assertThat(new String(JsonWireFormat.encode(plain), UTF_8)).isEqualTo(ORIGINAL_PLAIN);
  }

  @Test
  void readsTheOriginalsEntryWithoutMetadata() {
    StoredTraceContext read = decode(KEY, ORIGINAL_PLAIN);

    assertThat(read).isEqualTo(base().build());
    assertThat(read.traceId()).isEqualTo(TRACE_ID);
    assertThat(read.spanId()).isEqualTo(SPAN_ID);
    assertThat(read.traceFlags()).isEqualTo(TraceFlags.getSampled());
    assertThat(read.parkedAtMillis()).isEqualTo(1_795_722_583_654L);
    assertThat(read.ttlMillis()).isEqualTo(86_400_000L);
    assertThat(read.metadata()).isEmpty();
    assertThat(read.traceState()).isEmpty();
    assertThat(read.baggage()).isEmpty();
  }

  @Test
  void readsTheOriginalsEntryWithMetadata() {
    String json = ORIGINAL_PLAIN.substring(0, ORIGINAL_PLAIN.length() - 1)
        + ",\"metadata\":{\"orderId\":\"order-123\",\"amount\":\"42.50\"}}";

    StoredTraceContext read = JsonWireFormat.decode(KEY, json.getBytes(UTF_8));

    assertThat(read.metadata()).containsExactly(Map.entry("orderId", "order-123"), Map.entry("amount", "42.50"));
    assertThat(read.traceState()).isEmpty();
    assertThat(read.baggage()).isEmpty();
  }

  @Test
  void roundTripsEveryField() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("orderId", "order-\"quoted\"\\1");
    metadata.put("customer", "Zoë ✓");
    StoredTraceContext full = base()
        .traceFlags((byte) 0xA3)
        .parkedAtMillis(12_345L)
        .ttlMillis(ParkingLotLimits.MAX_TTL.toMillis())
        .metadata(metadata)
        .traceState("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        .baggage("tenant=acme,user=u%201;prop=x")
        .build();

    String text = encodeToString(full);
    assertThat(text).isEqualTo(
        "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":163,"
            + "\"parkedAt\":12345,\"ttlMs\":31622400000,"
            + "\"metadata\":{\"orderId\":\"order-\\\"quoted\\\"\\\\1\",\"customer\":\"Zoë ✓\"},"
            + "\"traceState\":\"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE\","
            + "\"baggage\":\"tenant=acme,user=u%201;prop=x\"}");
    StoredTraceContext fromBytes = JsonWireFormat.decode(KEY, JsonWireFormat.encode(full));
    StoredTraceContext fromText = decode(KEY, text);

    for (StoredTraceContext read : new StoredTraceContext[] {fromBytes, fromText}) {
      assertThat(read).isEqualTo(full);
      assertThat(read.traceFlags().asByte()).isEqualTo((byte) 0xA3);
      assertThat(read.parkedAtMillis()).isEqualTo(12_345L);
      assertThat(read.ttlMillis()).isEqualTo(ParkingLotLimits.MAX_TTL.toMillis());
      assertThat(read.metadata()).containsExactlyEntriesOf(metadata);
      assertThat(read.traceState()).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
      assertThat(read.baggage()).isEqualTo("tenant=acme,user=u%201;prop=x");
    }
  }

  @Test
  void ignoresUnknownFieldsIncludingNestedValues() {
    String json = "{\"future\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"},\"traceId\":\"" + TRACE_ID
        + "\",\"list\":[1,2,[3]],\"spanId\":\"" + SPAN_ID
        + "\",\"traceFlags\":1,\"parkedAt\":1795722583654,\"ttlMs\":86400000,\"flag\":true}";

    assertThat(decode(KEY, json)).isEqualTo(base().build());
  }

  @Test
  void readsAMissingNullOrZeroTtlAsTheOriginalsTwentyFourHours() {
    String missing = "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID
        + "\",\"traceFlags\":1,\"parkedAt\":1000}";
    String nullTtl = missing.replace("}", ",\"ttlMs\":null}");
    String zeroTtl = missing.replace("}", ",\"ttlMs\":0}");

    assertThat(decode(KEY, missing).ttlMillis()).isEqualTo(86_400_000L);
    assertThat(decode(KEY, nullTtl).ttlMillis()).isEqualTo(86_400_000L);
    assertThat(decode(KEY, zeroTtl).ttlMillis()).isEqualTo(86_400_000L);
  }

  @Test
  void clampsATtlAboveTheMaximum() {
    String json = ORIGINAL_PLAIN.replace("86400000", "99999999999999");

    assertThat(decode(KEY, json).ttlMillis()).isEqualTo(ParkingLotLimits.MAX_TTL.toMillis());
  }

  @Test
  void acceptsIntegralFloatsForNumbers() {
    String json = "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID
        + "\",\"traceFlags\":1.0,\"parkedAt\":1.795722583654E12,\"ttlMs\":8.64e7}";

    assertThat(decode(KEY, json)).isEqualTo(base().build());
  }

  @Test
  void treatsNullOptionalFieldsAsAbsent() {
    String json = ORIGINAL_PLAIN.replace("}", ",\"metadata\":null,\"traceState\":null,\"baggage\":null}");

    assertThat(decode(KEY, json)).isEqualTo(base().build());
  }

  /** The ids of a valid entry, for the corrupt cases below. */
  private static final String IDS = "\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\"";

  static Stream<Arguments> corruptEntries() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"traceId\":", "malformed JSON"),
        Arguments.of("not JSON at all", "garbage", "malformed JSON"),
        Arguments.of("empty input", "", "the entry is empty"),
        Arguments.of("an array", "[1,2]", "expected a JSON object, found an array"),
        Arguments.of("empty ids as the original writes them without a span",
            "{\"traceId\":\"\",\"spanId\":\"\",\"traceFlags\":0,\"parkedAt\":1,\"ttlMs\":1}",
            "traceId is empty"),
        Arguments.of("missing trace id",
            "{\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":1,\"parkedAt\":1}", "traceId is missing"),
        Arguments.of("trace id not a string",
            "{\"traceId\":42,\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":1,\"parkedAt\":1}",
            "traceId must be a string, was a number"),
        Arguments.of("upper-case hex trace id",
            "{\"traceId\":\"" + TRACE_ID.toUpperCase(java.util.Locale.ROOT) + "\",\"spanId\":\"" + SPAN_ID
                + "\",\"traceFlags\":1,\"parkedAt\":1}",
            "traceId must be 32 lowercase hex digits"),
        Arguments.of("short span id",
            "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"00f067aa\",\"traceFlags\":1,\"parkedAt\":1}",
            "spanId must be 16 lowercase hex digits"),
        Arguments.of("all-zero trace id",
            "{\"traceId\":\"" + "0".repeat(32) + "\",\"spanId\":\"" + SPAN_ID
                + "\",\"traceFlags\":1,\"parkedAt\":1}",
            "traceId must not be all zero"),
        Arguments.of("missing flags", "{" + IDS + ",\"parkedAt\":1}", "traceFlags is missing"),
        Arguments.of("flags out of range", "{" + IDS + ",\"traceFlags\":256,\"parkedAt\":1}",
            "traceFlags must be between 0 and 255, was 256"),
        Arguments.of("flags as a string", "{" + IDS + ",\"traceFlags\":\"1\",\"parkedAt\":1}",
            "traceFlags must be a number, was a string"),
        Arguments.of("missing parkedAt", "{" + IDS + ",\"traceFlags\":1}", "parkedAt is missing"),
        Arguments.of("fractional parkedAt", "{" + IDS + ",\"traceFlags\":1,\"parkedAt\":1.5}",
            "parkedAt must be a whole number, was 1.5"),
        Arguments.of("huge parkedAt", "{" + IDS + ",\"traceFlags\":1,\"parkedAt\":1e40}",
            "parkedAt is out of range"),
        Arguments.of("negative ttl", "{" + IDS + ",\"traceFlags\":1,\"parkedAt\":1,\"ttlMs\":-5}",
            "ttlMs must not be negative, was -5"),
        Arguments.of("more metadata entries than the read bound",
            "{" + IDS + ",\"traceFlags\":1,\"parkedAt\":1,\"metadata\":" + manyEntries(257) + "}",
            "metadata has more than the read bound of 256 entries"),
        Arguments.of("a metadata key beyond the read bound",
            "{" + IDS + ",\"traceFlags\":1,\"parkedAt\":1,\"metadata\":{\"" + "k".repeat(257) + "\":\"v\"}}",
            "has 257 chars, more than the read bound of 256"),
        Arguments.of("metadata not an object",
            "{" + IDS + ",\"traceFlags\":1,\"parkedAt\":1,\"metadata\":[\"a\"]}",
            "metadata must be an object, was an array"),
        Arguments.of("baggage not a string", "{" + IDS + ",\"traceFlags\":1,\"parkedAt\":1,\"baggage\":{}}",
            "baggage must be a string, was an object"),
        Arguments.of("duplicate field",
            "{" + IDS + ",\"traceId\":\"5bf92f3577b34da6a3ce929d0e0e4736\",\"traceFlags\":1,\"parkedAt\":1}",
            "Duplicate field 'traceId'"),
        Arguments.of("trailing garbage", "{" + IDS + ",\"traceFlags\":1,\"parkedAt\":1} xyz", "malformed JSON"),
        Arguments.of("a second object", "{" + IDS + ",\"traceFlags\":1,\"parkedAt\":1}{}",
            "unexpected content after the JSON object: an object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptEntries")
  void rejectsACorruptEntryWithTheKeyAndTheReason(String what, String json, String reason) {
    for (Runnable decode : new Runnable[] {
        () -> decode(KEY, json), () -> JsonWireFormat.decode(KEY, json.getBytes(UTF_8))}) {
      assertThatThrownBy(decode::run)
          .as(what)
          .isExactlyInstanceOf(CorruptEntryException.class)
          .hasMessageStartingWith("corrupt parked entry under key '" + KEY + "': ")
          .hasMessageContaining(reason)
          .satisfies(e -> assertThat(((CorruptEntryException) e).key()).isEqualTo(KEY));
    }
  }

  /** A metadata object of {@code n} entries {@code "k0":"v0", …}. */
  private static String manyEntries(int n) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v").append(i).append('"');
    }
    return json.append('}').toString();
  }

  @Test
  void rejectsMetadataBeyondTheReadBoundsWithoutEchoingValues() {
    String big = "v".repeat(ParkingLotLimits.MAX_READ_METADATA_VALUE_LENGTH + 1);
    String json = ORIGINAL_PLAIN.replace("}", ",\"metadata\":{\"note\":\"" + big + "\"}}");

    assertThatThrownBy(() -> decode(KEY, json))
        .isExactlyInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("metadata value for key 'note' has 65536 chars, more than the read bound of 65535")
        .hasMessageNotContaining("vvvv");
  }

  /**
   * Read limits are not write limits: what the original (autotel 7.9.0) stores for {@code
   * park(key, metadata)} with whatever its caller passed is a context and is read, a non-string
   * value as its JSON text as written, a null value left out.
   */
  @Test
  void readsMetadataTheOriginalCanWriteBeyondTheWriteLimitsValuesAsTheirJsonText() {
    String json = ORIGINAL_PLAIN.replace("}", ",\"metadata\":{\"amount\":42,\"rate\":12.5,\"paid\":true,"
        + "\"refunded\":false,\"gone\":null,\"items\":[1,\"two\",{\"x\":null}],\"customer\":{\"id\":7,"
        + "\"name\":\"Zoë ✓\"},\"note\":\"" + "n".repeat(5000) + "\"}}");

    for (StoredTraceContext read : new StoredTraceContext[] {decode(KEY, json),
        base().metadataFromStore(JsonWireFormat.decodeMetadata(KEY,
            json.substring(json.indexOf("{\"amount\""), json.length() - 1))).build()}) {
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("amount", "42");
      expected.put("rate", "12.5");
      expected.put("paid", "true");
      expected.put("refunded", "false");
      expected.put("items", "[1,\"two\",{\"x\":null}]");
      expected.put("customer", "{\"id\":7,\"name\":\"Zoë ✓\"}");
      expected.put("note", "n".repeat(5000));
      assertThat(read.metadata()).containsExactlyEntriesOf(expected);
      assertThat(read.traceId()).isEqualTo(TRACE_ID);
    }
  }

  @Test
  void readsAsManyMetadataEntriesAsTheReadBoundAllowsAndTheirTotalIsBounded() {
    String json = ORIGINAL_PLAIN.replace("}", ",\"metadata\":" + manyEntries(256) + "}");

    StoredTraceContext read = decode(KEY, json);

    assertThat(read.metadata()).hasSize(ParkingLotLimits.MAX_READ_METADATA_ENTRIES)
        .containsEntry("k0", "v0").containsEntry("k255", "v255");
    // three values of 50,000 chars: each within the value bound, together over the 131,072 total
    StringBuilder three = new StringBuilder("{");
    for (int i = 0; i < 3; i++) {
      three.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("v".repeat(50_000)).append('"');
    }
    String total = ORIGINAL_PLAIN.replace("}", ",\"metadata\":" + three + "}}");
    assertThatThrownBy(() -> decode(KEY, total))
        .isExactlyInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("metadata has more than the read bound of 131072 chars of keys and values");
  }

  @Test
  void refusesAnEntryOverTheReadBoundInBytesBeforeParsingIt() {
    byte[] huge = new byte[ParkingLotLimits.MAX_READ_ENTRY_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) '[');

    assertThatThrownBy(() -> JsonWireFormat.decode(KEY, huge))
        .isExactlyInstanceOf(CorruptEntryException.class)
        .hasMessage("corrupt parked entry under key '" + KEY + "': the entry has 262145 bytes, more than the"
            + " read bound of 262144 (not parsed)");
    String hugeMetadata = "{\"k\":\"" + "v".repeat(ParkingLotLimits.MAX_READ_ENTRY_BYTES) + "\"}";
    assertThatThrownBy(() -> JsonWireFormat.decodeMetadata(KEY, hugeMetadata))
        .isExactlyInstanceOf(CorruptEntryException.class)
        .hasMessageEndingWith("the metadata has 262152 chars, more than the read bound of 262144 (not parsed)");
  }

  @Test
  void readsAFractionalTtlAsTheOriginalCanWriteItRoundedUp() {
    String json = ORIGINAL_PLAIN.replace("86400000", "1500.25");

    assertThat(decode(KEY, json).ttlMillis()).isEqualTo(1501L);
  }

  @Test
  void rejectsInvalidUtf8Bytes() {
    byte[] bytes = ORIGINAL_PLAIN.getBytes(UTF_8);
    bytes[14] = (byte) 0xC3; // a lone lead byte inside the trace id string

    assertThatThrownBy(() -> JsonWireFormat.decode(KEY, bytes))
        .isExactlyInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("corrupt parked entry under key '" + KEY + "'");
  }

  @Test
  void writesMetadataAloneAsTheMetadataMemberHoldsItAndReadsItBackInOrder() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("orderId", "order-\"quoted\"\\1");
    metadata.put("customer", "Zoë ✓");

    String text = JsonWireFormat.encodeMetadata(metadata);

    assertThat(text).isEqualTo("{\"orderId\":\"order-\\\"quoted\\\"\\\\1\",\"customer\":\"Zoë ✓\"}");
    assertThat(JsonWireFormat.decodeMetadata(KEY, text)).containsExactlyEntriesOf(metadata);
    assertThat(JsonWireFormat.encodeMetadata(Map.of())).isEqualTo("{}");
    assertThat(JsonWireFormat.decodeMetadata(KEY, "{}")).isEmpty();
  }

  static Stream<Arguments> corruptMetadata() {
    return Stream.of(
        Arguments.of("not JSON", "{\"a\":", "malformed JSON"),
        Arguments.of("an array", "[\"a\"]", "metadata must be an object, was an array"),

        Arguments.of("a second object", "{\"a\":\"b\"}{}", "unexpected content after the metadata object"),
        Arguments.of("a value beyond the read bound",
            "{\"note\":\"" + "v".repeat(ParkingLotLimits.MAX_READ_METADATA_VALUE_LENGTH + 1) + "\"}",
            "more than the read bound of " + ParkingLotLimits.MAX_READ_METADATA_VALUE_LENGTH),
        Arguments.of("more entries than the read bound", manyEntries(257),
            "more than the read bound of " + ParkingLotLimits.MAX_READ_METADATA_ENTRIES + " entries"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptMetadata")
  void rejectsCorruptMetadataWithTheKeyAndTheReason(String what, String json, String reason) {
    assertThatThrownBy(() -> JsonWireFormat.decodeMetadata(KEY, json))
        .as(what)
        .isExactlyInstanceOf(CorruptEntryException.class)
        .hasMessageStartingWith("corrupt parked entry under key '" + KEY + "': ")
        .hasMessageContaining(reason)
        .hasMessageNotContaining("vvvv");
  }
}
