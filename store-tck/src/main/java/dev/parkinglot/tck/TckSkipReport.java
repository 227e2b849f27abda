package dev.parkinglot.tck;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/*
 * Why a listener: a store test without its server is skipped (a JUnit assumption), and Maven ends
 * such a run with BUILD SUCCESS. A contributor who reads only the last lines would believe the
 * stores were tested. This listener is registered through META-INF/services, so every project that
 * has the TCK on its test class path gets it with no setup, and prints one line when the run ends.
 *
 * A whole-build line: when the system properties parkinglot.tck.skipReport.dir and
 * parkinglot.tck.skipReport.build are set (this project's root pom sets them for every module),
 * the counts of every module of one build are added up in <dir>/<build>.properties and the line
 * for the whole build so far is written to <dir>/<build>.txt, which the last module prints.
 */

/**
 * Counts the tests skipped for want of a backend server ({@link MissingBackendException}) and, at
 * the end of the test run, prints one line saying how many were skipped and which environment
 * variable (or a Docker engine for Testcontainers) would run them. A {@link TraceContextStoreTck}
 * class whose every rule was skipped for a reason of its own (a store that finds its server through
 * a variable of its own) gets one line too, quoting the first reason. Registered with the JUnit
 * Platform through {@code META-INF/services}; prints nothing when no test was skipped that way.
 */
public final class TckSkipReport implements TestExecutionListener {
  /** System property: the folder of the whole-build summary, or unset for none. */
  public static final String DIR_PROPERTY = "parkinglot.tck.skipReport.dir";
  /** System property: an id shared by every module of one build, or unset for none. */
  public static final String BUILD_PROPERTY = "parkinglot.tck.skipReport.build";

  private final PrintStream out;
  /** Skipped tests by backend display name. */
  private final Map<String, Integer> skipped = new TreeMap<>();
  /** The variable and example of each backend seen, for the message. */
  private final Map<String, String> hints = new TreeMap<>();
  private @Nullable TestPlan plan;
  /** Per TCK class: rules finished, and rules skipped for a reason other than a built-in backend. */
  private final Map<String, int[]> tckRules = new TreeMap<>();
  /** Per TCK class: the first such reason. */
  private final Map<String, String> firstReason = new TreeMap<>();

  /** The listener the JUnit Platform creates; prints to {@code System.out}. */
  public TckSkipReport() {
    this(System.out);
  }

  TckSkipReport(PrintStream out) {
    this.out = out;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    this.plan = testPlan;
    skipped.clear();
    hints.clear();
    tckRules.clear();
    firstReason.clear();
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    countTckRule(identifier, result);
    if (result.getStatus() != TestExecutionResult.Status.ABORTED) {
      return;
    }
    Throwable cause = result.getThrowable().orElse(null);
    if (!(cause instanceof MissingBackendException)) {
      return;
    }
    MissingBackendException missing = (MissingBackendException) cause;
    int tests = identifier.isTest() ? 1 : testsUnder(identifier);
    skipped.merge(missing.backend(), tests, Integer::sum);
    hints.put(missing.backend(), missing.variable() + "=" + missing.example());
  }

  /** Counts a rule of a {@link TraceContextStoreTck} subclass, and whether it was skipped for another reason. */
  private void countTckRule(TestIdentifier identifier, TestExecutionResult result) {
    if (!identifier.isTest()) {
      return;
    }
    String className = identifier.getSource().filter(MethodSource.class::isInstance)
        .map(source -> ((MethodSource) source).getClassName()).orElse(null);
    if (className == null || !isTckSubclass(className)) {
      return;
    }
    int[] counts = tckRules.computeIfAbsent(className, c -> new int[2]);
    counts[0]++;
    Throwable cause = result.getThrowable().orElse(null);
    if (result.getStatus() == TestExecutionResult.Status.ABORTED && !(cause instanceof MissingBackendException)) {
      counts[1]++;
      firstReason.putIfAbsent(className, cause == null ? "no reason given" : String.valueOf(cause.getMessage()));
    }
  }

  private static boolean isTckSubclass(String className) {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type = Class.forName(className, false, loader == null ? TckSkipReport.class.getClassLoader() : loader);
      return type != TraceContextStoreTck.class && TraceContextStoreTck.class.isAssignableFrom(type);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * The line for a TCK class whose every rule was skipped for a reason of its own (its server named
   * by a variable of its own, not through {@link TckBackends}): the store was not tested at all.
   */
  static String everyRuleSkippedLine(String className, int rules, String reason) {
    return "[Parking Lot TCK] WARNING: all " + rules + " rules of " + className + " were SKIPPED, the first"
        + " because: " + reason + " -- BUILD SUCCESS does not mean this store was tested: set what that"
        + " reason names (the variable or server the TCK class needs) and run again.";
  }

  private int testsUnder(TestIdentifier container) {
    TestPlan testPlan = plan;
    if (testPlan == null) {
      return 1;
    }
    int tests = (int) testPlan.getDescendants(container).stream().filter(TestIdentifier::isTest).count();
    return Math.max(1, tests);
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    tckRules.forEach((className, counts) -> {
      if (counts[0] > 0 && counts[1] == counts[0]) {
        out.println(everyRuleSkippedLine(className, counts[0], firstReason.get(className)));
      }
    });
    if (skipped.isEmpty()) {
      return;
    }
    out.println(line("in this module", skipped, hints));
    String dir = System.getProperty(DIR_PROPERTY);
    String build = System.getProperty(BUILD_PROPERTY);
    if (dir != null && !dir.isBlank() && build != null && !build.isBlank()) {
      addToBuildSummary(Paths.get(dir), build.replaceAll("[^A-Za-z0-9_.-]", "_"));
    }
  }

  /** The one line: how many were skipped, per backend, and what would run them. */
  static String line(String where, Map<String, Integer> skipped, Map<String, String> hints) {
    int total = skipped.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder line = new StringBuilder("[Parking Lot TCK] WARNING: ").append(total)
        .append(total == 1 ? " store test was" : " store tests were").append(" SKIPPED ").append(where)
        .append(" for want of a server (");
    String separator = "";
    for (Map.Entry<String, Integer> entry : skipped.entrySet()) {
      line.append(separator).append(entry.getKey()).append(": ").append(entry.getValue());
      separator = ", ";
    }
    line.append("); BUILD SUCCESS does not mean these stores were tested. To run them, set ");
    separator = "";
    for (String hint : hints.values()) {
      line.append(separator).append(hint);
      separator = ", ";
    }
    return line.append(" (servers you run), or start a Docker engine for Testcontainers; ")
        .append(TckBackends.REQUIRE_ALL_VARIABLE).append("=true turns every such skip into a failure.")
        .toString();
  }

  /** Adds this module's counts to the build's and rewrites the build's one line; best effort. */
  private void addToBuildSummary(Path dir, String build) {
    try {
      Files.createDirectories(dir);
      Path counts = dir.resolve(build + ".properties");
      Properties all = new Properties();
      if (Files.exists(counts)) {
        try (var in = Files.newBufferedReader(counts, StandardCharsets.UTF_8)) {
          all.load(in);
        }
      }
      skipped.forEach((backend, n) -> all.setProperty("skipped." + backend,
          Integer.toString(Integer.parseInt(all.getProperty("skipped." + backend, "0")) + n)));
      hints.forEach((backend, hint) -> all.setProperty("hint." + backend, hint));
      try (var writer = Files.newBufferedWriter(counts, StandardCharsets.UTF_8)) {
        all.store(writer, null);
      }
      Map<String, Integer> buildSkipped = new TreeMap<>();
      Map<String, String> buildHints = new TreeMap<>();
      for (String name : all.stringPropertyNames()) {
        if (name.startsWith("skipped.")) {
          buildSkipped.put(name.substring(8), Integer.parseInt(all.getProperty(name)));
        } else if (name.startsWith("hint.")) {
          buildHints.put(name.substring(5), all.getProperty(name));
        }
      }
      Files.writeString(dir.resolve(build + ".txt"), line("in this build", buildSkipped, buildHints) + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      out.println("[Parking Lot TCK] could not write the build's skip summary in " + dir + ": " + e);
    }
  }
}
