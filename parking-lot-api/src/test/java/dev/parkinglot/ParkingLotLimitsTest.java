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
        .hasMessage("correlation key '" + "s".repeat(77) + "...' has 257 chars, more than the maximum of 256");
  }

  @Test
  void controlCharactersAreRejectedAndNeverEchoedRaw() {
    assertThatThrownBy(() -> ParkingLotLimits.checkCorrelationKey("\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("correlation key '?' contains a control character at index 0;"
            + " control characters are not allowed");
    assertThatThrownBy(() -> ParkingLotLimits.checkKeyPrefix("pre\u0000fix:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key prefix 'pre?fix:' contains a control character at index 3;"
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
        .hasMessage("metadata key '" + "k".repeat(77) + "...' has 129 chars, more than the maximum of 128");
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(Map.of("", "v")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("metadata key must not be blank, was ''");
    assertThatThrownBy(() -> ParkingLotLimits.checkMetadata(Map.of("a\tb", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata key 'a?b' contains a control character at index 1;"
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
}
