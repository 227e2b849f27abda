package dev.parkinglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreKeyTest {

  @Test
  void aKeyIsItsPrefixAndCorrelationKeyAndTheirJoinedValue() {
    StoreKey key = StoreKey.of("parkingLot:", "payment:order-1042");

    assertThat(key.prefix()).isEqualTo("parkingLot:");
    assertThat(key.correlationKey()).isEqualTo("payment:order-1042");
    assertThat(key.value()).isEqualTo("parkingLot:payment:order-1042");
    assertThat(key.value()).as("built once, then kept").isSameAs(key.value());
    assertThat(key).hasToString("parkingLot:payment:order-1042");
  }

  @Test
  void keysOfOneValueAreEqualHoweverTheyAreSplit() {
    StoreKey key = StoreKey.of("p:", "order-1");

    assertThat(StoreKey.of("p:order-1")).isEqualTo(key).hasSameHashCodeAs(key);
    assertThat(StoreKey.of("p:or", "der-1")).isEqualTo(key).hasSameHashCodeAs(key);
    assertThat(StoreKey.of("p:", "order-2")).isNotEqualTo(key);
    assertThat(StoreKey.of("order-1").value()).isEqualTo("order-1");
    assertThat(StoreKey.of("p:", "order-1x")).isNotEqualTo(key);
    assertThat(StoreKey.of("p:o", "rder-2")).isNotEqualTo(key);
  }

  @Test
  void theHashIsTheJoinedValuesHashForEverySplitAndLength() {
    for (String value : java.util.List.of("p:order-1", "parkingLot:" + "k".repeat(256), "\u00e9\u4e2d\ud83d\ude80!")) {
      int first = Math.max(0, value.length() - 256);
      StoreKey reference = StoreKey.of(value.substring(0, first), value.substring(first));
      for (int split = first; split <= Math.min(value.length() - 1, 64); split++) {
        if (split > 0 && Character.isSurrogatePair(value.charAt(split - 1), value.charAt(split))) {
          continue; // half a pair in each part: an unpaired surrogate in each, rejected
        }
        StoreKey key = StoreKey.of(value.substring(0, split), value.substring(split));
        assertThat(key.hashCode()).as("%s split at %d", value, split).isEqualTo(value.hashCode());
        assertThat(key).as("%s split at %d", value, split).isEqualTo(reference);
      }
    }
  }

  @Test
  void aPrefixIsCheckedOnceAndEachCorrelationKeyWhenItsKeyIsMade() {
    StoreKey.Prefix lot = StoreKey.prefix("parkingLot:");

    assertThat(lot.key("order-1").value()).isEqualTo("parkingLot:order-1");
    assertThat(lot.value()).isEqualTo("parkingLot:");
    assertThat(StoreKey.prefix("").key("order-1").value()).isEqualTo("order-1");
    assertThatThrownBy(() -> lot.key(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("correlation key must not be blank, was ' '");
    assertThatThrownBy(() -> lot.key("k".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than the maximum of 256");
    assertThatThrownBy(() -> lot.key("order\n1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character at index 5");
    assertThatThrownBy(() -> lot.key(null))
        .isInstanceOf(NullPointerException.class).hasMessage("correlation key must not be null");
  }

  @Test
  void badPrefixesAreRejectedNamingThem() {
    assertThatThrownBy(() -> StoreKey.prefix("p".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key prefix")
        .hasMessageContaining("more than the maximum of 64");
    assertThatThrownBy(() -> StoreKey.of("pre\u0000fix:", "k"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key prefix 'pre\\u0000fix:'");
    assertThatThrownBy(() -> StoreKey.of(null, "k"))
        .isInstanceOf(NullPointerException.class).hasMessage("key prefix must not be null");
  }

  @Test
  void theLongestKeyIsTheStoreKeyLimit() {
    StoreKey longest = StoreKey.of("p".repeat(64), "k".repeat(256));
    assertThat(longest.value()).hasSize(dev.parkinglot.ParkingLotLimits.MAX_STORE_KEY_LENGTH);
  }
}
