package dev.parkinglot.core;

/**
 * Reads the ids of a {@link io.opentelemetry.api.trace.SpanContext} that is already known to be
 * valid (32 and 16 lowercase hex digits, as the API guarantees for a valid context) into longs, in
 * one table-driven pass, so that parking does not validate the same digits twice. Package-private:
 * not public API.
 */
final class HexIds {
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < 10; i++) {
      VALUES['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      VALUES['a' + i] = (byte) (10 + i);
      VALUES['A' + i] = (byte) (10 + i);
    }
  }

  private HexIds() {}

  /**
   * The 16 hex digits of {@code id} from {@code offset} as a long.
   *
   * @throws IllegalArgumentException if one of them is not a hex digit (never for a valid context)
   */
  static long parse(String id, int offset) {
    long value = 0;
    int bad = 0;
    for (int i = offset; i < offset + 16; i++) {
      char c = id.charAt(i);
      int digit = c < 128 ? VALUES[c] : -1;
      bad |= digit;
      value = (value << 4) | (digit & 0xF);
    }
    if (bad < 0) {
      throw new IllegalArgumentException("not a hex id: '" + id + "'");
    }
    return value;
  }
}
