package dev.parkinglot.core;

/**
 * Told when a claim ({@link dev.parkinglot.ParkingLot#retrieve(String)} or a wrapped callback)
 * finds no parked context; the original's {@code onMiss}. Not told about {@code peek}, {@code
 * exists}, a callback whose correlation key could not be computed, or a duplicate (a claim that
 * found the tombstone of a consumed context: it is linked, not missed). Called on the claiming
 * thread, before the callback span starts; it should be quick and must not throw (an exception is
 * logged and otherwise ignored).
 *
 * <pre>{@code
 * ParkingLot lot = ParkingLots.builder()
 *     .store(store)
 *     .missListener((key, reason) -> misses.add(1, Attributes.of(REASON, reason.name())))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface MissListener {
  /** Why a claim found nothing. */
  enum Reason {
    /**
     * Nothing live under the key: never parked, expired, already claimed without duplicate
     * detection, or a tombstone whose grace period ran out.
     */
    NOT_FOUND,
    /** The store failed or held a corrupt entry. */
    STORE_ERROR
  }

  /**
   * Called for a claim that found no live parked context.
   *
   * @param correlationKey the key without the lot's prefix
   * @param reason why nothing was found
   */
  void onMiss(String correlationKey, Reason reason);
}
