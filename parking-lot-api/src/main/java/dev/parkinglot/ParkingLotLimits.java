package dev.parkinglot;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The limits every parking lot and every store enforces, the checks that enforce them, and the
 * default ttl they share. Each
 * check throws an {@link IllegalArgumentException} (or {@link NullPointerException} for null) whose
 * message names the offending value and the limit.
 *
 * <p>The limits are chosen so that every built-in backend can hold the largest allowed entry: a
 * store key fits a {@code VARCHAR(320)} primary key in utf8mb4 and a DynamoDB partition key.
 */
public final class ParkingLotLimits {
  /** Maximum length of a correlation key, in chars. */
  public static final int MAX_CORRELATION_KEY_LENGTH = 256;
  /** Maximum length of a key prefix, in chars. */
  public static final int MAX_KEY_PREFIX_LENGTH = 64;
  /** Maximum length of a store key (prefix plus correlation key), in chars. */
  public static final int MAX_STORE_KEY_LENGTH = MAX_CORRELATION_KEY_LENGTH + MAX_KEY_PREFIX_LENGTH;
  /** Longest time-to-live of a parked context. */
  public static final Duration MAX_TTL = Duration.ofDays(366);
  /**
   * Time-to-live of a context parked without one, and of a stored entry read without one: 24 hours,
   * as the original's. The parking lot's default ttl and the JSON wire format's reading of a missing
   * {@code ttlMs} both use this one value, so that Java and Node services sharing a lot agree.
   */
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);
  /** Maximum number of metadata entries on one parked context. */
  public static final int MAX_METADATA_ENTRIES = 32;
  /** Maximum length of one metadata key, in chars. */
  public static final int MAX_METADATA_KEY_LENGTH = 128;
  /** Maximum length of one metadata value, in chars. */
  public static final int MAX_METADATA_VALUE_LENGTH = 1024;
  /** Maximum length of a W3C {@code tracestate} header value (32 members of up to 256 chars is the spec's bound; 512 is what propagators keep). */
  public static final int MAX_TRACE_STATE_LENGTH = 512;
  /** Maximum length of a W3C {@code baggage} header value, in chars (the W3C limit is 8192 bytes). */
  public static final int MAX_BAGGAGE_LENGTH = 8192;

  private static final Duration ONE_MILLI = Duration.ofMillis(1);

  private ParkingLotLimits() {}

  /**
   * Checks a correlation key: not null, not blank, at most {@value #MAX_CORRELATION_KEY_LENGTH}
   * chars, no control characters.
   *
   * @param key the correlation key
   * @return the key, unchanged
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if the key breaks a limit
   */
  public static String checkCorrelationKey(String key) {
    return checkKey("correlation key", key, MAX_CORRELATION_KEY_LENGTH, false);
  }

  /**
   * Checks a key prefix: not null, at most {@value #MAX_KEY_PREFIX_LENGTH} chars, no control
   * characters. An empty prefix is allowed.
   *
   * @param prefix the key prefix
   * @return the prefix, unchanged
   * @throws NullPointerException if {@code prefix} is null
   * @throws IllegalArgumentException if the prefix breaks a limit
   */
  public static String checkKeyPrefix(String prefix) {
    return checkKey("key prefix", prefix, MAX_KEY_PREFIX_LENGTH, true);
  }

  /**
   * Checks a time-to-live: at least one millisecond (ttls are kept to the millisecond, so a shorter
   * one would be stored as zero) and at most {@link #MAX_TTL}.
   *
   * @param ttl the time-to-live
   * @return the ttl, unchanged
   * @throws NullPointerException if {@code ttl} is null
   * @throws IllegalArgumentException if the ttl is under one millisecond, zero, negative or longer
   *     than {@link #MAX_TTL}
   */
  public static Duration checkTtl(Duration ttl) {
    if (ttl == null) {
      throw new NullPointerException("ttl must not be null");
    }
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    if (ttl.compareTo(ONE_MILLI) < 0) {
      throw new IllegalArgumentException("ttl must be at least 1 ms, was " + ttl);
    }
    if (ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("ttl " + ttl + " exceeds the maximum of " + MAX_TTL);
    }
    return ttl;
  }

  /**
   * Checks metadata: not null, at most {@value #MAX_METADATA_ENTRIES} entries, keys not blank and at
   * most {@value #MAX_METADATA_KEY_LENGTH} chars without control characters, values not null and at
   * most {@value #MAX_METADATA_VALUE_LENGTH} chars.
   *
   * @param metadata the metadata
   * @return the map, unchanged
   * @throws NullPointerException if the map, a key or a value is null
   * @throws IllegalArgumentException if an entry breaks a limit
   */
  public static Map<String, String> checkMetadata(Map<String, String> metadata) {
    if (metadata == null) {
      throw new NullPointerException("metadata must not be null");
    }
    if (metadata.isEmpty()) {
      return metadata; // without iterating: an empty Map.of() allocates an iterator
    }
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      throw new IllegalArgumentException(
          "metadata has " + metadata.size() + " entries, more than the maximum of " + MAX_METADATA_ENTRIES);
    }
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey();
      checkKey("metadata key", key, MAX_METADATA_KEY_LENGTH, false);
      String value = entry.getValue();
      if (value == null) {
        throw new NullPointerException("metadata value for key '" + key + "' must not be null");
      }
      if (value.length() > MAX_METADATA_VALUE_LENGTH) {
        throw new IllegalArgumentException(
            "metadata value for key '" + key + "' has " + value.length()
                + " chars, more than the maximum of " + MAX_METADATA_VALUE_LENGTH);
      }
    }
    return metadata;
  }

  private static String checkKey(String what, String key, int maxLength, boolean emptyAllowed) {
    if (key == null) {
      throw new NullPointerException(what + " must not be null");
    }
    if (key.length() > maxLength) {
      throw new IllegalArgumentException(
          what + " '" + printable(key) + "' has " + key.length()
              + " chars, more than the maximum of " + maxLength);
    }
    // Control characters first: a blank key of newlines must not be echoed raw into a log line.
    int control = indexOfControlCharacter(key);
    if (control >= 0) {
      throw new IllegalArgumentException(
          what + " '" + printable(key) + "' contains a control character at index " + control
              + "; control characters are not allowed");
    }
    if (!emptyAllowed && key.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, was '" + key + "'");
    }
    return key;
  }

  /** The value abbreviated, with control characters shown as '?', for an exception message. */
  static String printable(String value) {
    return abbreviate(value).replaceAll("\\p{Cntrl}", "?");
  }

  /** The index of the first control character in {@code value}, or -1. */
  private static int indexOfControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // Printable ASCII (' ' to '~') in one unsigned compare; anything else asks Character.
      if ((char) (c - ' ') > '~' - ' ' && Character.isISOControl(c)) {
        return i;
      }
    }
    return -1;
  }

  static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
