package dev.parkinglot.tck;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;

/**
 * Decides where a backend for the TCK comes from: an environment variable naming a running server,
 * else a container where Docker runs, else a skip with a reason, or a failure when {@value
 * #REQUIRE_ALL} is {@code true}. The environment and the launcher are injected so that the decision
 * is tested without Docker. Not public API.
 */
final class BackendResolver {
  static final String REQUIRE_ALL = "PARKINGLOT_TCK_REQUIRE_ALL";
  private static final String TESTCONTAINERS_PROBE = "org.testcontainers.DockerClientFactory";

  private final Function<String, @Nullable String> environment;
  private final Supplier<ContainerLauncher> launcherFactory;
  private final Map<TckBackend, String> started = new ConcurrentHashMap<>();
  private @Nullable ContainerLauncher launcher;

  BackendResolver(Function<String, @Nullable String> environment, Supplier<ContainerLauncher> launcherFactory) {
    this.environment = environment;
    this.launcherFactory = launcherFactory;
  }

  /** The resolver of this JVM: the process environment, and Testcontainers when it is on the class path. */
  static BackendResolver system() {
    return new BackendResolver(System::getenv, BackendResolver::defaultLauncher);
  }

  /**
   * The URL of {@code backend}.
   *
   * @throws org.opentest4j.TestAbortedException when there is none and {@value #REQUIRE_ALL} is not true
   * @throws org.opentest4j.AssertionFailedError when there is none and {@value #REQUIRE_ALL} is true
   */
  String resolve(TckBackend backend) {
    String configured = value(backend.variable);
    if (configured != null) {
      return configured;
    }
    String running = started.get(backend);
    if (running != null) {
      return running;
    }
    ContainerLauncher containers = launcher();
    Optional<String> unavailable = containers.unavailableReason();
    if (unavailable.isEmpty()) {
      return started.computeIfAbsent(backend, b -> start(containers, b));
    }
    String missing = "no " + backend.displayName + " server for the TCK: set " + backend.variable
        + " to a running one (for example " + backend.variable + "=" + backend.example + "); "
        + unavailable.get();
    if ("true".equalsIgnoreCase(value(REQUIRE_ALL))) {
      return Assertions.fail(missing + ". " + REQUIRE_ALL + "=true makes this a failure instead of a skip");
    }
    throw new MissingBackendException(backend, missing);
  }

  private synchronized ContainerLauncher launcher() {
    if (launcher == null) {
      launcher = launcherFactory.get();
    }
    return launcher;
  }

  private static String start(ContainerLauncher containers, TckBackend backend) {
    try {
      return containers.start(backend);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "could not start a " + backend.image + " container for the TCK (or set " + backend.variable
              + " to a running server): " + e.getMessage(), e);
    }
  }

  private @Nullable String value(String variable) {
    String value = environment.apply(variable);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static ContainerLauncher defaultLauncher() {
    try {
      Class.forName(TESTCONTAINERS_PROBE, false, BackendResolver.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return new NoContainers(
          "Testcontainers is not on the test class path (add org.testcontainers:testcontainers to start one)");
    }
    return new TestcontainersLauncher();
  }

  /** A launcher that never starts anything, with the reason why. */
  static final class NoContainers implements ContainerLauncher {
    private final String reason;

    NoContainers(String reason) {
      this.reason = reason;
    }

    @Override
    public Optional<String> unavailableReason() {
      return Optional.of(reason);
    }

    @Override
    public String start(TckBackend backend) {
      throw new IllegalStateException(reason);
    }
  }
}
