package dev.parkinglot;

/**
 * Builds correlation keys from parts, joined with {@code ':'}.
 *
 * <p>For parts without {@code ':'} or {@code '\'} the result is exactly the original's {@code
 * createCorrelationKey}: {@code of("payment", "order-123", "stripe")} is {@code
 * "payment:order-123:stripe"}. A part that contains the separator or the escape character has them
 * escaped ({@code '\:'}, {@code '\\'}), so distinct part lists always give distinct keys: {@code
 * of("a:b", "c")} is {@code "a\:b:c"} and {@code of("a", "b:c")} is {@code "a:b\:c"}, where the
 * original maps both to {@code "a:b:c"}.
 */
public final class CorrelationKeys {
  /** The separator between parts. */
  public static final char SEPARATOR = ':';

  private static final char ESCAPE = '\\';

  private CorrelationKeys() {}

  /**
   * Joins the parts' {@link String#valueOf(Object) string forms} with {@code ':'}, escaping
   * separators and backslashes inside parts.
   *
   * @param parts the parts of the key, in order
   * @return the joined key
   * @throws NullPointerException if {@code parts} or any part is null
   * @throws IllegalArgumentException if there are no parts, or the key breaks {@link
   *     ParkingLotLimits#checkCorrelationKey(String)}
   */
  public static String of(Object... parts) {
    if (parts == null) {
      throw new NullPointerException("parts must not be null");
    }
    if (parts.length == 0) {
      throw new IllegalArgumentException("a correlation key needs at least one part");
    }
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      Object part = parts[i];
      if (part == null) {
        throw new NullPointerException("correlation key part " + i + " must not be null");
      }
      if (i > 0) {
        key.append(SEPARATOR);
      }
      String text = part.toString();
      for (int c = 0; c < text.length(); c++) {
        char ch = text.charAt(c);
        if (ch == SEPARATOR || ch == ESCAPE) {
          key.append(ESCAPE);
        }
        key.append(ch);
      }
    }
    return ParkingLotLimits.checkCorrelationKey(key.toString());
  }
}
