package dev.parkinglot.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's "Failure modes" table cites, per row, the tests that measure it: every store has
 * rows, and every test class a row names exists in the repository, so a renamed or deleted test
 * cannot leave the table pointing at nothing.
 */
class ReadmeFailureModesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern CLASS_NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)`");

  @Test
  void everyRowNamesTestsThatExistAndEveryStoreHasRows() throws IOException {
    List<String> rows = tableRows(Files.readString(ROOT.resolve("README.md")));
    assertThat(rows).as("rows of the Failure modes table").hasSizeGreaterThanOrEqualTo(10);

    Set<String> stores = new LinkedHashSet<>();
    Set<String> cited = new LinkedHashSet<>();
    for (String row : rows) {
      String[] cells = row.split("\\|");
      stores.add(cells[1].trim());
      String tests = cells[cells.length - 1];
      Matcher matcher = CLASS_NAME.matcher(tests);
      int named = 0;
      while (matcher.find()) {
        cited.add(matcher.group(1));
        named++;
      }
      assertThat(named).as("tests named by the row %s", row).isPositive();
    }
    assertThat(stores).containsExactlyInAnyOrder("memory", "caffeine", "redis", "jdbc", "dynamodb");

    Set<String> testSources = new LinkedHashSet<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(path -> path.toString().contains("/src/test/java/") && path.toString().endsWith("Test.java"))
          .filter(path -> !path.toString().contains("/target/"))
          .forEach(path -> testSources.add(path.getFileName().toString().replace(".java", "")));
    }
    assertThat(testSources).containsAll(cited);
  }

  private static List<String> tableRows(String readme) {
    int section = readme.indexOf("\n## Failure modes\n");
    assertThat(section).as("README has a Failure modes section").isNotNegative();
    int end = readme.indexOf("\n## ", section + 1);
    List<String> rows = new ArrayList<>();
    for (String line : readme.substring(section, end).split("\n")) {
      if (line.startsWith("| ") && !line.startsWith("| store ")) {
        rows.add(line);
      }
    }
    return rows;
  }
}
