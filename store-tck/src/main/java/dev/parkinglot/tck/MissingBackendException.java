package dev.parkinglot.tck;

import org.opentest4j.TestAbortedException;

/**
 * Aborts (skips) a test because no server for one of the built-in stores' backends was found: no
 * environment variable names one and Testcontainers cannot start one. {@link TckSkipReport} counts
 * these so that a build in which store tests were skipped says so at its end.
 */
public final class MissingBackendException extends TestAbortedException {
  private static final long serialVersionUID = 1L;

  /** The backend's display name. */
  private final String backend;
  /** The environment variable that names a running server of the backend. */
  private final String variable;
  /** An example value of the variable. */
  private final String example;

  MissingBackendException(TckBackend backend, String message) {
    super(message);
    this.backend = backend.displayName;
    this.variable = backend.variable;
    this.example = backend.example;
  }

  /**
   * The backend that was missing.
   *
   * @return its display name: {@code Redis}, {@code PostgreSQL}, {@code MariaDB} or {@code DynamoDB}
   */
  public String backend() {
    return backend;
  }

  /**
   * What would have given the test a server.
   *
   * @return the environment variable that names a running server of this backend
   */
  public String variable() {
    return variable;
  }

  /**
   * An example value of {@link #variable()}.
   *
   * @return the backend on its default local port, as a value of the variable
   */
  public String example() {
    return example;
  }
}
