package dev.parkinglot.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class BackendResolverTest {
  private final Map<String, String> env = new HashMap<>();
  private final CountingLauncher launcher = new CountingLauncher();
  private final AtomicInteger launcherCreated = new AtomicInteger();
  private final BackendResolver resolver = new BackendResolver(env::get, () -> {
    launcherCreated.incrementAndGet();
    return launcher;
  });

  @Test
  void aConfiguredServerIsUsedAsGivenAndContainersAreNeverTouched() {
    env.put("PARKINGLOT_TCK_REDIS_URL", " redis://127.0.0.1:6379 ");
    env.put("PARKINGLOT_TCK_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    env.put("PARKINGLOT_TCK_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable");
    env.put("PARKINGLOT_TCK_DYNAMODB_ENDPOINT", "http://127.0.0.1:8000");

    assertThat(resolver.resolve(TckBackend.REDIS)).isEqualTo("redis://127.0.0.1:6379");
    assertThat(resolver.resolve(TckBackend.POSTGRES)).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    assertThat(resolver.resolve(TckBackend.MARIADB))
        .isEqualTo("jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable");
    assertThat(resolver.resolve(TckBackend.DYNAMODB)).isEqualTo("http://127.0.0.1:8000");
    assertThat(launcherCreated).as("launcher (Testcontainers) created").hasValue(0);
  }

  @Test
  void noServerAndNoDockerAbortsWithAReasonNamingTheVariable() {
    launcher.unavailable = "Testcontainers found no Docker engine";

    assertThatThrownBy(() -> resolver.resolve(TckBackend.REDIS))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("no Redis server for the TCK")
        .hasMessageContaining("PARKINGLOT_TCK_REDIS_URL=redis://127.0.0.1:6379")
        .hasMessageContaining("Testcontainers found no Docker engine");
    assertThat(launcher.starts).hasValue(0);
  }

  @Test
  void aBlankVariableCountsAsUnset() {
    env.put("PARKINGLOT_TCK_DYNAMODB_ENDPOINT", "   ");
    launcher.unavailable = "no engine";

    assertThatThrownBy(() -> resolver.resolve(TckBackend.DYNAMODB))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("PARKINGLOT_TCK_DYNAMODB_ENDPOINT=http://127.0.0.1:8000");
  }

  @Test
  void noServerAndNoDockerFailsWhenEveryBackendIsRequired() {
    env.put("PARKINGLOT_TCK_REQUIRE_ALL", "true");
    launcher.unavailable = "Testcontainers found no Docker engine";

    assertThatThrownBy(() -> resolver.resolve(TckBackend.POSTGRES))
        .isInstanceOf(AssertionFailedError.class)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("set PARKINGLOT_TCK_POSTGRES_URL")
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
        .hasMessageContaining("PARKINGLOT_TCK_REQUIRE_ALL=true makes this a failure");
  }

  @Test
  void requireAllOtherThanTrueStillSkips() {
    env.put("PARKINGLOT_TCK_REQUIRE_ALL", "false");
    launcher.unavailable = "no engine";

    assertThatThrownBy(() -> resolver.resolve(TckBackend.MARIADB)).isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("PARKINGLOT_TCK_MARIADB_URL=jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable");
  }

  @Test
  void withDockerEachBackendIsStartedOncePerResolver() {
    assertThat(resolver.resolve(TckBackend.REDIS)).isEqualTo("redis://container-host:16379");
    assertThat(resolver.resolve(TckBackend.REDIS)).isEqualTo("redis://container-host:16379");
    assertThat(resolver.resolve(TckBackend.POSTGRES))
        .isEqualTo("jdbc:postgresql://container-host:15432/test?user=postgres");

    assertThat(launcher.starts).hasValue(2);
    assertThat(launcherCreated).hasValue(1);
  }

  @Test
  void aContainerThatFailsToStartIsAFailureNamingImageAndVariable() {
    launcher.failStart = true;

    assertThatThrownBy(() -> resolver.resolve(TckBackend.MARIADB))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mariadb:11")
        .hasMessageContaining("PARKINGLOT_TCK_MARIADB_URL")
        .hasRootCauseMessage("pull refused");
  }

  @Test
  void withoutTestcontainersTheReasonSaysWhatToAdd() {
    ContainerLauncher none = new BackendResolver.NoContainers("Testcontainers is not on the test class path");
    BackendResolver withoutTestcontainers = new BackendResolver(env::get, () -> none);

    assertThatThrownBy(() -> withoutTestcontainers.resolve(TckBackend.REDIS))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("Testcontainers is not on the test class path");
  }

  @Test
  void containerUrlsFollowTheDocumentedShapes() {
    assertThat(TckBackend.MARIADB.url("h", 1)).isEqualTo("jdbc:mariadb://h:1/test?user=root&sslMode=disable");
    assertThat(TckBackend.DYNAMODB.url("h", 2)).isEqualTo("http://h:2");
    assertThat(TckBackend.POSTGRES.containerEnvironment).containsEntry("POSTGRES_HOST_AUTH_METHOD", "trust");
    assertThat(TckBackend.MARIADB.containerEnvironment)
        .containsEntry("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1").containsEntry("MARIADB_DATABASE", "test");
    assertThat(TckBackends.REQUIRE_ALL_VARIABLE).isEqualTo("PARKINGLOT_TCK_REQUIRE_ALL");
  }

  /** A launcher of our own seam that pretends Docker is there (or not) and counts the starts. */
  private static final class CountingLauncher implements ContainerLauncher {
    @Nullable String unavailable;
    boolean failStart;
    final AtomicInteger starts = new AtomicInteger();

    @Override
    public Optional<String> unavailableReason() {
      return Optional.ofNullable(unavailable);
    }

    @Override
    public String start(TckBackend backend) {
      starts.incrementAndGet();
      if (failStart) {
        throw new IllegalStateException("pull refused");
      }
      return backend.url("container-host", 10000 + backend.port);
    }
  }
}
