package dev.parkinglot;

/**
 * A bounded store refused a new entry because it holds as many entries as it may. The store does
 * not grow past its limit and does not evict a live entry silently to make room.
 */
public class StoreFullException extends ParkingLotException {
  private static final long serialVersionUID = 1L;

  /** The maximum number of entries the store may hold. */
  private final long capacity;

  /**
   * Creates the exception for a store that holds {@code capacity} entries.
   *
   * @param message what was refused, and why
   * @param capacity the maximum number of entries the store may hold
   */
  public StoreFullException(String message, long capacity) {
    super(message);
    this.capacity = capacity;
  }

  /**
   * The maximum number of entries the store is configured to hold.
   *
   * @return the capacity in entries
   */
  public long capacity() {
    return capacity;
  }
}
