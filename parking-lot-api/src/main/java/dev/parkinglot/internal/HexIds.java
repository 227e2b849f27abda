package dev.parkinglot.internal;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;

/**
 * Trace and span ids between their lowercase hex form and longs. Not public API: internal to
 * Parking Lot, changes in any release without notice.
 */
public final class HexIds {
  /** The value of each ASCII char as a lowercase hex digit, or -1. */
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < 10; i++) {
      VALUES['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      VALUES['a' + i] = (byte) (10 + i);
    }
  }

  private HexIds() {}

  /**
   * The value of a lowercase hex digit.
   *
   * @param c a char
   * @return 0 to 15, or -1 when {@code c} is not a lowercase hex digit
   */
  public static int digit(char c) {
    return c < 128 ? VALUES[c] : -1;
  }

  /**
   * The 16 lowercase hex digits of {@code id} from {@code offset} as a long, in one table-driven
   * pass checked as it goes: for the ids of a valid {@code SpanContext}, which the API guarantees
   * to be lowercase hex. (Measured against a branch-free arithmetic form of the digit: the table is
   * faster.)
   *
   * @param id the id's hex form
   * @param offset where the 16 digits start
   * @return their value
   * @throws IllegalArgumentException if one of them is not a lowercase hex digit
   * @throws IndexOutOfBoundsException if {@code id} has fewer than 16 chars from {@code offset}
   */
  public static long parse(String id, int offset) {
    long value = 0;
    int bad = 0;
    for (int i = offset; i < offset + 16; i++) {
      int digit = digit(id.charAt(i));
      bad |= digit;
      value = (value << 4) | (digit & 0xF);
    }
    if (bad < 0) {
      throw new IllegalArgumentException("not a lowercase hex id: '" + id + "'");
    }
    return value;
  }

  /**
   * The trace id as 32 lowercase hex digits, through the OpenTelemetry API, whose encoder writes
   * into a reused per-thread buffer: the String is the only allocation.
   *
   * @param high the first 64 bits
   * @param low the last 64 bits
   * @return the hex form
   */
  public static String traceId(long high, long low) {
    return TraceId.fromLongs(high, low);
  }

  /**
   * The span id as 16 lowercase hex digits; see {@link #traceId(long, long)}.
   *
   * @param value the span id
   * @return the hex form
   */
  public static String spanId(long value) {
    return SpanId.fromLong(value);
  }
}
