package dev.parkinglot;

/**
 * Thrown by a callback configured with {@link CallbackConfig.Builder#requireParkedContext(boolean)}
 * when no live parked context exists under its correlation key (never parked, expired, already
 * claimed, or unreadable).
 */
public class ParkedContextNotFoundException extends ParkingLotException {
  private static final long serialVersionUID = 1L;

  private final String correlationKey;

  public ParkedContextNotFoundException(String correlationKey, String reason) {
    super("required parked context not found for correlation key '" + correlationKey + "': " + reason);
    this.correlationKey = correlationKey;
  }

  /** The correlation key (without the lot's prefix) that had no parked context. */
  public String correlationKey() {
    return correlationKey;
  }
}
