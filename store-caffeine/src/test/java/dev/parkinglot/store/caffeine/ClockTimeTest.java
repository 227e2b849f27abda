package dev.parkinglot.store.caffeine;

import dev.parkinglot.tck.TckClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.tck.TckData;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockTimeTest {
  private final TckClock clock = TckClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private final ClockTime time = new ClockTime(clock);

  @Test
  void tickerReadsTheClocksMillisecondsSinceTheStoreWasBuiltAsNanos() {
    assertThat(time.read()).isZero();

    clock.advance(Duration.ofMillis(1500));
    assertThat(time.read()).isEqualTo(1_500_000_000L);

    clock.set(Instant.ofEpochMilli(clock.millis() - 2000));
    assertThat(time.read()).isEqualTo(-500_000_000L);
  }

  @Test
  void createAndUpdateGiveTheTimeLeftUntilTheEntrysOwnDeadline() {
    StoredTraceContext context = TckData.sample(2, clock.millis() - 1000, Duration.ofSeconds(10)).build();

    assertThat(time.expireAfterCreate("k", context, time.read())).isEqualTo(9_000_000_000L);
    clock.advance(Duration.ofSeconds(4));
    assertThat(time.expireAfterUpdate("k", context, time.read(), 123L)).isEqualTo(5_000_000_000L);
  }

  @Test
  void readKeepsTheCurrentDuration() {
    StoredTraceContext context = TckData.sample(2, clock.millis(), Duration.ofSeconds(10)).build();

    assertThat(time.expireAfterRead("k", context, time.read(), 42L)).isEqualTo(42L);
  }

  @Test
  void aPassedDeadlineGivesZeroNotANegativeDuration() {
    StoredTraceContext context = TckData.sample(2, clock.millis() - 60_000, Duration.ofSeconds(10)).build();

    assertThat(time.expireAfterCreate("k", context, time.read())).isZero();
    assertThat(time.expireAfterCreate("k", context, Long.MAX_VALUE)).isZero();
  }

  @Test
  void farDeadlinesSaturateInsteadOfOverflowing() {
    // Parked near the end of time: expiresAtMillis saturates at Long.MAX_VALUE.
    StoredTraceContext context = TckData.sample(2, Long.MAX_VALUE - 10, ParkingLotLimits.MAX_TTL).build();
    assertThat(context.expiresAtMillis()).isEqualTo(Long.MAX_VALUE);

    assertThat(time.expireAfterCreate("k", context, time.read())).isEqualTo(Long.MAX_VALUE);
    assertThat(time.expireAfterCreate("k", context, Long.MIN_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void tickerSaturatesForAClockCenturiesAway() {
    clock.set(Instant.ofEpochMilli(Long.MAX_VALUE));
    assertThat(time.read()).isEqualTo(Long.MAX_VALUE);

    clock.set(Instant.ofEpochMilli(Long.MIN_VALUE));
    assertThat(time.read()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void millisecondsConvertToNanosWithSaturation() {
    assertThat(ClockTime.toNanos(3)).isEqualTo(3_000_000L);
    assertThat(ClockTime.toNanos(Long.MAX_VALUE / 1_000_000L + 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(ClockTime.toNanos(Long.MIN_VALUE / 1_000_000L - 1)).isEqualTo(Long.MIN_VALUE);
  }
}
