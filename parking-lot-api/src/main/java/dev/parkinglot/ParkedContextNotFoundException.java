package dev.parkinglot;

/**
 * Thrown by a callback configured with {@link CallbackConfig.Builder#requireParkedContext(boolean)}
 * when no live parked context exists under its correlation key (never parked, expired, already
 * claimed, or unreadable) and no valid ticket was carried by the event.
 */
public class ParkedContextNotFoundException extends ParkingLotException {
  private static final long serialVersionUID = 1L;

  /**
   * The correlation key that had no parked context, without the lot's prefix; empty when there was
   * none.
   */
  private final String correlationKey;

  /**
   * Creates the exception for a callback that required a parked context and found none.
   *
   * @param correlationKey the key without the lot's prefix, as the event gave it (it may be one that
   *     failed its check); empty for a callback without one (a ticket-only callback), and the message
   *     then names no key. The message shows it {@linkplain ParkingLotLimits#printable(String)
   *     bounded and escaped}.
   * @param reason why nothing was found
   */
  public ParkedContextNotFoundException(String correlationKey, String reason) {
    super(correlationKey.isEmpty()
        ? "required parked context not found: " + reason
        : "required parked context not found for correlation key '"
            + ParkingLotLimits.printable(correlationKey) + "': " + reason);
    this.correlationKey = correlationKey;
  }

  /**
   * The correlation key (without the lot's prefix) that had no parked context, as the event gave it
   * (unbounded and unescaped, unlike the message); empty when there was none.
   *
   * @return the correlation key, or an empty string
   */
  public String correlationKey() {
    return correlationKey;
  }
}
