package dev.parkinglot.tck;

import java.util.Optional;

/** Starts a backend in a container; the seam between the backend decision and Testcontainers. Not public API. */
interface ContainerLauncher {

  /** Why containers cannot be started here, or empty when they can. */
  Optional<String> unavailableReason();

  /**
   * Starts a container for {@code backend} and returns its URL; called at most once per backend
   * and JVM, and only when {@link #unavailableReason()} is empty.
   */
  String start(TckBackend backend);
}
