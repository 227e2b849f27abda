package dev.parkinglot;

/**
 * A bounded store refused a new entry because it holds as many entries as it may. The store does
 * not grow past its limit and does not evict a live entry silently to make room.
 */
public class StoreFullException extends ParkingLotException {
  private static final long serialVersionUID = 1L;

  private final long capacity;

  public StoreFullException(String message, long capacity) {
    super(message);
    this.capacity = capacity;
  }

  /** The maximum number of entries the store is configured to hold. */
  public long capacity() {
    return capacity;
  }
}
