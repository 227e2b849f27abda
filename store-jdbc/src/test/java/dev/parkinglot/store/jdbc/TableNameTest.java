package dev.parkinglot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableNameTest {
  private static final String SIXTY_THREE = "a".repeat(63);

  @ParameterizedTest
  @ValueSource(strings = {"parking_lot_context", "_t", "T1", "app.parking_lot", "a", "x." + "b"})
  void plainAndSchemaQualifiedIdentifiersAreAccepted(String table) {
    assertThat(TableName.check(table)).isSameAs(table);
  }

  @Test
  void sixtyThreeCharsIsTheLimitPerPart() {
    assertThat(TableName.check(SIXTY_THREE)).isEqualTo(SIXTY_THREE);
    assertThat(TableName.check(SIXTY_THREE + "." + SIXTY_THREE)).hasSize(127);
    assertThatThrownBy(() -> TableName.check(SIXTY_THREE + "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[A-Za-z_][A-Za-z0-9_]{0,62}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1table", "t-1", "t;drop table x", "t t", "\"t\"", "`t`", "a.b.c", ".t", "t.",
      "t\u00e9", "t'--", "t\n"})
  void anythingElseIsRefusedWithTheValueAndTheForm(String table) {
    assertThatThrownBy(() -> TableName.check(table))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an SQL identifier of the form " + TableName.FORM);
  }

  @Test
  void nullIsRefused() {
    assertThatThrownBy(() -> TableName.check(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void indexNamesFitSixtyThreeCharsAndStayDistinct() {
    assertThat(TableName.indexName("parking_lot_context")).isEqualTo("parking_lot_context_exp_idx");
    assertThat(TableName.indexName("app.parking_lot_context")).isEqualTo("parking_lot_context_exp_idx");
    String longA = "t".repeat(60) + "aaa";
    String longB = "t".repeat(60) + "bbb";
    assertThat(TableName.indexName(longA)).hasSizeLessThanOrEqualTo(63).endsWith("_exp_idx");
    assertThat(TableName.indexName(longA)).isNotEqualTo(TableName.indexName(longB));
  }
}
