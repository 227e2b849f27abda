package dev.parkinglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetadataAttributesTest {

  @Test
  void allIncludesEveryKey() {
    MetadataAttributes all = MetadataAttributes.all();
    assertThat(all.includes("orderId")).isTrue();
    assertThat(all.includes("customerEmail")).isTrue();
    assertThat(all.isNone()).isFalse();
    assertThat(all).hasToString("MetadataAttributes.all()");
  }

  @Test
  void noneIncludesNoKey() {
    MetadataAttributes none = MetadataAttributes.none();
    assertThat(none.includes("orderId")).isFalse();
    assertThat(none.isNone()).isTrue();
    assertThat(none).hasToString("MetadataAttributes.none()");
  }

  @Test
  void onlyIncludesExactlyTheNamedKeys() {
    MetadataAttributes only = MetadataAttributes.only(Set.of("orderId", "amount"));
    assertThat(only.includes("orderId")).isTrue();
    assertThat(only.includes("amount")).isTrue();
    assertThat(only.includes("customerEmail")).isFalse();
    assertThat(only.includes("orderid")).as("case-sensitive").isFalse();
    assertThat(only.isNone()).isFalse();
    assertThat(only.toString()).startsWith("MetadataAttributes.only([").contains("orderId", "amount");
  }

  @Test
  void onlyWithNoKeysIsNone() {
    assertThat(MetadataAttributes.only(Set.of()).isNone()).isTrue();
    assertThat(MetadataAttributes.only(Set.of())).isEqualTo(MetadataAttributes.none());
  }

  @Test
  void onlyCopiesTheCallersSet() {
    Set<String> keys = new HashSet<>(Set.of("orderId"));
    MetadataAttributes only = MetadataAttributes.only(keys);
    keys.add("customerEmail");
    assertThat(only.includes("customerEmail")).isFalse();
  }

  @Test
  void policiesWithTheSameKeysAreEqual() {
    assertThat(MetadataAttributes.only(Set.of("a", "b")))
        .isEqualTo(MetadataAttributes.only(new HashSet<>(Set.of("b", "a"))))
        .hasSameHashCodeAs(MetadataAttributes.only(Set.of("b", "a")))
        .isNotEqualTo(MetadataAttributes.only(Set.of("a")))
        .isNotEqualTo(MetadataAttributes.all());
    assertThat(MetadataAttributes.all()).isEqualTo(MetadataAttributes.all()).isNotEqualTo(MetadataAttributes.none());
  }

  @Test
  void nullsAreRejectedByName() {
    assertThatThrownBy(() -> MetadataAttributes.only(null))
        .isInstanceOf(NullPointerException.class).hasMessage("keys must not be null");
    Set<String> withNull = new HashSet<>();
    withNull.add(null);
    assertThatThrownBy(() -> MetadataAttributes.only(withNull))
        .isInstanceOf(NullPointerException.class).hasMessage("keys must not contain null");
  }
}
