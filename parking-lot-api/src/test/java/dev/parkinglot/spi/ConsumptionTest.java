package dev.parkinglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import io.opentelemetry.api.trace.TraceFlags;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsumptionTest {
  private static final long T0 = 1_795_722_583_654L;

  private static StoredTraceContext entry() {
    return StoredTraceContext.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7")
        .traceFlags(TraceFlags.getSampled()).parkedAtMillis(T0).ttl(Duration.ofHours(1))
        .build();
  }

  @Test
  void theTombstoneExpiryIsWorkedOutOnce() {
    Consumption consumption = Consumption.of(Instant.ofEpochMilli(T0 + 1000), Duration.ofMinutes(10));

    assertThat(consumption.consumedAtMillis()).isEqualTo(T0 + 1000);
    assertThat(consumption.graceMillis()).isEqualTo(600_000);
    assertThat(consumption.tombstoneExpiresAtMillis()).isEqualTo(T0 + 1000 + 600_000);
    assertThat(Consumption.atMillis(T0 + 1000, Duration.ofMinutes(10)).tombstoneExpiresAtMillis())
        .isEqualTo(consumption.tombstoneExpiresAtMillis());
  }

  @Test
  void aTombstoneIsTheEntryConsumedUntilTheConsumptionsExpiry() {
    Consumption consumption = Consumption.atMillis(T0 + 5000, Duration.ofHours(2));
    StoredTraceContext tombstone = consumption.tombstoneOf(entry());

    assertThat(tombstone.isConsumed()).isTrue();
    assertThat(tombstone.consumedAtMillis()).isEqualTo(T0 + 5000);
    assertThat(tombstone.expiresAtMillis()).isEqualTo(consumption.tombstoneExpiresAtMillis());
    assertThat(tombstone.parkedAtMillis()).isEqualTo(T0);
    assertThat(tombstone.traceId()).isEqualTo(entry().traceId());
  }

  @Test
  void theExpirySaturatesInsteadOfOverflowing() {
    Consumption late = Consumption.atMillis(Long.MAX_VALUE - 10, ParkingLotLimits.MAX_TTL);
    assertThat(late.tombstoneExpiresAtMillis()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aGraceOutsideTheTtlLimitsIsRejected() {
    assertThatThrownBy(() -> Consumption.atMillis(T0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Consumption.of(Instant.EPOCH, ParkingLotLimits.MAX_TTL.plusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Consumption.of(null, Duration.ofMinutes(1)))
        .isInstanceOf(NullPointerException.class).hasMessage("consumedAt must not be null");
  }
}
