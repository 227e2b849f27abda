package dev.parkinglot.store.caffeine;

import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.parkinglot.StoredTraceContext;
import java.time.Clock;

/*
 * Caffeine measures time in nanoseconds from an arbitrary origin through its Ticker; the store
 * decides expiry in epoch milliseconds from an injected Clock. This class is both sides of the
 * bridge, so the two cannot drift apart:
 *
 * - read() is (clock.millis() - originMillis) * 1_000_000. The origin (the clock's reading when the
 *   store was built) keeps the numbers small, so Caffeine's own "now + duration" never comes near
 *   overflow whatever instant a test clock is set to. Every tick is a whole millisecond, the unit of
 *   StoredTraceContext's times.
 * - expireAfterCreate/Update turn the entry's own expiresAtMillis into "nanos from Caffeine's now".
 *   Caffeine hands us the ticker reading it is about to use, so we convert that back to epoch millis
 *   instead of asking the clock a second time: Caffeine then stores exactly expiresAtMillis as the
 *   entry's deadline (origin + now + (expiresAt - origin - now)). Past deadlines give 0 (expire at
 *   once); far ones saturate instead of overflowing.
 * - expireAfterRead keeps the current duration: reading a parked context does not extend its life.
 */

/** Our {@link Clock} as Caffeine's {@link Ticker}, and each entry's own deadline as its {@link Expiry}. */
final class ClockTime implements Ticker, Expiry<String, StoredTraceContext> {
  static final long NANOS_PER_MILLI = 1_000_000L;

  private final Clock clock;
  private final long originMillis;

  ClockTime(Clock clock) {
    this.clock = clock;
    this.originMillis = clock.millis();
  }

  /** The clock's milliseconds since the origin, as nanoseconds (saturating). */
  @Override
  public long read() {
    return toNanos(saturatedSubtract(clock.millis(), originMillis));
  }

  @Override
  public long expireAfterCreate(String key, StoredTraceContext value, long currentTime) {
    return nanosUntilExpiry(value, currentTime);
  }

  @Override
  public long expireAfterUpdate(
      String key, StoredTraceContext value, long currentTime, long currentDuration) {
    return nanosUntilExpiry(value, currentTime);
  }

  @Override
  public long expireAfterRead(
      String key, StoredTraceContext value, long currentTime, long currentDuration) {
    return currentDuration;
  }

  /** Nanoseconds from the ticker reading {@code currentTime} until the entry expires; 0 if it has. */
  long nanosUntilExpiry(StoredTraceContext value, long currentTime) {
    long nowMillis = saturatedAdd(originMillis, currentTime / NANOS_PER_MILLI);
    long remainingMillis = saturatedSubtract(value.expiresAtMillis(), nowMillis);
    return remainingMillis <= 0 ? 0 : toNanos(remainingMillis);
  }

  static long toNanos(long millis) {
    if (millis > Long.MAX_VALUE / NANOS_PER_MILLI) {
      return Long.MAX_VALUE;
    }
    if (millis < Long.MIN_VALUE / NANOS_PER_MILLI) {
      return Long.MIN_VALUE;
    }
    return millis * NANOS_PER_MILLI;
  }

  private static long saturatedSubtract(long a, long b) {
    long result = a - b;
    // Overflow only if the operands have different signs and the result's sign differs from a's.
    if (((a ^ b) & (a ^ result)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return result;
  }

  private static long saturatedAdd(long a, long b) {
    long result = a + b;
    if (((a ^ result) & (b ^ result)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return result;
  }

  @Override
  public String toString() {
    return "ClockTime{clock=" + clock + '}';
  }
}
