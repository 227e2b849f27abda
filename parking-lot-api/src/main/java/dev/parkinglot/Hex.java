package dev.parkinglot;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;

/** Lowercase base16 for trace and span ids. Package-private: not public API. */
final class Hex {
  private Hex() {}

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

  /** The value of a lowercase hex digit, or -1. */
  static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
