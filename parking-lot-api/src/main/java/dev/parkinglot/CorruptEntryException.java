package dev.parkinglot;

import org.jspecify.annotations.Nullable;

/**
 * A stored entry exists but cannot be read back as a {@link StoredTraceContext}: malformed JSON,
 * a missing or invalid trace id, a wrong type, or beyond the {@linkplain
 * ParkingLotLimits#MAX_READ_ENTRY_BYTES read bounds}. A corrupt entry is never turned into a
 * different context; the parking lot records this exception on the callback span and runs the
 * handler without a link. It is not a {@link StoreUnavailableException}: the store answered. When
 * the operation that found it also removed it ({@link #removed()}), the message says so.
 */
public class CorruptEntryException extends ParkingLotException {
  private static final long serialVersionUID = 1L;

  private static final String REMOVED =
      "; the consuming operation removed it from the store, so no other reader will find it";

  /** The store key, prefix included, under which the corrupt entry was found. */
  private final String key;
  /** Whether the operation that found the entry removed it from the store. */
  private final boolean removed;

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
    this.removed = false;
  }

  /** The same exception, for an entry the operation that found it removed: see {@link #removedFromStore()}. */
  private CorruptEntryException(CorruptEntryException found) {
    super(found.getMessage() + REMOVED, found.getCause());
    this.key = found.key;
    this.removed = true;
    setStackTrace(found.getStackTrace());
  }

  /**
   * This exception for an entry that the operation which found it (a take, a claim) also removed
   * from the store, as a store does so that a corrupt entry cannot fail every later claim: the
   * message says so, since another writer sharing the store loses the entry too, and the parking
   * lot records the message on the span and in its log.
   *
   * @return an exception with the same key, message (plus the removal) and cause
   */
  public CorruptEntryException removedFromStore() {
    return removed ? this : new CorruptEntryException(this);
  }

  /**
   * Whether the operation that found the corrupt entry removed it from the store ({@link
   * #removedFromStore()}).
   *
   * @return true when the entry is gone from the store
   */
  public boolean removed() {
    return removed;
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
