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

  private final String key;

  public CorruptEntryException(String key, String message, @Nullable Throwable cause) {
    super("corrupt parked entry under key '" + key + "': " + message, cause);
    this.key = key;
  }

  /** The store key (prefix included) under which the corrupt entry was found. */
  public String key() {
    return key;
  }
}
