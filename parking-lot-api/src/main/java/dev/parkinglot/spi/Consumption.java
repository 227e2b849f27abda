package dev.parkinglot.spi;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a consuming {@link TraceContextStore#claim(StoreKey, Consumption) claim} writes: the
 * consumption time and the tombstone's life, with the tombstone's expiry worked out once (saturated
 * at {@link Long#MAX_VALUE}), so that no store repeats the arithmetic. The lot makes one per claim.
 */
public final class Consumption {
  // Two longs (32 bytes with the header): one is made per consuming claim.
  private final long consumedAtMillis;
  private final long tombstoneExpiresAtMillis;

  private Consumption(long consumedAtMillis, long graceMillis) {
    this.consumedAtMillis = consumedAtMillis;
    this.tombstoneExpiresAtMillis =
        consumedAtMillis > Long.MAX_VALUE - graceMillis ? Long.MAX_VALUE : consumedAtMillis + graceMillis;
  }

  /**
   * A consumption at {@code consumedAt} whose tombstone lives for {@code grace}.
   *
   * @param consumedAt when the context is consumed
   * @param grace how long the tombstone lives after {@code consumedAt}
   * @return the consumption
   * @throws NullPointerException if either is null
   * @throws IllegalArgumentException if {@code grace} breaks {@link ParkingLotLimits#checkTtl(Duration)}
   */
  public static Consumption of(Instant consumedAt, Duration grace) {
    Objects.requireNonNull(consumedAt, "consumedAt must not be null");
    return new Consumption(consumedAt.toEpochMilli(), ParkingLotLimits.checkTtl(grace).toMillis());
  }

  /**
   * {@link #of(Instant, Duration)} in epoch milliseconds, for a lot that reads its clock as {@code
   * millis()}; the grace was checked when the lot was built.
   *
   * @param consumedAtMillis when the context is consumed, in epoch milliseconds
   * @param grace how long the tombstone lives, checked by {@link ParkingLotLimits#checkTtl(Duration)}
   * @return the consumption
   * @throws IllegalArgumentException if {@code grace} breaks the ttl limits
   */
  public static Consumption atMillis(long consumedAtMillis, Duration grace) {
    return new Consumption(consumedAtMillis, ParkingLotLimits.checkTtl(grace).toMillis());
  }

  /**
   * When the context is consumed.
   *
   * @return the consumption time in epoch milliseconds
   */
  public long consumedAtMillis() {
    return consumedAtMillis;
  }

  /**
   * How long the tombstone lives after {@link #consumedAtMillis()}.
   *
   * @return the grace in milliseconds, at least 1 (less than given only where the expiry saturated)
   */
  public long graceMillis() {
    return tombstoneExpiresAtMillis - consumedAtMillis;
  }

  /**
   * When the tombstone expires: {@link #consumedAtMillis()} plus {@link #graceMillis()}, saturated
   * at {@link Long#MAX_VALUE}.
   *
   * @return the tombstone's expiry in epoch milliseconds
   */
  public long tombstoneExpiresAtMillis() {
    return tombstoneExpiresAtMillis;
  }

  /**
   * The tombstone of {@code entry}: {@link StoredTraceContext#asConsumed(Consumption)}.
   *
   * @param entry the live entry being consumed
   * @return its tombstone
   */
  public StoredTraceContext tombstoneOf(StoredTraceContext entry) {
    return entry.asConsumed(this);
  }

  /**
   * A description for logs.
   *
   * @return the consumption time and the grace
   */
  @Override
  public String toString() {
    return "Consumption{consumedAtMillis=" + consumedAtMillis + ", tombstoneExpiresAtMillis="
        + tombstoneExpiresAtMillis + '}';
  }
}
