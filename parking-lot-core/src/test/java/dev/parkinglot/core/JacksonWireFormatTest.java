package dev.parkinglot.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.WireFormat;
import io.opentelemetry.api.trace.TraceFlags;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JacksonWireFormatTest {
  private static final String KEY = "parkingLot:payment:order-1";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  /** Exactly what autotel 7.9.0 stores without metadata (FACTS.md: 131 bytes). */
  private static final String ORIGINAL_PLAIN =
      "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID
          + "\",\"traceFlags\":1,\"parkedAt\":1795722583654,\"ttlMs\":86400000}";

  private final WireFormat format = new JacksonWireFormat();

  private static StoredTraceContext.Builder base() {
    return StoredTraceContext.builder()
        .traceId(TRACE_ID)
        .spanId(SPAN_ID)
        .traceFlags(TraceFlags.getSampled())
        .parkedAtMillis(1_795_722_583_654L)
        .ttlMillis(86_400_000L);
  }

  @Test
  void isTheFormatFoundThroughServiceLoader() {
    assertThat(WireFormat.json()).isInstanceOf(JacksonWireFormat.class);
  }

  @Test
  void writesAPlainEntryByteForByteAsTheOriginalDoes() {
    StoredTraceContext plain = base().build();

    assertThat(ORIGINAL_PLAIN).hasSize(131);
    assertThat(format.encodeToString(plain)).isEqualTo(ORIGINAL_PLAIN);
    assertThat(new String(format.encode(plain), UTF_8)).isEqualTo(ORIGINAL_PLAIN);
  }

  @Test
  void readsTheOriginalsEntryWithoutMetadata() {
    StoredTraceContext read = format.decode(KEY, ORIGINAL_PLAIN);

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

    StoredTraceContext read = format.decode(KEY, json.getBytes(UTF_8));

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

    String text = format.encodeToString(full);
    assertThat(text).isEqualTo(
        "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"traceFlags\":163,"
            + "\"parkedAt\":12345,\"ttlMs\":31622400000,"
            + "\"metadata\":{\"orderId\":\"order-\\\"quoted\\\"\\\\1\",\"customer\":\"Zoë ✓\"},"
            + "\"traceState\":\"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE\","
            + "\"baggage\":\"tenant=acme,user=u%201;prop=x\"}");
    StoredTraceContext fromBytes = format.decode(KEY, format.encode(full));
    StoredTraceContext fromText = format.decode(KEY, text);

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

    assertThat(format.decode(KEY, json)).isEqualTo(base().build());
  }

  @Test
  void readsAMissingNullOrZeroTtlAsTheOriginalsTwentyFourHours() {
    String missing = "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID
        + "\",\"traceFlags\":1,\"parkedAt\":1000}";
    String nullTtl = missing.replace("}", ",\"ttlMs\":null}");
    String zeroTtl = missing.replace("}", ",\"ttlMs\":0}");

    assertThat(format.decode(KEY, missing).ttlMillis()).isEqualTo(86_400_000L);
    assertThat(format.decode(KEY, nullTtl).ttlMillis()).isEqualTo(86_400_000L);
    assertThat(format.decode(KEY, zeroTtl).ttlMillis()).isEqualTo(86_400_000L);
  }

  @Test
  void clampsATtlAboveTheMaximum() {
    String json = ORIGINAL_PLAIN.replace("86400000", "99999999999999");

    assertThat(format.decode(KEY, json).ttlMillis()).isEqualTo(ParkingLotLimits.MAX_TTL.toMillis());
  }

  @Test
  void acceptsIntegralFloatsForNumbers() {
    String json = "{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID
        + "\",\"traceFlags\":1.0,\"parkedAt\":1.795722583654E12,\"ttlMs\":8.64e7}";

    assertThat(format.decode(KEY, json)).isEqualTo(base().build());
  }

  @Test
  void treatsNullOptionalFieldsAsAbsent() {
    String json = ORIGINAL_PLAIN.replace("}", ",\"metadata\":null,\"traceState\":null,\"baggage\":null}");

    assertThat(format.decode(KEY, json)).isEqualTo(base().build());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "malformed JSON              | {\"traceId\":                                   | malformed JSON",
      "not JSON at all             | garbage                                         | malformed JSON",
      "empty input                 | ``                                              | the entry is empty",
      "an array                    | [1,2]                                           | expected a JSON object, found an array",
      "empty trace id (original)   | {\"traceId\":\"\",\"spanId\":\"\",\"traceFlags\":0,\"parkedAt\":1,\"ttlMs\":1} | traceId is empty",
      "missing trace id            | {\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1} | traceId is missing",
      "trace id not a string       | {\"traceId\":42,\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1} | traceId must be a string, was a number",
      "bad hex trace id            | {\"traceId\":\"4BF92F3577B34DA6A3CE929D0E0E4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1} | traceId must be 32 lowercase hex digits",
      "short span id               | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa\",\"traceFlags\":1,\"parkedAt\":1} | spanId must be 16 lowercase hex digits",
      "all-zero trace id           | {\"traceId\":\"00000000000000000000000000000000\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1} | traceId must not be all zero",
      "missing flags               | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"parkedAt\":1} | traceFlags is missing",
      "flags out of range          | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":256,\"parkedAt\":1} | traceFlags must be between 0 and 255, was 256",
      "flags as string             | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":\"1\",\"parkedAt\":1} | traceFlags must be a number, was a string",
      "missing parkedAt            | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1} | parkedAt is missing",
      "fractional parkedAt         | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1.5} | parkedAt must be a whole number, was 1.5",
      "huge parkedAt               | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1e40} | parkedAt is out of range",
      "negative ttl                | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1,\"ttlMs\":-5} | ttlMs must not be negative, was -5",
      "metadata number value       | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1,\"metadata\":{\"amount\":42}} | metadata value for key 'amount' must be a string, was a number",
      "metadata not an object      | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1,\"metadata\":[\"a\"]} | metadata must be an object, was an array",
      "baggage not a string        | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1,\"baggage\":{}} | baggage must be a string, was an object",
      "duplicate field             | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"traceId\":\"5bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1} | Duplicate field 'traceId'",
      "trailing garbage            | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1} xyz | malformed JSON",
      "a second object             | {\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"traceFlags\":1,\"parkedAt\":1}{} | unexpected content after the JSON object: an object",
  })
  void rejectsACorruptEntryWithTheKeyAndTheReason(String what, String json, String reason) {
    for (Runnable decode : new Runnable[] {
        () -> format.decode(KEY, json), () -> format.decode(KEY, json.getBytes(UTF_8))}) {
      assertThatThrownBy(decode::run)
          .as(what)
          .isExactlyInstanceOf(CorruptEntryException.class)
          .hasMessageStartingWith("corrupt parked entry under key '" + KEY + "': ")
          .hasMessageContaining(reason)
          .satisfies(e -> assertThat(((CorruptEntryException) e).key()).isEqualTo(KEY));
    }
  }

  @Test
  void rejectsMetadataBeyondTheLimitsWithoutEchoingValues() {
    String big = "v".repeat(ParkingLotLimits.MAX_METADATA_VALUE_LENGTH + 1);
    String json = ORIGINAL_PLAIN.replace("}", ",\"metadata\":{\"note\":\"" + big + "\"}}");

    assertThatThrownBy(() -> format.decode(KEY, json))
        .isExactlyInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("metadata value for key 'note' has 1025 chars, more than the maximum of 1024")
        .hasMessageNotContaining("vvvv");
  }

  @Test
  void rejectsInvalidUtf8Bytes() {
    byte[] bytes = ORIGINAL_PLAIN.getBytes(UTF_8);
    bytes[14] = (byte) 0xC3; // a lone lead byte inside the trace id string

    assertThatThrownBy(() -> format.decode(KEY, bytes))
        .isExactlyInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("corrupt parked entry under key '" + KEY + "'");
  }
}
