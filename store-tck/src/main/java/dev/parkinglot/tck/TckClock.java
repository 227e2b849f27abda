package dev.parkinglot.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it: the TCK creates stores with one so that expiry
 * rules run without sleeping. Thread-safe; {@link #withZone(ZoneId)} returns a view that shares the
 * same time, so moving either moves both.
 *
 * <pre>{@code
 * TckClock clock = TckClock.at(Instant.parse("2030-01-01T00:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * clock.instant(); // 2030-01-01T00:05:00Z
 * }</pre>
 */
public final class TckClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private TckClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * A clock standing at {@code start}, in UTC.
   *
   * @param start the time the clock starts at
   * @return a new clock
   * @throws NullPointerException if {@code start} is null
   */
  public static TckClock at(Instant start) {
    return new TckClock(
        new AtomicReference<>(Objects.requireNonNull(start, "start must not be null")), ZoneOffset.UTC);
  }

  /**
   * Moves the clock forward by {@code amount}.
   *
   * @param amount how far to move, not negative
   * @return the new time
   * @throws NullPointerException if {@code amount} is null
   * @throws IllegalArgumentException if {@code amount} is negative (use {@link #set(Instant)} to go back)
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount must not be null");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative, was " + amount + "; use set(Instant)");
    }
    return now.updateAndGet(current -> current.plus(amount));
  }

  /**
   * Sets the clock to {@code instant}, forwards or backwards.
   *
   * @param instant the new time
   * @throws NullPointerException if {@code instant} is null
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant must not be null"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public long millis() {
    return now.get().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time. */
  @Override
  public Clock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone must not be null");
    return zone.equals(this.zone) ? this : new TckClock(now, zone);
  }

  @Override
  public String toString() {
    return "TckClock[" + now.get() + "," + zone + "]";
  }
}
