package dev.parkinglot;

import org.jspecify.annotations.Nullable;

/**
 * A stored entry exists but cannot be read back as a {@link StoredTraceContext}: malformed JSON,
 * a missing or invalid trace id, a wrong type. A corrupt entry is never turned into a different
 * context; the parking lot records this exception on the callback span and runs the handler without
 * a link.
 */
public class CorruptEntryException extends ParkingLotException {
  private static final long serialVersionUID = 1L;

  /** The store key, prefix included, under which the corrupt entry was found. */
  private final String key;

  /**
   * Creates the exception for the entry under {@code key}; the message names the key.
   *
   * @param key the store key, prefix included, of the corrupt entry
   * @param message what is wrong with the entry
   * @param cause the decoder's exception, or null
   */
  public CorruptEntryException(String key, String message, @Nullable Throwable cause) {
    super("corrupt parked entry under key '" + ParkingLotLimits.printable(key) + "': " + message, cause);
    this.key = key;
  }

  /**
   * The store key (prefix included) under which the corrupt entry was found.
   *
   * @return the store key
   */
  public String key() {
    return key;
  }
}
