package dev.parkinglot;

import org.jspecify.annotations.Nullable;

/**
 * A store could not be reached or did not answer: a refused connection, a timeout, an exhausted
 * pool, a throttled request that ran out of retries. Transient by nature; the same call may succeed
 * later on the same store instance.
 */
public class StoreUnavailableException extends ParkingLotException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message and the backend's exception.
   *
   * @param message what could not be done
   * @param cause the backend's exception, or null
   */
  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
