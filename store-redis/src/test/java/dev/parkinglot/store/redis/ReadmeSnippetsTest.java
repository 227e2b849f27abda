package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.parkinglot.tck.TckBackends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/*
 * Why the snippets are copies of files here: a README snippet that is only text rots (the TCK
 * snippet once failed shr01 for every server store, the pom snippet named a property nobody
 * defined). Each Java snippet is marked in its README with the file it copies; this test checks the
 * text is the file's (without its package line), the build compiles the file, and the TCK runs it:
 * the complete example is RedisTraceContextStoreTckTest itself, the minimal one runs here.
 */

/** The TCK snippets of README.md and store-tck/README.md build and pass as written. */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern COPY = Pattern.compile(
      "<!-- copy of ([\\w/.-]+\\.java)[^>]*-->\\s*\\n([ \\t]*)```java\\n(.*?)\\n[ \\t]*```", Pattern.DOTALL);

  private static String read(String path) throws IOException {
    return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
  }

  /** Every marked snippet of {@code readme}, file path to snippet text, its indent removed. */
  private static Map<String, String> copies(String readme) throws IOException {
    Map<String, String> copies = new TreeMap<>();
    Matcher matcher = COPY.matcher(read(readme));
    while (matcher.find()) {
      String indent = matcher.group(2);
      List<String> lines = new ArrayList<>();
      for (String line : matcher.group(3).split("\n", -1)) {
        lines.add(line.startsWith(indent) ? line.substring(indent.length()) : line.strip());
      }
      copies.put(matcher.group(1), String.join("\n", lines));
    }
    return copies;
  }

  /** The file as a reader copies it: without the package line and the blank line after it. */
  private static String withoutPackage(String path) throws IOException {
    String text = read(path).strip();
    return text.replaceFirst("\\Apackage [\\w.]+;\\n\\n", "");
  }

  @Test
  void theTckSnippetsAreCopiesOfFilesTheBuildCompiles() throws IOException {
    Map<String, String> main = copies("README.md");
    Map<String, String> tck = copies("store-tck/README.md");

    assertThat(main).containsOnlyKeys("store-redis/src/test/java/dev/parkinglot/store/redis/RedisMinimalTck.java");
    assertThat(tck).containsOnlyKeys(
        "store-redis/src/test/java/dev/parkinglot/store/redis/RedisTraceContextStoreTckTest.java");
    for (Map<String, String> copiesOfOneReadme : List.of(main, tck)) {
      for (Map.Entry<String, String> copy : copiesOfOneReadme.entrySet()) {
        assertThat(copy.getValue()).as("the README copy of %s", copy.getKey()).isEqualTo(withoutPackage(copy.getKey()));
      }
    }
  }

  @Test
  void thePomSnippetNamesEveryVersionItNeeds() throws IOException {
    String readme = read("store-tck/README.md");
    Matcher xml = Pattern.compile("```xml\\n(.*?)\\n```", Pattern.DOTALL).matcher(readme);
    assertThat(xml.find()).as("the pom snippet of store-tck/README.md").isTrue();
    String snippet = xml.group(1);
    String pom = read("pom.xml");

    assertThat(snippet).as("a property the reader's pom does not define").doesNotContain("${");
    assertThat(snippet).contains("<artifactId>parking-lot-bom</artifactId>\n      <version>"
        + property(pom, "<version>", "</version>") + "</version>");
    assertThat(snippet).contains("<artifactId>testcontainers</artifactId>\n    <version>"
        + property(pom, "<testcontainers.version>", "</testcontainers.version>") + "</version>");
    assertThat(snippet).contains("<artifactId>maven-surefire-plugin</artifactId>\n      <version>"
        + property(pom, "<maven-surefire-plugin.version>", "</maven-surefire-plugin.version>") + "</version>");
  }

  private static String property(String pom, String open, String close) {
    int start = pom.indexOf(open) + open.length();
    return pom.substring(start, pom.indexOf(close, start));
  }

  /**
   * The main README's minimal class runs the whole TCK on Redis: nothing fails, and the only rules
   * that do not pass are the ones whose hook it leaves out, each skipped with a reason naming it.
   */
  @Test
  void theMinimalSnippetPassesAndSkipsOnlyWhatItsMissingHooksCheck() {
    TckBackends.redisUrl();
    Map<String, TestExecutionResult> results = new TreeMap<>();
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(RedisMinimalTck.class)).build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
              test.getSource().filter(MethodSource.class::isInstance)
                  .ifPresent(source -> results.put(((MethodSource) source).getMethodName(), result));
            }
          }
        });

    Map<String, String> hooks = Map.of(
        "stochastic_ttl09", "backendHoldsEntry", "optional_err01", "createUnreachableStore",
        "optional_err02", "writeCorruptEntry", "optional_err03", "createBoundedStore", "optional_prov", "providerName()");
    assertThat(results).hasSizeGreaterThanOrEqualTo(55);
    results.forEach((rule, result) -> {
      String hook = hooks.entrySet().stream().filter(h -> rule.startsWith(h.getKey())).map(Map.Entry::getValue)
          .findFirst().orElse(null);
      if (hook == null) {
        assertThat(result.getStatus()).as("%s: %s", rule, result).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
      } else {
        assertThat(result.getStatus()).as("%s: %s", rule, result).isEqualTo(TestExecutionResult.Status.ABORTED);
        assertThat(result.getThrowable().map(Throwable::getMessage).orElse("")).as(rule).contains(hook);
      }
    });
  }
}
