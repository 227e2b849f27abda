package dev.parkinglot.bench;

import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoredTraceContext;
import java.util.Optional;

/*
 * Benchmarks check the outcome of each operation they measure, at the cost of a branch: a setup
 * mistake (no current span, an exhausted key ring, a store that refuses entries) must fail the run
 * instead of producing a fast number for work that was not done. The smoke run relies on this.
 */

/** Cheap outcome checks used inside measured code. */
final class ParkedCheck {
  private ParkedCheck() {}

  /**
   * Returns {@code result} if it parked.
   *
   * @throws IllegalStateException if it did not
   */
  static ParkResult parked(ParkResult result) {
    if (!result.isParked()) {
      throw new IllegalStateException("benchmark expected a park, got " + result);
    }
    return result;
  }

  /**
   * Returns {@code value} if {@code found}.
   *
   * @throws IllegalStateException naming {@code key} if not
   */
  static <T> T found(boolean found, T value, String key) {
    if (!found) {
      throw new IllegalStateException("benchmark expected a parked context under '" + key + "', found none");
    }
    return value;
  }

  /**
   * {@code lot.park(key)} then {@code lot.retrieve(key)}, both checked: the pair most benchmarks measure.
   *
   * @return the retrieved context
   * @throws IllegalStateException if the park stored nothing or the retrieve found nothing
   */
  static StoredTraceContext parkThenRetrieve(ParkingLot lot, String key) {
    parked(lot.park(key));
    Optional<StoredTraceContext> claimed = lot.retrieve(key);
    return found(claimed.isPresent(), claimed, key).get();
  }
}
