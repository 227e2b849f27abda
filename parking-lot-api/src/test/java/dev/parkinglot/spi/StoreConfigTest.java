package dev.parkinglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreConfigTest {
  private static final String POOL = "parkinglot.redis.pool-size";

  private static StoreConfig config(String property, String value) {
    return StoreConfig.builder().property(property, value).build();
  }

  @Test
  void environmentVariableNamesAreUpperCaseWithUnderscores() {
    assertThat(StoreConfig.environmentVariableName(POOL)).isEqualTo("PARKINGLOT_REDIS_POOL_SIZE");
    assertThat(StoreConfig.environmentVariableName("parkinglot.store")).isEqualTo("PARKINGLOT_STORE");
    assertThat(StoreConfig.environmentVariableName("parkinglot.memory.sweep-interval"))
        .isEqualTo("PARKINGLOT_MEMORY_SWEEP_INTERVAL");
  }

  @Test
  void aPropertyBeatsTheEnvironment() {
    StoreConfig config = StoreConfig.builder()
        .property("parkinglot.store", "redis")
        .environment(Map.of("PARKINGLOT_STORE", "jdbc", "PARKINGLOT_REDIS_POOL_SIZE", "16"))
        .build();
    assertThat(config.get("parkinglot.store")).contains("redis");
    assertThat(config.get(POOL)).as("falls back to the environment").contains("16");
    assertThat(config.getInt(POOL, 8, 1, 64)).isEqualTo(16);
  }

  @Test
  void unsetAndBlankSettingsAreEmptyAndValuesAreTrimmed() {
    StoreConfig config = StoreConfig.builder()
        .property("parkinglot.a", "  value  ")
        .property("parkinglot.blank", "   ")
        .environment(Map.of("PARKINGLOT_C", ""))
        .build();
    assertThat(config.get("parkinglot.a")).contains("value");
    assertThat(config.get("parkinglot.blank")).isEmpty();
    assertThat(config.get("parkinglot.c")).isEmpty();
    assertThat(config.get("parkinglot.unset")).isEmpty();
  }

  @Test
  void ofReadsOnlyTheGivenProperties() {
    StoreConfig config = StoreConfig.of(Map.of("parkinglot.store", "memory"));
    assertThat(config.get("parkinglot.store")).contains("memory");
    assertThat(config.get("path")).as("never the process environment").isEmpty();
  }

  @Test
  void fromSystemReadsSystemPropertiesFirst() {
    String name = "parkinglot.test-only." + System.nanoTime();
    System.setProperty(name, "from-property");
    try {
      assertThat(StoreConfig.fromSystem().get(name)).contains("from-property");
    } finally {
      System.clearProperty(name);
    }
  }

  @Test
  void requireNamesThePropertyAndItsVariable() {
    assertThat(config("parkinglot.redis.url", "redis://h:6379").require("parkinglot.redis.url"))
        .isEqualTo("redis://h:6379");
    assertThatThrownBy(() -> StoreConfig.builder().build().require("parkinglot.redis.url"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("required setting parkinglot.redis.url (environment variable PARKINGLOT_REDIS_URL) is not set");
  }

  @Test
  void getIntParsesAndChecksTheRange() {
    assertThat(StoreConfig.builder().build().getInt(POOL, 8, 1, 64)).isEqualTo(8);
    assertThat(config(POOL, "64").getInt(POOL, 8, 1, 64)).isEqualTo(64);
    assertThat(config(POOL, "1").getInt(POOL, 8, 1, 64)).isEqualTo(1);
    assertThatThrownBy(() -> config(POOL, "65").getInt(POOL, 8, 1, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.redis.pool-size must be between 1 and 64, was 65");
    assertThatThrownBy(() -> config(POOL, "0").getInt(POOL, 8, 1, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.redis.pool-size must be between 1 and 64, was 0");
    assertThatThrownBy(() -> config(POOL, "eight").getInt(POOL, 8, 1, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.redis.pool-size must be an integer between 1 and 64, was 'eight'")
        .hasCauseInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> config(POOL, "99999999999").getInt(POOL, 8, 1, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.redis.pool-size must be an integer between 1 and 64, was '99999999999'");
  }

  @Test
  void getLongParsesAndChecksTheRange() {
    String p = "parkinglot.memory.max-bytes";
    assertThat(config(p, "99999999999").getLong(p, 1, 1, Long.MAX_VALUE)).isEqualTo(99_999_999_999L);
    assertThat(StoreConfig.builder().build().getLong(p, 7, 1, 10)).isEqualTo(7);
    assertThatThrownBy(() -> config(p, "11").getLong(p, 1, 1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.memory.max-bytes must be between 1 and 10, was 11");
    assertThatThrownBy(() -> config(p, "1.5").getLong(p, 1, 1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.memory.max-bytes must be an integer between 1 and 10, was '1.5'");
  }

  @ParameterizedTest
  @CsvSource({"true,true", "TRUE,true", "True,true", "false,false", "FALSE,false"})
  void getBooleanAcceptsTrueAndFalseInAnyCase(String raw, boolean expected) {
    String p = "parkinglot.propagate-store-errors";
    assertThat(config(p, raw).getBoolean(p, !expected)).isEqualTo(expected);
  }

  @Test
  void getBooleanRejectsAnythingElse() {
    String p = "parkinglot.propagate-store-errors";
    assertThat(StoreConfig.builder().build().getBoolean(p, true)).isTrue();
    assertThatThrownBy(() -> config(p, "yes").getBoolean(p, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.propagate-store-errors must be true or false, was 'yes'");
  }

  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "30s,PT30S", "5m,PT5M", "2h,PT2H", "1d,PT24H", "PT30S,PT30S", "pt1h30m,PT1H30M",
      "0s,PT0S", "10 s,PT10S", "2H,PT2H"})
  void getDurationAcceptsUnitsAndIso8601(String raw, String expected) {
    String p = "parkinglot.default-ttl";
    assertThat(config(p, raw).getDuration(p, Duration.ofHours(24), Duration.ZERO, Duration.ofDays(366)))
        .isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "5x", "1.5s", "-5s", "s", "P", "ms5", "99999999999999999999d", "9999999999999999d"})
  void getDurationRejectsWhatItCannotParseNamingPropertyAndValue(String raw) {
    String p = "parkinglot.default-ttl";
    assertThatThrownBy(() -> config(p, raw).getDuration(p, Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.default-ttl must be a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S, was '"
            + raw + "'");
  }

  @Test
  void getDurationChecksTheRangeNamingTheLimits() {
    String p = "parkinglot.memory.sweep-interval";
    Duration minute = Duration.ofMinutes(1);
    Duration day = Duration.ofDays(1);
    assertThat(StoreConfig.builder().build().getDuration(p, minute, Duration.ZERO, day)).isEqualTo(minute);
    assertThatThrownBy(() -> config(p, "2d").getDuration(p, minute, Duration.ZERO, day))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.memory.sweep-interval must be between PT0S and PT24H, was 2d");
    assertThatThrownBy(() -> config(p, "PT-1S").getDuration(p, minute, Duration.ZERO, day))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parkinglot.memory.sweep-interval must be between PT0S and PT24H, was PT-1S");
  }

  @Test
  void toStringNamesSettingsButNeverShowsValues() {
    StoreConfig config = StoreConfig.builder()
        .property("parkinglot.redis.url", "redis://user:s3cret@cache:6379")
        .property("unrelated.property", "whatever")
        .environment(Map.of("PARKINGLOT_REDIS_PASSWORD", "hunter2", "HOME", "/root"))
        .build();
    assertThat(config.toString())
        .contains("parkinglot.redis.url", "PARKINGLOT_REDIS_PASSWORD")
        .doesNotContain("s3cret", "hunter2", "cache", "unrelated", "HOME");
  }

  @Test
  void theClockIsTheOneGivenOrTheSystemUtcClock() {
    Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    assertThat(StoreConfig.builder().clock(fixed).build().clock()).isSameAs(fixed);
    assertThat(StoreConfig.builder().build().clock().getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void withClockKeepsEverySettingAndChangesOnlyTheClock() {
    Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    StoreConfig config = StoreConfig.builder()
        .property("parkinglot.store", "memory")
        .environment(Map.of("PARKINGLOT_REDIS_URL", "redis://h"))
        .build();
    StoreConfig moved = config.withClock(fixed);
    assertThat(moved.clock()).isSameAs(fixed);
    assertThat(moved.get("parkinglot.store")).contains("memory");
    assertThat(moved.get("parkinglot.redis.url")).contains("redis://h");
    assertThat(config.clock()).isNotSameAs(fixed);
    assertThat(moved.withClock(fixed)).isSameAs(moved);
    assertThatThrownBy(() -> config.withClock(null))
        .isInstanceOf(NullPointerException.class).hasMessage("clock must not be null");
  }

  @Test
  void theBuilderRejectsNullsByNameAndCopiesItsInput() {
    StoreConfig.Builder builder = StoreConfig.builder();
    assertThatThrownBy(() -> builder.property(null, "v"))
        .isInstanceOf(NullPointerException.class).hasMessage("name must not be null");
    assertThatThrownBy(() -> builder.property("parkinglot.x", null))
        .isInstanceOf(NullPointerException.class).hasMessage("value of parkinglot.x must not be null");
    assertThatThrownBy(() -> builder.properties(null))
        .isInstanceOf(NullPointerException.class).hasMessage("properties must not be null");
    assertThatThrownBy(() -> builder.environment(null))
        .isInstanceOf(NullPointerException.class).hasMessage("environment must not be null");
    assertThatThrownBy(() -> builder.clock(null))
        .isInstanceOf(NullPointerException.class).hasMessage("clock must not be null");
    StoreConfig built = builder.property("parkinglot.x", "1").build();
    builder.property("parkinglot.x", "2");
    assertThat(built.get("parkinglot.x")).contains("1");
  }
}
