package dev.parkinglot.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A typed view of string settings for store creation, plus the clock stores use for expiry.
 *
 * <p>A setting is looked up by its property name ({@code parkinglot.redis.url}) in the properties
 * first, then in the environment under its variable name ({@link #environmentVariableName(String)}:
 * {@code PARKINGLOT_REDIS_URL}). {@link #fromSystem()} reads system properties and the process
 * environment; {@link #builder()} reads only what it is given.
 *
 * <p>Typed getters throw {@link IllegalArgumentException} naming the property, the value and what
 * was expected. {@link #toString()} shows property names only, never values, so that passwords and
 * URLs with credentials do not reach logs.
 */
public final class StoreConfig {
  /** The property that names the store: {@code memory}, {@code redis}, …. */
  public static final String STORE = "parkinglot.store";

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final Map<String, String> properties;
  private final Map<String, String> environment;
  private final Clock clock;

  private StoreConfig(Map<String, String> properties, Map<String, String> environment, Clock clock) {
    this.properties = properties;
    this.environment = environment;
    this.clock = clock;
  }

  /**
   * Settings from system properties, then environment variables; the system clock in UTC.
   *
   * @return a config that reads system properties and the environment
   */
  public static StoreConfig fromSystem() {
    Map<String, String> properties = new LinkedHashMap<>();
    System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
    return new StoreConfig(
        Collections.unmodifiableMap(properties), System.getenv(), Clock.systemUTC());
  }

  /**
   * Settings from {@code properties} only; the system clock.
   *
   * @param properties the settings, by property name
   * @return a config that reads only {@code properties}
   */
  public static StoreConfig of(Map<String, String> properties) {
    return builder().properties(properties).build();
  }

  /**
   * A builder for a config from explicit properties, environment variables and clock.
   *
   * @return a new builder with no properties, no environment and the system clock
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The environment variable for a property: upper case, with {@code .} and {@code -} as {@code _}.
   * {@code parkinglot.redis.pool-size} becomes {@code PARKINGLOT_REDIS_POOL_SIZE}.
   *
   * @param property the property name
   * @return the environment variable name
   */
  public static String environmentVariableName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The clock a store uses to decide expiry.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The same settings with another clock; a parking lot uses this to hand its own clock to the store
   * it creates.
   *
   * @param clock the clock for the store
   * @return a config with the same settings and {@code clock}
   * @throws NullPointerException if {@code clock} is null
   */
  public StoreConfig withClock(Clock clock) {
    Objects.requireNonNull(clock, "clock must not be null");
    return clock.equals(this.clock) ? this : new StoreConfig(properties, environment, clock);
  }

  /**
   * The raw value of a setting, trimmed; empty when unset or blank.
   *
   * @param property the property name
   * @return the trimmed value, or empty
   */
  public Optional<String> get(String property) {
    Objects.requireNonNull(property, "property must not be null");
    String value = properties.get(property);
    if (value == null) {
      value = environment.get(environmentVariableName(property));
    }
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.trim());
  }

  /**
   * The value of a required setting.
   *
   * @param property the property name
   * @return the trimmed value
   * @throws IllegalArgumentException if it is unset, naming the property and its variable
   */
  public String require(String property) {
    return get(property)
        .orElseThrow(
            () -> new IllegalArgumentException(
                "required setting " + property + " (environment variable "
                    + environmentVariableName(property) + ") is not set"));
  }

  /**
   * An integer setting between {@code min} and {@code max} inclusive.
   *
   * @param property the property name
   * @param defaultValue the value when the setting is unset
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the setting's value, or {@code defaultValue}
   * @throws IllegalArgumentException if it is not an integer or out of range
   */
  public int getInt(String property, int defaultValue, int min, int max) {
    Optional<String> raw = get(property);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          property + " must be an integer between " + min + " and " + max + ", was '" + raw.get() + "'", e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          property + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /**
   * A long setting between {@code min} and {@code max} inclusive.
   *
   * @param property the property name
   * @param defaultValue the value when the setting is unset
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the setting's value, or {@code defaultValue}
   * @throws IllegalArgumentException if it is not an integer or out of range
   */
  public long getLong(String property, long defaultValue, long min, long max) {
    Optional<String> raw = get(property);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(raw.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          property + " must be an integer between " + min + " and " + max + ", was '" + raw.get() + "'", e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          property + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /**
   * A boolean setting: {@code true} or {@code false}, any case.
   *
   * @param property the property name
   * @param defaultValue the value when the setting is unset
   * @return the setting's value, or {@code defaultValue}
   * @throws IllegalArgumentException for any other value
   */
  public boolean getBoolean(String property, boolean defaultValue) {
    Optional<String> raw = get(property);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    String value = raw.get().toLowerCase(Locale.ROOT);
    if (value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException(property + " must be true or false, was '" + raw.get() + "'");
  }

  /**
   * A duration setting: a whole number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code
   * 2h}, {@code 1d}) or ISO-8601 ({@code PT30S}), between {@code min} and {@code max}.
   *
   * @param property the property name
   * @param defaultValue the value when the setting is unset
   * @param min the shortest duration allowed
   * @param max the longest duration allowed
   * @return the setting's value, or {@code defaultValue}
   * @throws IllegalArgumentException if it cannot be parsed or is out of range
   */
  public Duration getDuration(String property, Duration defaultValue, Duration min, Duration max) {
    Optional<String> raw = get(property);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    Duration value = parseDuration(property, raw.get());
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          property + " must be between " + min + " and " + max + ", was " + raw.get());
    }
    return value;
  }

  private static Duration parseDuration(String property, String text) {
    Matcher matcher = DURATION.matcher(text.toLowerCase(Locale.ROOT));
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        switch (matcher.group(2)) {
          case "ms":
            return Duration.ofMillis(amount);
          case "s":
            return Duration.ofSeconds(amount);
          case "m":
            return Duration.ofMinutes(amount);
          case "h":
            return Duration.ofHours(amount);
          default:
            return Duration.ofDays(amount);
        }
      }
      return Duration.parse(text);
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          property + " must be a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S, was '" + text + "'", e);
    }
  }

  /** Shows which properties are set, never their values. */
  @Override
  public String toString() {
    TreeSet<String> names = new TreeSet<>();
    properties.keySet().stream().filter(k -> k.startsWith("parkinglot.")).forEach(names::add);
    environment.keySet().stream().filter(k -> k.startsWith("PARKINGLOT_")).forEach(names::add);
    return "StoreConfig{set=" + names + ", clock=" + clock + '}';
  }

  /** Builds a {@link StoreConfig} from explicit values. */
  public static final class Builder {
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets one property.
     *
     * @param name the property name
     * @param value the value
     * @return this builder
     */
    public Builder property(String name, String value) {
      properties.put(
          Objects.requireNonNull(name, "name must not be null"),
          Objects.requireNonNull(value, () -> "value of " + name + " must not be null"));
      return this;
    }

    /**
     * Sets several properties.
     *
     * @param values the values, by property name
     * @return this builder
     */
    public Builder properties(Map<String, String> values) {
      Objects.requireNonNull(values, "properties must not be null").forEach(this::property);
      return this;
    }

    /**
     * Environment variables to read when a property is not set (for example {@link
     * System#getenv()}).
     *
     * @param variables the environment variables, by name
     * @return this builder
     */
    public Builder environment(Map<String, String> variables) {
      environment.putAll(Objects.requireNonNull(variables, "environment must not be null"));
      return this;
    }

    /**
     * The clock stores use for expiry; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Builds the config from this builder's settings.
     *
     * @return a new config
     */
    public StoreConfig build() {
      return new StoreConfig(
          Collections.unmodifiableMap(new LinkedHashMap<>(properties)),
          Collections.unmodifiableMap(new LinkedHashMap<>(environment)),
          clock);
    }
  }
}
