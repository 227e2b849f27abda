package dev.parkinglot.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

class TckSkipReportTest {
  private static final BackendResolver NO_SERVERS =
      new BackendResolver(variable -> null, () -> new BackendResolver.NoContainers("no Docker engine here"));

  /** Two tests that skip for want of Redis, one that passes. */
  static class RedisTests {
    @Test
    void first() {
      NO_SERVERS.resolve(TckBackend.REDIS);
    }

    @Test
    void second() {
      NO_SERVERS.resolve(TckBackend.REDIS);
    }

    @Test
    void passes() {}
  }

  /** A class whose setup skips all three of its tests for want of PostgreSQL. */
  static class PostgresClass {
    @BeforeAll
    static void server() {
      NO_SERVERS.resolve(TckBackend.POSTGRES);
    }

    @Test
    void a() {}

    @Test
    void b() {}

    @Test
    void c() {}
  }

  /** A test that skips for another reason: not counted. */
  static class OtherAssumption {
    @Test
    void skipped() {
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "not a missing server");
    }
  }

  /** A store's TCK class that finds its server through a variable of its own, which is not set. */
  static class OwnVariableStoreTck extends TraceContextStoreTck {
    @Override
    protected dev.parkinglot.spi.TraceContextStore createStore(TckContext context) {
      return org.junit.jupiter.api.Assumptions.abort("MY_STORE_URL is not set: no server for MyStore");
    }
  }

  @Test
  void aTckClassWhoseEveryRuleSkippedEndsWithOneLineQuotingTheReason() {
    String out = run(OwnVariableStoreTck.class);

    assertThat(out.lines()).hasSize(1);
    assertThat(out)
        .startsWith("[Parking Lot TCK] WARNING: all ")
        .contains(" rules of " + OwnVariableStoreTck.class.getName() + " were SKIPPED")
        .contains("MY_STORE_URL is not set")
        .contains("BUILD SUCCESS does not mean this store was tested");
  }

  private String savedDir;
  private String savedBuild;

  /**
   * The build sets the whole-build report properties for every test JVM: this test's own fake skips
   * must never reach the build's real summary, so they are cleared around each test.
   */
  @BeforeEach
  void clearBuildReportProperties() {
    savedDir = System.getProperty(TckSkipReport.DIR_PROPERTY);
    savedBuild = System.getProperty(TckSkipReport.BUILD_PROPERTY);
    System.clearProperty(TckSkipReport.DIR_PROPERTY);
    System.clearProperty(TckSkipReport.BUILD_PROPERTY);
  }

  @AfterEach
  void restoreBuildReportProperties() {
    restore(TckSkipReport.DIR_PROPERTY, savedDir);
    restore(TckSkipReport.BUILD_PROPERTY, savedBuild);
  }

  private static String run(Class<?>... classes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (Class<?> c : classes) {
      request.selectors(selectClass(c));
    }
    LauncherDiscoveryRequest built = request.build();
    // Without auto-registration: the services file would add a second report of the same run.
    LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
        .execute(built, new TckSkipReport(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aRunWithSkippedStoreTestsEndsWithOneLineThatCountsThemAndNamesTheVariables() {
    String out = run(RedisTests.class, PostgresClass.class, OtherAssumption.class);

    assertThat(out.lines()).hasSize(1);
    assertThat(out)
        .startsWith("[Parking Lot TCK] WARNING: 5 store tests were SKIPPED in this module")
        .contains("(PostgreSQL: 3, Redis: 2)")
        .contains("PARKINGLOT_TCK_REDIS_URL=redis://127.0.0.1:6379")
        .contains("PARKINGLOT_TCK_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
        .contains("Docker engine for Testcontainers")
        .contains("PARKINGLOT_TCK_REQUIRE_ALL=true");
  }

  @Test
  void theJunitPlatformFindsTheReportThroughItsServicesFile() {
    assertThat(java.util.ServiceLoader.load(org.junit.platform.launcher.TestExecutionListener.class).stream()
            .map(java.util.ServiceLoader.Provider::type))
        .contains(TckSkipReport.class);
  }

  @Test
  void aRunWithoutSuchSkipsPrintsNothing() {
    assertThat(run(OtherAssumption.class)).isEmpty();
  }

  @Test
  void theBuildLineAddsUpEveryModuleOfOneBuild(@TempDir Path dir) throws Exception {
    System.setProperty(TckSkipReport.DIR_PROPERTY, dir.toString());
    System.setProperty(TckSkipReport.BUILD_PROPERTY, "20261202-101010-123");
    run(RedisTests.class);
    run(PostgresClass.class, RedisTests.class);

    assertThat(Files.readString(dir.resolve("20261202-101010-123.txt")))
        .startsWith("[Parking Lot TCK] WARNING: 7 store tests were SKIPPED in this build")
        .contains("(PostgreSQL: 3, Redis: 4)")
        .endsWith("turns every such skip into a failure.\n");
  }

  @Test
  void oneSkippedTestIsSaidInTheSingular() {
    assertThat(TckSkipReport.line("in this module", Map.of("Redis", 1), Map.of("Redis", "V=x")))
        .startsWith("[Parking Lot TCK] WARNING: 1 store test was SKIPPED in this module");
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }
}
