package dev.parkinglot;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception this library throws on purpose. Unchecked: callers that want fail-open
 * behaviour get it from the parking lot itself and never need to catch anything.
 *
 * <p>Backend exceptions (a Jedis connection error, an {@code SQLException}, an AWS SDK exception)
 * are never thrown as they are; they are the {@linkplain #getCause() cause} of one of these.
 */
public class ParkingLotException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what went wrong
   */
  public ParkingLotException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what went wrong
   * @param cause the backend's exception, or null
   */
  public ParkingLotException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
