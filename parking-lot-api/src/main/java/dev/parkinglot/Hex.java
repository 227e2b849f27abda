package dev.parkinglot;

/** Lowercase base16 for trace and span ids. Package-private: not public API. */
final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

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

  static void appendLong(char[] dest, int offset, long value) {
    for (int i = 15; i >= 0; i--) {
      dest[offset + i] = DIGITS[(int) (value & 0xF)];
      value >>>= 4;
    }
  }

  static String traceId(long high, long low) {
    char[] chars = new char[32];
    appendLong(chars, 0, high);
    appendLong(chars, 16, low);
    return new String(chars);
  }

  static String spanId(long value) {
    char[] chars = new char[16];
    appendLong(chars, 0, value);
    return new String(chars);
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
