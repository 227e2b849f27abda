package dev.parkinglot.tck;

import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/*
 * The only class that names Testcontainers, an optional dependency of the TCK: BackendResolver
 * loads it only after checking that Testcontainers is on the class path, and only when no
 * environment variable names a server, so a run against configured servers never touches Docker.
 * Containers are left running until the JVM exits (Testcontainers' reaper removes them), so every
 * test class of one run shares them.
 */

/** Starts backends with Testcontainers' GenericContainer. Not public API. */
final class TestcontainersLauncher implements ContainerLauncher {

  @Override
  public Optional<String> unavailableReason() {
    return DockerClientFactory.instance().isDockerAvailable()
        ? Optional.empty()
        : Optional.of("Testcontainers found no Docker engine");
  }

  @Override
  public String start(TckBackend backend) {
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(backend.image));
    container.withExposedPorts(backend.port);
    backend.containerEnvironment.forEach(container::withEnv);
    if (backend.readyLogPattern != null) {
      container.waitingFor(Wait.forLogMessage(backend.readyLogPattern, backend.readyLogTimes));
    } else {
      container.waitingFor(Wait.forListeningPort());
    }
    container.start();
    return backend.url(container.getHost(), container.getMappedPort(backend.port));
  }
}
