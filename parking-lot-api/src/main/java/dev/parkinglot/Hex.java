package dev.parkinglot;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;

/** Lowercase base16 for trace and span ids. Package-private: not public API. */
final class Hex {
  private Hex() {}

  /** True if {@code s} has exactly {@code length} chars, each in {@code [0-9a-f]}. */
  static boolean isLowerHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (digit(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Reads 16 hex digits starting at {@code offset}; the caller has checked them. */
  static long parseLong(String s, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 16; i++) {
      value = (value << 4) | digit(s.charAt(i));
    }
    return value;
  }

  /**
   * The trace id as 32 lowercase hex digits, through the OpenTelemetry API, whose encoder writes
   * into a reused per-thread buffer: the String is the only allocation.
   */
  static String traceId(long high, long low) {
    return TraceId.fromLongs(high, low);
  }

  /** The span id as 16 lowercase hex digits; see {@link #traceId(long, long)}. */
  static String spanId(long value) {
    return SpanId.fromLong(value);
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
