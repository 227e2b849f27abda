package dev.parkinglot.core;

/** Told when a claim finds no parked context; the original's {@code onMiss}. Must not throw. */
@FunctionalInterface
public interface MissListener {
  /** Why a claim found nothing. */
  enum Reason {
    /** Nothing live under the key: never parked, expired, or already claimed. */
    NOT_FOUND,
    /** The store failed or held a corrupt entry. */
    STORE_ERROR
  }

  /**
   * @param correlationKey the key without the lot's prefix
   * @param reason why nothing was found
   */
  void onMiss(String correlationKey, Reason reason);
}
