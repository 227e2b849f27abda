package dev.parkinglot;

/**
 * The outcome of verifying a signed ticket that a callback found in its event (see {@link
 * CallbackConfig.Builder#ticketFrom(java.util.function.Function)}). Only {@link #VALID} links the
 * callback span; every other outcome runs the handler without a link, and the span's {@code
 * parking_lot.ticket.status} attribute carries {@link #value()}.
 *
 * <p>The checks run in this order and the first that fails decides: the ticket's shape ({@link
 * #MALFORMED}), its key id ({@link #UNKNOWN_KEY}), its signature ({@link #BAD_SIGNATURE}), the
 * signed content ({@link #MALFORMED} again, for a correctly signed ticket with impossible values),
 * and its expiry ({@link #EXPIRED}). A forged ticket is therefore never reported as expired.
 */
public enum TicketStatus {
  /** Well formed, signed by a known key, not expired: the callback links to the context it carries. */
  VALID("valid"),
  /**
   * Not a ticket of a format this library knows (wrong prefix, wrong number of parts, bad encoding,
   * too short or too long), or a correctly signed one whose values are impossible.
   */
  MALFORMED("malformed"),
  /** Well formed, but signed under a key id the lot does not accept (never known, or removed by a rotation). */
  UNKNOWN_KEY("unknown_key"),
  /** The signature does not match the content under the named key: forged or tampered with. */
  BAD_SIGNATURE("bad_signature"),
  /** Correctly signed, but its expiry has passed on the lot's clock. */
  EXPIRED("expired");

  private final String value;

  TicketStatus(String value) {
    this.value = value;
  }

  /**
   * The lower-case name used as the value of span and metric attributes, e.g. {@code
   * "bad_signature"}.
   *
   * @return the attribute value
   */
  public String value() {
    return value;
  }
}
