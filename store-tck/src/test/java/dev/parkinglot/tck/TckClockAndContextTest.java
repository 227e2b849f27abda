package dev.parkinglot.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TckClockAndContextTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00.487Z");

  @Test
  void theClockStandsStillUntilMoved() {
    TckClock clock = TckClock.at(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.advance(Duration.ofMillis(1))).isEqualTo(START.plusMillis(1));
    assertThat(clock.instant()).isEqualTo(START.plusMillis(1));
    clock.set(START.minusSeconds(60));
    assertThat(clock.instant()).isEqualTo(START.minusSeconds(60));
  }

  @Test
  void aNegativeAdvanceIsRejectedNamingTheAmount() {
    TckClock clock = TckClock.at(START);

    assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .withMessageContaining("PT-1S");
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void aZonedViewSharesTheTime() {
    TckClock clock = TckClock.at(START);
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));

    assertThat(paris.instant()).isEqualTo(START.plus(Duration.ofHours(1)));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
  }

  @Test
  void aContextHasARandomPrefixAndAMatchingTableName() {
    TckContext context = TckContext.create("required_op01_missingKeyIsNotFound", Clock.systemUTC());
    TckContext other = TckContext.create("required_op01_missingKeyIsNotFound", Clock.systemUTC());

    assertThat(context.keyPrefix()).matches("tck-[0-9a-z]{10}:");
    assertThat(context.name()).matches("tck_[0-9a-z]{10}").isEqualTo("tck_" + context.keyPrefix().substring(4, 14));
    assertThat(context.key("order-1").value()).isEqualTo(context.keyPrefix() + "order-1");
    assertThat(context.ruleName()).isEqualTo("required_op01_missingKeyIsNotFound");
    assertThat(other.keyPrefix()).isNotEqualTo(context.keyPrefix());
  }

  @Test
  void anotherClockKeepsPrefixAndName() {
    TckContext context = TckContext.create("rule", TckClock.at(START));
    TckContext onSystemClock = context.withClock(Clock.systemUTC());

    assertThat(onSystemClock.keyPrefix()).isEqualTo(context.keyPrefix());
    assertThat(onSystemClock.name()).isEqualTo(context.name());
    assertThat(onSystemClock.clock()).isEqualTo(Clock.systemUTC());
  }
}
