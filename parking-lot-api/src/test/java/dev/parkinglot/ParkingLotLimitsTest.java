package dev.parkinglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParkingLotLimitsTest {

  @Test
  void theLimitsHaveTheirDocumentedValues() {
    assertThat(ParkingLotLimits.MAX_CORRELATION_KEY_LENGTH).isEqualTo(256);
    assertThat(ParkingLotLimits.MAX_KEY_PREFIX_LENGTH).isEqualTo(64);
    assertThat(ParkingLotLimits.MAX_STORE_KEY_LENGTH).isEqualTo(320);
    assertThat(ParkingLotLimits.MAX_TTL).isEqualTo(Duration.ofDays(366));
    assertThat(ParkingLotLimits.DEFAULT_TTL).isEqualTo(Duration.ofHours(24));
    assertThat(ParkingLotLimits.MAX_METADATA_ENTRIES).isEqualTo(32);
    assertThat(ParkingLotLimits.MAX_METADATA_KEY_LENGTH).isEqualTo(128);
    assertThat(ParkingLotLimits.MAX_METADATA_VALUE_LENGTH).isEqualTo(1024);
    assertThat(ParkingLotLimits.MAX_TRACE_STATE_LENGTH).isEqualTo(512);
    assertThat(ParkingLotLimits.MAX_BAGGAGE_LENGTH).isEqualTo(8192);
  }

  @Test
  void validValuesAreReturnedUnchanged() {
    String key = "payment:order-123";
    assertThat(ParkingLotLimits.checkCorrelationKey(key)).isSameAs(key);
    assertThat(ParkingLotLimits.checkKeyPrefix("parkingLot:")).isEqualTo("parkingLot:");
    Duration ttl = Duration.ofHours(24);
    assertThat(ParkingLotLimits.checkTtl(ttl)).isSameAs(ttl);
    Map<String, String> metadata = Map.of("orderId", "order-123");
    assertThat(ParkingLotLimits.checkMetadata(metadata)).isSameAs(metadata);
  }

  @Test
  void anEmptyPrefixIsAllowedButAnEmptyKeyIsNot() {
    assertThat(ParkingLotLimits.checkKeyPrefix("")).isEmpty();
    assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("correlation key must not be blank, was ''");
  }

  @Test
  void nullsAreRejectedByName() {
    assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey(null))
        .isInstanceOf(NullPointerException.class).hasMessage("correlation key must not be null");
    assertThatThrownBy(() -> ParkingLotLimits.checkKeyPrefix(null))
        .isInstanceOf(NullPointerException.class).hasMessage("key prefix must not be null");
    assertThatThrownBy(() -> ParkingLotLimits.checkTtl(null))
        .isInstanceOf(NullPointerException.class).hasMessage("ttl must not be null");
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(null))
        .isInstanceOf(NullPointerException.class).hasMessage("metadata must not be null");
  }

  @Test
  void keysLongerThanTheirLimitAreRejectedNamingLengthAndLimit() {
    assertThat(ParkingLotLimits.checkKeyPrefix("p".repeat(64))).hasSize(64);
    assertThatThrownBy(() -> ParkingLotLimits.checkKeyPrefix("p".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key prefix '" + "p".repeat(65) + "' has 65 chars, more than the maximum of 64");
    assertThat(ParkingLotLimits.checkCorrelationKey("s".repeat(256))).hasSize(256);
    assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey("s".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("correlation key '" + "s".repeat(256) + "…(257 chars)' has 257 chars, more than the"
            + " maximum of 256");
  }

  @Test
  void controlCharactersAreRejectedAndNeverEchoedRaw() {
    assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey("\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("correlation key '\\u000A' contains a control character at index 0;"
            + " control characters are not allowed");
    assertThatThrownBy(() -> ParkingLotLimits.checkKeyPrefix("pre\u0000fix:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key prefix 'pre\\u0000fix:' contains a control character at index 3;"
            + " control characters are not allowed");
    assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey("a\u007fb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("\u007f")
        .hasMessageContaining("index 1");
  }

  @Test
  void everyControlCharacterIsFoundAndNoOtherChar() {
    for (char c = 0; c < 0x200; c++) {
      String key = "ab" + c;
      if (Character.isISOControl(c)) {
        assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey(key))
            .as("U+%04X", (int) c).hasMessageContaining("control character at index 2");
      } else if (!Character.isWhitespace(c)) {
        assertThat(ParkingLotLimits.checkCorrelationKey(key)).as("U+%04X", (int) c).isSameAs(key);
      }
    }
  }

  @Test
  void unicodeQuotesAndSqlAreFineInKeys() {
    String key = "order:Zürich-'; DROP TABLE x; --\"\\ 🚗";
    assertThat(ParkingLotLimits.checkCorrelationKey(key)).isEqualTo(key);
  }

  @Test
  void anUnpairedSurrogateInAKeyIsRejectedNamingItsIndex() {
    assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey("order-\uD800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("correlation key 'order-\\uD800' contains an unpaired surrogate (U+D800) at index 6;"
            + " only well-formed UTF-16 is allowed, as nothing else can be stored as UTF-8 without changing it");
    assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey("\uDC00order"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(U+DC00) at index 0;");
    assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey("a\uD83D\uD83D\uDE97"))
        .as("a high surrogate followed by a pair").hasMessageContaining("(U+D83D) at index 1;");
    assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey("a\uDE97\uD83D"))
        .as("the halves of a pair in the wrong order").hasMessageContaining("(U+DE97) at index 1;");
    assertThatThrownBy(() -> ParkingLotLimits.checkKeyPrefix("lot\uDBFF:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key prefix 'lot\\uDBFF:' contains an unpaired surrogate (U+DBFF) at index 3;");
    assertThat(ParkingLotLimits.checkCorrelationKey("car-\uD83D\uDE97")).as("a pair is an emoji").endsWith("🚗");
  }

  @Test
  void anUnpairedSurrogateInMetadataIsRejectedNamingKeyAndIndex() {
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(Map.of("note\uD800", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("metadata key 'note\\uD800' contains an unpaired surrogate (U+D800) at index 4;");
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(Map.of("note", "paid \uDFFF by card")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata value for key 'note' contains an unpaired surrogate (U+DFFF) at index 5;"
            + " only well-formed UTF-16 is allowed, as nothing else can be stored as UTF-8 without changing it");
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(Map.of("note", "\uD800")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(U+D800) at index 0;");
    Map<String, String> fine = Map.of("note", "line\nbreak \uD83D\uDE97");
    assertThat(ParkingLotLimits.checkMetadata(fine)).as("control chars and pairs in values").isSameAs(fine);
  }

  @Test
  void printableEscapesEveryNonPrintableChar() {
    assertThat(ParkingLotLimits.printable("order-1\r\nX-Admin: 1")).isEqualTo("order-1\\u000D\\u000AX-Admin: 1");
    assertThat(ParkingLotLimits.printable("a\u0085b\u009fc\u0080")).as("C1 controls")
        .isEqualTo("a\\u0085b\\u009Fc\\u0080");
    assertThat(ParkingLotLimits.printable("a\u2028b\u2029c")).as("line and paragraph separators")
        .isEqualTo("a\\u2028b\\u2029c");
    assertThat(ParkingLotLimits.printable("\u202Eevil\u200B\uFEFF")).as("format chars: bidi override, zero width")
        .isEqualTo("\\u202Eevil\\u200B\\uFEFF");
    assertThat(ParkingLotLimits.printable("x\uD800y\uDC00")).as("unpaired surrogates")
        .isEqualTo("x\\uD800y\\uDC00");
    assertThat(ParkingLotLimits.printable("\u0000\t\u001b\u007f")).isEqualTo("\\u0000\\u0009\\u001B\\u007F");
    String fine = "Zürich 'quoted' \"\\ 🚗 \u00a0";
    assertThat(ParkingLotLimits.printable(fine)).as("printable input is returned as it is").isSameAs(fine);
    for (char c = 0; c < 0xFFFF; c++) {
      String shown = ParkingLotLimits.printable(String.valueOf(c));
      assertThat(shown.chars().allMatch(ch -> ch >= ' ' && ch != 0x7f && !Character.isSurrogate((char) ch)
              && Character.getType(ch) != Character.CONTROL && Character.getType(ch) != Character.FORMAT
              && ch != 0x2028 && ch != 0x2029))
          .as("U+%04X shown as '%s'", (int) c, shown).isTrue();
    }
  }

  @Test
  void printableIsBoundedAndSaysHowLongTheInputWas() {
    String huge = "k".repeat(1_000_000);
    assertThat(ParkingLotLimits.printable(huge)).isEqualTo("k".repeat(256) + "\u2026(1000000 chars)");
    assertThat(ParkingLotLimits.printable("k".repeat(256))).isEqualTo("k".repeat(256));
    String controls = "\n".repeat(1000);
    assertThat(ParkingLotLimits.printable(controls))
        .as("escapes count against the bound, and none is cut in half")
        .isEqualTo("\\u000A".repeat(42) + "\u2026(1000 chars)");
    String emoji = "k".repeat(255) + "🚗";
    assertThat(ParkingLotLimits.printable(emoji)).as("a pair is never cut in half")
        .isEqualTo("k".repeat(255) + "\u2026(257 chars)");
  }

  @Test
  void ttlBoundsAreOneMillisecondAndMaxTtl() {
    assertThat(ParkingLotLimits.checkTtl(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    assertThat(ParkingLotLimits.checkTtl(ParkingLotLimits.MAX_TTL)).isEqualTo(ParkingLotLimits.MAX_TTL);
    assertThatThrownBy(() -> ParkingLotLimits.checkTtl(Duration.ofNanos(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be at least 1 ms, was PT0.000000001S");
    assertThatThrownBy(() -> ParkingLotLimits.checkTtl(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be positive, was PT-0.001S");
    assertThatThrownBy(() -> ParkingLotLimits.checkTtl(ParkingLotLimits.MAX_TTL.plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl PT8784H0.000000001S exceeds the maximum of PT8784H");
  }

  @Test
  void metadataEntryCountIsBounded() {
    Map<String, String> atLimit = new HashMap<>();
    for (int i = 0; i < 32; i++) {
      atLimit.put("k" + i, "v");
    }
    assertThat(ParkingLotLimits.checkMetadata(atLimit)).hasSize(32);
    atLimit.put("one-more", "v");
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(atLimit))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata has 33 entries, more than the maximum of 32");
  }

  @Test
  void metadataKeysAreCheckedLikeKeys() {
    assertThat(ParkingLotLimits.checkMetadata(Map.of("k".repeat(128), "v"))).hasSize(1);
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(Map.of("k".repeat(129), "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata key '" + "k".repeat(129) + "' has 129 chars, more than the maximum of 128");
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(Map.of("", "v")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("metadata key must not be blank, was ''");
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(Map.of("a\tb", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata key 'a\\u0009b' contains a control character at index 1;"
            + " control characters are not allowed");
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "v");
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(nullKey))
        .isInstanceOf(NullPointerException.class).hasMessage("metadata key must not be null");
  }

  @Test
  void metadataValuesAreBoundedAndNotNull() {
    assertThat(ParkingLotLimits.checkMetadata(Map.of("k", "v".repeat(1024)))).hasSize(1);
    assertThat(ParkingLotLimits.checkMetadata(Map.of("k", ""))).hasSize(1);
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(Map.of("note", "v".repeat(1025))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata value for key 'note' has 1025 chars, more than the maximum of 1024");
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("note", null);
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(nullValue))
        .isInstanceOf(NullPointerException.class).hasMessage("metadata value for key 'note' must not be null");
  }

  @Test
  void readBoundsAreAtLeastTheWriteLimitsAndNameTheBoundWhenBroken() {
    assertThat(ParkingLotLimits.MAX_READ_METADATA_ENTRIES).isGreaterThanOrEqualTo(ParkingLotLimits.MAX_METADATA_ENTRIES);
    assertThat(ParkingLotLimits.MAX_READ_METADATA_KEY_LENGTH)
        .isGreaterThanOrEqualTo(ParkingLotLimits.MAX_METADATA_KEY_LENGTH);
    assertThat(ParkingLotLimits.MAX_READ_METADATA_VALUE_LENGTH)
        .isGreaterThanOrEqualTo(ParkingLotLimits.MAX_METADATA_VALUE_LENGTH)
        .isLessThanOrEqualTo(Character.MAX_VALUE); // a value's length is packed into one char
    assertThat(ParkingLotLimits.MAX_READ_CORRELATION_KEY_LENGTH)
        .isGreaterThanOrEqualTo(ParkingLotLimits.MAX_CORRELATION_KEY_LENGTH);

    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      many.put(i % 2 == 0 ? "" + i : "\u0001key " + i, "v".repeat(2_000));
    }
    assertThat(ParkingLotLimits.checkReadMetadata(many)).isSameAs(many);
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(many)).isInstanceOf(IllegalArgumentException.class);

    Map<String, String> total = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      total.put("k" + i, "v".repeat(50_000));
    }
    assertThatThrownBy(() -> ParkingLotLimits.checkReadMetadata(total))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata has 150006 chars of keys and values, more than the read bound of 131072");
    assertThatThrownBy(() -> ParkingLotLimits.checkReadMetadata(Map.of("k", "v".repeat(65_536))))
        .hasMessage("metadata value for key 'k' has 65536 chars, more than the read bound of 65535");
    assertThatThrownBy(() -> ParkingLotLimits.checkReadMetadata(Map.of("k".repeat(257), "v")))
        .hasMessageEndingWith("has 257 chars, more than the read bound of 256");
    assertThatThrownBy(() -> ParkingLotLimits.checkReadCorrelationKey("k".repeat(513)))
        .hasMessageEndingWith("has 513 chars, more than the maximum of 512");
    assertThat(ParkingLotLimits.checkReadCorrelationKey("k".repeat(512))).hasSize(512);
  }

  @Test
  void aContextReadFromAStoreKeepsMoreMetadataThanTheWriteLimitsInItsOrder() {
    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      many.put("k" + i, "v" + i);
    }
    StoredTraceContext read = StoredTraceContext.builder().traceId(1, 2).spanId(3).traceFlags((byte) 1)
        .parkedAtMillis(1).ttlMillis(1_000).metadataFromStore(many).build();

    assertThat(read.metadata()).containsExactlyEntriesOf(many);
    assertThatThrownBy(() -> StoredTraceContext.builder().traceId(1, 2).spanId(3).traceFlags((byte) 1)
        .parkedAtMillis(1).ttlMillis(1_000).metadata(many).build())
        .hasMessage("metadata has 40 entries, more than the maximum of 32");
  }
}
