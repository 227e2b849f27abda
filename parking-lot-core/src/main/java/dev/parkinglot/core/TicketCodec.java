package dev.parkinglot.core;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.TicketStatus;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/*
 * The ticket format, version 1:
 *
 *   pl1.<keyId>.<payload>.<signature>
 *
 * payload   = base64url, no padding, of
 *             [trace id 16 B][span id 8 B][flags 1 B][parkedAt epoch ms 8 B][expiresAt epoch ms 8 B]
 *             [tracestate, UTF-8, the rest]     (big-endian; 41 bytes plus the tracestate)
 * signature = base64url, no padding, of HMAC-SHA256(secret, ASCII "pl1.<keyId>.<payload>")
 *
 * Without tracestate and with a 32-char key id that is 3+1+32+1+55+1+43 = 136 chars.
 *
 * The MAC covers the text, not the decoded bytes: base64 has several spellings of one byte string
 * (the unused low bits of the last char), and signing the text makes every spelling but the issued
 * one a bad signature. The signature itself is not signed, so only its canonical spelling (unused
 * bits zero, as the encoder writes them) is accepted: its three other spellings are bad signatures. It also covers the version and key id, so neither can be swapped. The
 * signature is compared with MessageDigest.isEqual, whose running time does not depend on where
 * the arrays first differ. The content is decoded and checked only after the signature, so a
 * forged ticket is reported as such and never as expired. Package-private: not public API.
 */
final class TicketCodec {
  static final String PREFIX = "pl1";
  /** Longer input is rejected before any work: a ticket with the longest tracestate is about 820 chars. */
  static final int MAX_TICKET_LENGTH = 1024;

  private static final int FIXED_BYTES = 16 + 8 + 1 + 8 + 8;
  private static final int SIGNATURE_BYTES = 32;
  private static final int SIGNATURE_CHARS = 43;
  private static final int MIN_PAYLOAD_CHARS = (FIXED_BYTES * 4 + 2) / 3;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private TicketCodec() {}

  /** The outcome of {@link #verify}: the status, the key id when the key is known, the context when valid. */
  static final class Verified {
    final TicketStatus status;
    final @Nullable String keyId;
    final @Nullable StoredTraceContext context;

    Verified(TicketStatus status, @Nullable String keyId, @Nullable StoredTraceContext context) {
      this.status = status;
      this.keyId = keyId;
      this.context = context;
    }
  }

  private static final Verified MALFORMED = new Verified(TicketStatus.MALFORMED, null, null);
  private static final Verified UNKNOWN_KEY = new Verified(TicketStatus.UNKNOWN_KEY, null, null);

  /** Signs a ticket; the caller has checked the ids (valid span context) and the times. */
  static String encode(
      String keyId, Mac mac, long traceIdHigh, long traceIdLow, long spanId, byte flags,
      long parkedAtMillis, long expiresAtMillis, String traceState) {
    byte[] state = traceState.getBytes(StandardCharsets.UTF_8);
    ByteBuffer payload = ByteBuffer.allocate(FIXED_BYTES + state.length);
    payload.putLong(traceIdHigh).putLong(traceIdLow).putLong(spanId).put(flags)
        .putLong(parkedAtMillis).putLong(expiresAtMillis).put(state);
    String signed = PREFIX + '.' + keyId + '.' + ENCODER.encodeToString(payload.array());
    byte[] signature = mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    return signed + '.' + ENCODER.encodeToString(signature);
  }

  /** Verifies {@code ticket} with {@code keys} at {@code nowMillis}; never throws. */
  static Verified verify(String ticket, TicketKeys keys, long nowMillis) {
    if (ticket.length() > MAX_TICKET_LENGTH) {
      return MALFORMED;
    }
    int first = ticket.indexOf('.');
    int second = first < 0 ? -1 : ticket.indexOf('.', first + 1);
    int third = second < 0 ? -1 : ticket.indexOf('.', second + 1);
    if (third < 0 || ticket.indexOf('.', third + 1) >= 0 || !ticket.substring(0, first).equals(PREFIX)) {
      return MALFORMED;
    }
    String keyId = ticket.substring(first + 1, second);
    String payloadText = ticket.substring(second + 1, third);
    String signatureText = ticket.substring(third + 1);
    if (!TicketKeys.isValidKeyId(keyId)
        || payloadText.length() < MIN_PAYLOAD_CHARS || !isBase64Url(payloadText)
        || signatureText.length() != SIGNATURE_CHARS || !isBase64Url(signatureText)) {
      return MALFORMED;
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = DECODER.decode(payloadText);
      signature = DECODER.decode(signatureText);
    } catch (IllegalArgumentException e) {
      return MALFORMED; // a length that no byte string has, such as 4n+1 chars
    }
    if (payload.length < FIXED_BYTES || signature.length != SIGNATURE_BYTES) {
      return MALFORMED;
    }
    Mac mac = keys.mac(keyId);
    if (mac == null) {
      return UNKNOWN_KEY;
    }
    byte[] expected = mac.doFinal(ticket.substring(0, third).getBytes(StandardCharsets.US_ASCII));
    if (!MessageDigest.isEqual(expected, signature) | !isCanonical(signatureText)) {
      return new Verified(TicketStatus.BAD_SIGNATURE, keyId, null);
    }
    StoredTraceContext context = decode(payload);
    if (context == null) {
      return new Verified(TicketStatus.MALFORMED, keyId, null);
    }
    if (context.isExpiredAt(nowMillis)) {
      return new Verified(TicketStatus.EXPIRED, keyId, null);
    }
    return new Verified(TicketStatus.VALID, keyId, context);
  }

  /** The context a correctly signed payload carries, or null when its values are impossible. */
  private static @Nullable StoredTraceContext decode(byte[] bytes) {
    ByteBuffer payload = ByteBuffer.wrap(bytes);
    long high = payload.getLong();
    long low = payload.getLong();
    long spanId = payload.getLong();
    byte flags = payload.get();
    long parkedAt = payload.getLong();
    long expiresAt = payload.getLong();
    String traceState;
    try {
      traceState = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(payload)
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    if (parkedAt < 0 || expiresAt <= parkedAt) {
      return null;
    }
    try {
      return StoredTraceContext.builder()
          .traceId(high, low)
          .spanId(spanId)
          .traceFlags(flags)
          .parkedAtMillis(parkedAt)
          .ttlMillis(expiresAt - parkedAt)
          .traceState(traceState)
          .build();
    } catch (IllegalArgumentException e) {
      return null; // zero ids, a ttl beyond MAX_TTL, an over-long tracestate
    }
  }

  /**
   * Whether the unused low bits of the last char of unpadded base64 {@code text} are zero, as an
   * encoder writes them: 2 chars per 1 trailing byte leave 4 bits, 3 chars per 2 leave 2.
   */
  static boolean isCanonical(String text) {
    int unusedBits = text.length() % 4 == 2 ? 4 : text.length() % 4 == 3 ? 2 : 0;
    if (unusedBits == 0) {
      return true;
    }
    return (sextet(text.charAt(text.length() - 1)) & ((1 << unusedBits) - 1)) == 0;
  }

  /** The 6-bit value of a base64url char (checked by {@link #isBase64Url} before). */
  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : 63;
  }

  private static boolean isBase64Url(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
