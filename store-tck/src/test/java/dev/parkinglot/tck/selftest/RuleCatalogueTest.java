package dev.parkinglot.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import dev.parkinglot.tck.TckClauses;
import org.junit.jupiter.api.Test;

/** The rule ids follow the naming scheme, and the README catalogue has exactly one row per rule. */
class RuleCatalogueTest {
  private static final Pattern RULE_NAME =
      Pattern.compile("(required|optional|stochastic)_(rt|op|key|ttl|con|dup|err|life|shr|prov)(\\d\\d)_[a-z][A-Za-z]+");
  private static final Pattern CATALOGUE_ROW =
      Pattern.compile("^\\| `([a-z]+_[a-z]+\\d\\d_[A-Za-z]+)` \\| ([SP]\\d+) \\|");

  @Test
  void everyRuleIsNamedByKindGroupAndNumber() {
    Set<String> rules = TraceContextStoreTckSelfTest.allRules();

    assertThat(rules).hasSizeGreaterThanOrEqualTo(38);
    assertThat(rules).allSatisfy(rule -> assertThat(rule).matches(RULE_NAME));
    Set<String> ids = rules.stream().map(RuleCatalogueTest::id).collect(Collectors.toSet());
    assertThat(ids).as("group and number are unique").hasSameSizeAs(rules);
  }

  @Test
  void theReadmeCatalogueHasOneRowPerRule() throws IOException {
    Set<String> rows = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8)) {
      Matcher row = CATALOGUE_ROW.matcher(line);
      if (row.find()) {
        assertThat(rows.add(row.group(1))).as("a single row for %s", row.group(1)).isTrue();
        assertThat(row.group(2)).as("the clause in the row of %s", row.group(1)).isEqualTo(TckClauses.of(row.group(1)));
      }
    }

    assertThat(rows).isEqualTo(TraceContextStoreTckSelfTest.allRules());
  }

  @Test
  void everyRuleCitesAClauseOfTheContractJavadoc() throws IOException {
    String store = Files.readString(
        Path.of("../parking-lot-api/src/main/java/dev/parkinglot/spi/TraceContextStore.java"), StandardCharsets.UTF_8);
    String provider = Files.readString(
        Path.of("../parking-lot-api/src/main/java/dev/parkinglot/spi/TraceContextStoreProvider.java"),
        StandardCharsets.UTF_8);
    assertThat(TraceContextStoreTckSelfTest.allRules()).allSatisfy(rule -> {
      String clause = TckClauses.of(rule);
      assertThat(clause).as("clause of %s", rule).isNotEmpty();
      assertThat(clause.startsWith("S") ? store : provider).as("Javadoc clause %s of %s", clause, rule)
          .contains("<li><b>" + clause + " ");
    });
  }

  @Test
  void theReadmeListsEveryClauseAndMarksTheUntestedOnes() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    for (int i = 1; i <= 15; i++) {
      assertThat(readme).contains("\n| S" + i + " | ");
    }
    for (int i = 1; i <= 6; i++) {
      assertThat(readme).contains("\n| P" + i + " | ");
    }
    assertThat(readme).contains("| S15 | ").containsPattern("\\| S15 \\|[^\\n]*\\*\\*untested\\*\\*");
    assertThat(readme).containsPattern("\\| P6 \\|[^\\n]*\\*\\*untested\\*\\*");
  }

  private static String id(String rule) {
    Matcher matcher = RULE_NAME.matcher(rule);
    assertThat(matcher.matches()).isTrue();
    return matcher.group(2) + matcher.group(3);
  }
}
