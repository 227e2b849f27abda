package dev.parkinglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CorrelationKeysTest {

  @Test
  void simplePartsGiveTheOriginalsKey() {
    assertThat(CorrelationKeys.of("payment", "order-123", "stripe")).isEqualTo("payment:order-123:stripe");
    assertThat(CorrelationKeys.of("payment", "order-123")).isEqualTo("payment:order-123");
    assertThat(CorrelationKeys.of("order-123")).isEqualTo("order-123");
  }

  @Test
  void numbersAndOtherObjectsUseTheirStringForm() {
    assertThat(CorrelationKeys.of("order", 42)).isEqualTo("order:42");
    assertThat(CorrelationKeys.of("batch", 7L, "retry", 3)).isEqualTo("batch:7:retry:3");
    assertThat(CorrelationKeys.of("approval", java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
        .isEqualTo("approval:123e4567-e89b-12d3-a456-426614174000");
  }

  @Test
  void separatorsInsidePartsAreEscapedSoDifferentSplitsDiffer() {
    String left = CorrelationKeys.of("a:b", "c");
    String right = CorrelationKeys.of("a", "b:c");
    assertThat(left).isEqualTo("a\\:b:c");
    assertThat(right).isEqualTo("a:b\\:c");
    assertThat(left).isNotEqualTo(right);
  }

  @Test
  void backslashesInsidePartsAreEscapedToo() {
    assertThat(CorrelationKeys.of("a\\", "b")).isEqualTo("a\\\\:b");
    assertThat(CorrelationKeys.of("a\\:b")).isEqualTo("a\\\\\\:b");
    // Without escaping the backslash, ("a\", "b") and ("a\:b") could not be told apart.
    assertThat(CorrelationKeys.of("a\\", "b")).isNotEqualTo(CorrelationKeys.of("a\\:b"));
  }

  @Test
  void emptyPartsAreKeptAsPositions() {
    assertThat(CorrelationKeys.of("a", "")).isEqualTo("a:");
    assertThat(CorrelationKeys.of("", "a")).isEqualTo(":a");
    assertThat(CorrelationKeys.of("", "")).isEqualTo(":");
    assertThat(CorrelationKeys.of("a", "")).isNotEqualTo(CorrelationKeys.of("a:"));
  }

  @Test
  void distinctPartListsGiveDistinctKeys() {
    // Parts drawn from the characters that matter (separator, escape) plus a plain one, so that
    // every ambiguity an encoding could have shows up among a few thousand short lists.
    char[] alphabet = {':', '\\', 'a'};
    Random random = new Random(20261128L);
    Map<String, List<String>> seen = new HashMap<>();
    int distinctLists = 0;
    for (int n = 0; n < 20_000; n++) {
      int partCount = 1 + random.nextInt(4);
      List<String> parts = new ArrayList<>();
      for (int p = 0; p < partCount; p++) {
        StringBuilder part = new StringBuilder();
        int length = random.nextInt(4);
        for (int c = 0; c < length; c++) {
          part.append(alphabet[random.nextInt(alphabet.length)]);
        }
        parts.add(part.toString());
      }
      if (parts.size() == 1 && parts.get(0).isEmpty()) {
        continue; // a key must not be blank; covered by its own test
      }
      String key = CorrelationKeys.of(parts.toArray());
      List<String> previous = seen.putIfAbsent(key, parts);
      if (previous == null) {
        distinctLists++;
      } else {
        assertThat(previous).as("parts giving key '%s'", key).isEqualTo(parts);
      }
      assertThat(split(key)).as("key '%s' decodes to its parts", key).isEqualTo(parts);
    }
    assertThat(distinctLists).as("the generator covered many distinct lists").isGreaterThan(2_000);
  }

  /** The inverse of the encoding, to show that it is one: '\' takes the next char literally. */
  private static List<String> split(String key) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      if (ch == '\\') {
        part.append(key.charAt(++i));
      } else if (ch == ':') {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(ch);
      }
    }
    parts.add(part.toString());
    return parts;
  }

  @Test
  void nullPartsAndArraysAreRejectedByPosition() {
    assertThatThrownBy(() -> CorrelationKeys.of((Object[]) null))
        .isInstanceOf(NullPointerException.class).hasMessage("parts must not be null");
    assertThatThrownBy(() -> CorrelationKeys.of("payment", null))
        .isInstanceOf(NullPointerException.class).hasMessage("correlation key part 1 must not be null");
  }

  @Test
  void noPartsOrABlankKeyIsRejected() {
    assertThatThrownBy(CorrelationKeys::of)
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a correlation key needs at least one part");
    assertThatThrownBy(() -> CorrelationKeys.of(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("correlation key must not be blank, was ''");
    assertThatThrownBy(() -> CorrelationKeys.of("  "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("correlation key must not be blank, was '  '");
  }

  @Test
  void anOversizedKeyIsRejectedNamingLengthAndLimit() {
    String atLimit = CorrelationKeys.of("p", "x".repeat(ParkingLotLimits.MAX_CORRELATION_KEY_LENGTH - 2));
    assertThat(atLimit).hasSize(ParkingLotLimits.MAX_CORRELATION_KEY_LENGTH);
    assertThatThrownBy(() -> CorrelationKeys.of("p", "x".repeat(ParkingLotLimits.MAX_CORRELATION_KEY_LENGTH - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("correlation key 'p:" + "x".repeat(254) + "\u2026(257 chars)' has 257 chars, more than the"
            + " maximum of 256");
  }

  @Test
  void escapingCountsTowardsTheLimit() {
    String colons = ":".repeat(ParkingLotLimits.MAX_CORRELATION_KEY_LENGTH / 2 + 1);
    assertThatThrownBy(() -> CorrelationKeys.of(colons))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 258 chars, more than the maximum of 256");
  }

  @Test
  void controlCharactersAreRejected() {
    assertThatThrownBy(() -> CorrelationKeys.of("order", "12\n3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("correlation key 'order:12\\u000A3' contains a control character at index 8;"
            + " control characters are not allowed");
  }
}
