package dev.parkinglot;

import org.jspecify.annotations.Nullable;

/**
 * A store could not be reached or did not answer: a refused connection, a timeout, an exhausted
 * pool, a throttled request that ran out of retries. Transient by nature; the same call may succeed
 * later on the same store instance.
 */
public class StoreUnavailableException extends ParkingLotException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
