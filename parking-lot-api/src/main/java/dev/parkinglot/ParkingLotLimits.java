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

  /*
   * Read bounds. The limits above are what this library writes. Another writer sharing a lot (the
   * original npm autotel module, an older or newer release) can write more: a number or a boolean
   * as a metadata value, more than 32 entries, longer values, longer keys. Such an entry is still a
   * context and is read; the bounds below only protect the reader (its heap, its spans, its
   * parser) from an entry of any size. Each read bound is at least its write limit.
   */

  /**
   * Longest correlation key a lookup accepts ({@code retrieve}, {@code peek}, {@code exists},
   * {@code delete}, a callback's claim), in chars: longer than {@link #MAX_CORRELATION_KEY_LENGTH}
   * so that an entry another writer parked under a longer key can be claimed. A prefix of {@value
   * #MAX_KEY_PREFIX_LENGTH} chars plus this many chars of UTF-8 is at most 1728 bytes, within every
   * built-in backend's key (DynamoDB's 2048-byte partition key); a store whose column is narrower
   * simply holds no entry under such a key.
   */
  public static final int MAX_READ_CORRELATION_KEY_LENGTH = 512;
  /** Read bound: most metadata entries an entry read from a store may have. */
  public static final int MAX_READ_METADATA_ENTRIES = 256;
  /** Read bound: longest metadata key read from a store, in chars. */
  public static final int MAX_READ_METADATA_KEY_LENGTH = 256;
  /**
   * Read bound: longest metadata value read from a store, in chars (a value that is not a JSON
   * string counts as its JSON text).
   */
  public static final int MAX_READ_METADATA_VALUE_LENGTH = 65_535;
  /** Read bound: most chars of metadata, keys and values together, on one entry read from a store. */
  public static final int MAX_READ_METADATA_CHARS = 131_072;
  /**
   * Read bound: the largest stored entry a store decodes, in bytes of its JSON (for the JDBC store,
   * chars of its metadata column); a larger one is refused before it is parsed.
   */
  public static final int MAX_READ_ENTRY_BYTES = 262_144;

  /**
   * Most chars of outside input that a message or span attribute echoes: see {@link
   * #printable(String)}.
   */
  public static final int MAX_ECHOED_CHARS = 256;

  private static final Duration ONE_MILLI = Duration.ofMillis(1);

  private ParkingLotLimits() {}

  /**
   * Checks a correlation key: not null, not blank, at most {@value #MAX_CORRELATION_KEY_LENGTH}
   * chars, no control characters, no unpaired surrogates (a lone half of a UTF-16 surrogate pair,
   * such as {@code "order-"} followed by U+D800 alone, has no UTF-8 form: a store would write it as
   * {@code ?} and two different keys would share one entry).
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
   * Checks a correlation key used to look an entry up: as {@link #checkCorrelationKey(String)} but
   * up to {@value #MAX_READ_CORRELATION_KEY_LENGTH} chars, the read bound, so that an entry another
   * writer parked under a key longer than this library writes can still be retrieved.
   *
   * @param key the correlation key
   * @return the key, unchanged
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if the key breaks a bound
   */
  public static String checkReadCorrelationKey(String key) {
    return checkKey("correlation key", key, MAX_READ_CORRELATION_KEY_LENGTH, false);
  }

  /**
   * Checks a key prefix: not null, at most {@value #MAX_KEY_PREFIX_LENGTH} chars, no control
   * characters, no unpaired surrogates. An empty prefix is allowed.
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
   * most {@value #MAX_METADATA_VALUE_LENGTH} chars; neither keys nor values with an unpaired
   * surrogate (values may hold control characters). Every message names the index of the bad char.
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
        throw new NullPointerException("metadata value for key '" + printable(key) + "' must not be null");
      }
      if (value.length() > MAX_METADATA_VALUE_LENGTH) {
        throw new IllegalArgumentException(
            "metadata value for key '" + printable(key) + "' has " + value.length()
                + " chars, more than the maximum of " + MAX_METADATA_VALUE_LENGTH);
      }
      int unpaired = indexOfUnpairedSurrogate(value);
      if (unpaired >= 0) {
        throw unpairedSurrogate("metadata value for key '" + printable(key) + "'", value, unpaired);
      }
    }
    return metadata;
  }

  /**
   * Checks metadata read back from a store against the read bounds: at most {@value
   * #MAX_READ_METADATA_ENTRIES} entries, keys of at most {@value #MAX_READ_METADATA_KEY_LENGTH}
   * chars, values of at most {@value #MAX_READ_METADATA_VALUE_LENGTH} chars, and {@value
   * #MAX_READ_METADATA_CHARS} chars of keys and values together. Nothing else is refused: another
   * writer may have used an empty key, control characters or any text the write limits forbid; the
   * entry is still a context.
   *
   * @param metadata the metadata as read
   * @return the map, unchanged
   * @throws NullPointerException if the map, a key or a value is null
   * @throws IllegalArgumentException if it breaks a read bound; the message names the bound
   */
  public static Map<String, String> checkReadMetadata(Map<String, String> metadata) {
    if (metadata == null) {
      throw new NullPointerException("metadata must not be null");
    }
    if (metadata.isEmpty()) {
      return metadata;
    }
    if (metadata.size() > MAX_READ_METADATA_ENTRIES) {
      throw new IllegalArgumentException(
          "metadata has " + metadata.size() + " entries, more than the read bound of " + MAX_READ_METADATA_ENTRIES);
    }
    long total = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey();
      if (key == null) {
        throw new NullPointerException("metadata key must not be null");
      }
      if (key.length() > MAX_READ_METADATA_KEY_LENGTH) {
        throw new IllegalArgumentException("metadata key '" + printable(key) + "' has " + key.length()
            + " chars, more than the read bound of " + MAX_READ_METADATA_KEY_LENGTH);
      }
      String value = entry.getValue();
      if (value == null) {
        throw new NullPointerException("metadata value for key '" + printable(key) + "' must not be null");
      }
      if (value.length() > MAX_READ_METADATA_VALUE_LENGTH) {
        throw new IllegalArgumentException("metadata value for key '" + printable(key) + "' has " + value.length()
            + " chars, more than the read bound of " + MAX_READ_METADATA_VALUE_LENGTH);
      }
      total += key.length() + value.length();
    }
    if (total > MAX_READ_METADATA_CHARS) {
      throw new IllegalArgumentException(
          "metadata has " + total + " chars of keys and values, more than the read bound of " + MAX_READ_METADATA_CHARS);
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
    int control = indexOfControlCharacterOrSurrogate(key);
    if (control >= 0) {
      if (Character.isSurrogate(key.charAt(control))) {
        throw unpairedSurrogate(what + " '" + printable(key) + "'", key, control);
      }
      throw new IllegalArgumentException(
          what + " '" + printable(key) + "' contains a control character at index " + control
              + "; control characters are not allowed");
    }
    if (!emptyAllowed && key.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, was '" + printable(key) + "'");
    }
    return key;
  }

  /**
   * The index of the first control character or unpaired surrogate in {@code value}, or -1; a
   * surrogate pair (a supplementary character such as an emoji) is fine.
   */
  private static int indexOfControlCharacterOrSurrogate(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // Printable ASCII (' ' to '~') in one unsigned compare; anything else asks Character.
      if ((char) (c - ' ') > '~' - ' ') {
        if (Character.isISOControl(c)) {
          return i;
        }
        if (Character.isSurrogate(c)) {
          if (!isPairAt(value, i)) {
            return i;
          }
          i++; // the low half of the pair
        }
      }
    }
    return -1;
  }

  /** The index of the first unpaired surrogate in {@code value}, or -1. */
  private static int indexOfUnpairedSurrogate(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isSurrogate(value.charAt(i))) {
        if (!isPairAt(value, i)) {
          return i;
        }
        i++;
      }
    }
    return -1;
  }

  /** Whether a high surrogate at {@code index} is followed by a low one. */
  private static boolean isPairAt(String value, int index) {
    return Character.isHighSurrogate(value.charAt(index))
        && index + 1 < value.length()
        && Character.isLowSurrogate(value.charAt(index + 1));
  }

  private static IllegalArgumentException unpairedSurrogate(String subject, String value, int index) {
    return new IllegalArgumentException(String.format(
        "%s contains an unpaired surrogate (U+%04X) at index %d; only well-formed UTF-16 is allowed,"
            + " as nothing else can be stored as UTF-8 without changing it",
        subject, (int) value.charAt(index), index));
  }

  /**
   * {@code value} as every message and span attribute of the parking lot echoes outside input (a
   * correlation key from an event, a key id, a stored field): at most {@value #MAX_ECHOED_CHARS}
   * chars of it, then {@code "…(N chars)"} with its whole length when it is longer, and every
   * non-printable char escaped as a backslash, {@code u} and four hex digits: control characters
   * (C0, DEL and the C1 range U+0080 to U+009F, CR and LF among them), format characters (such as
   * U+200B or the bidi overrides), the line and paragraph separators U+2028 and U+2029, and unpaired
   * surrogates. A surrogate pair (an emoji) is printable and kept. A value that is short enough and
   * printable is returned as it is.
   *
   * <pre>{@code
   * ParkingLotLimits.printable("order-1\r\nX-Admin: 1")   // CR and LF as the six chars of their escapes
   * ParkingLotLimits.printable("k".repeat(1_000_000))     // 256 k's, then …(1000000 chars)
   * }</pre>
   *
   * @param value the outside input
   * @return the bounded, escaped form, never longer than {@value #MAX_ECHOED_CHARS} chars plus the
   *     length note
   * @throws NullPointerException if {@code value} is null
   */
  public static String printable(String value) {
    int length = value.length();
    if (length <= MAX_ECHOED_CHARS && indexOfNonPrintable(value) < 0) {
      return value;
    }
    StringBuilder shown = new StringBuilder(MAX_ECHOED_CHARS + 24);
    int i = 0;
    while (i < length) {
      char c = value.charAt(i);
      boolean pair = Character.isSurrogate(c) && isPairAt(value, i);
      String piece = pair ? value.substring(i, i + 2)
          : isNonPrintable(c) ? String.format("\\u%04X", (int) c) : null;
      int pieceLength = piece == null ? 1 : piece.length();
      if (shown.length() + pieceLength > MAX_ECHOED_CHARS) {
        break;
      }
      if (piece == null) {
        shown.append(c);
      } else {
        shown.append(piece);
      }
      i += pair ? 2 : 1;
    }
    if (i < length) {
      shown.append("\u2026(").append(length).append(" chars)");
    }
    return shown.toString();
  }

  /** The index of the first char {@link #printable(String)} escapes, or -1. */
  private static int indexOfNonPrintable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((char) (c - ' ') <= '~' - ' ') {
        continue; // printable ASCII
      }
      if (Character.isSurrogate(c) && isPairAt(value, i)) {
        i++;
      } else if (isNonPrintable(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Control, format, line or paragraph separator, or a surrogate (one not part of a pair). */
  private static boolean isNonPrintable(char c) {
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SURROGATE:
        return true;
      default:
        return false;
    }
  }
}
