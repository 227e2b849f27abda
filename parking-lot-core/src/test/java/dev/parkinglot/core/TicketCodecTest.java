package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.TicketStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The ticket format itself: layout, signature, and the order of the checks. */
class TicketCodecTest {
  private static final long HIGH = 0x4bf92f3577b34da6L;
  private static final long LOW = 0xa3ce929d0e0e4736L;
  private static final long SPAN = 0x00f067aa0ba902b7L;
  private static final long PARKED = LotTestBase.START;
  private static final long EXPIRES = PARKED + 60_000;

  private final TicketKeys keys = TicketTestBase.keys("k1", 1);

  private String encode(long high, long parkedAt, long expiresAt, String traceState) {
    return TicketCodec.encode(
        "k1", keys.signingMac(), high, LOW, SPAN, (byte) 0xff, parkedAt, expiresAt, traceState);
  }

  private static String payloadText(String ticket) {
    String[] parts = ticket.split("\\.");
    assertThat(parts).hasSize(4);
    return parts[2];
  }

  @Test
  void thePayloadIsTheFixedBinaryLayoutFollowedByTheTracestate() {
    String ticket = encode(HIGH, PARKED, EXPIRES, "rojo=00f067aa0ba902b7");

    ByteBuffer payload = ByteBuffer.wrap(Base64.getUrlDecoder().decode(payloadText(ticket)));
    assertThat(payload.remaining()).isEqualTo(41 + "rojo=00f067aa0ba902b7".length());
    assertThat(payload.getLong()).isEqualTo(HIGH);
    assertThat(payload.getLong()).isEqualTo(LOW);
    assertThat(payload.getLong()).isEqualTo(SPAN);
    assertThat(payload.get()).isEqualTo((byte) 0xff);
    assertThat(payload.getLong()).isEqualTo(PARKED);
    assertThat(payload.getLong()).isEqualTo(EXPIRES);
    assertThat(StandardCharsets.UTF_8.decode(payload).toString()).isEqualTo("rojo=00f067aa0ba902b7");
  }

  @Test
  void theSignatureIsHmacSha256OverPrefixKeyIdAndPayloadText() throws Exception {
    String ticket = encode(HIGH, PARKED, EXPIRES, "");

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(TicketTestBase.secret(1), "HmacSHA256"));
    String signed = ticket.substring(0, ticket.lastIndexOf('.'));
    byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    assertThat(signed).startsWith("pl1.k1.");
    assertThat(ticket.substring(ticket.lastIndexOf('.') + 1))
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected));
  }

  @Test
  void aValidTicketDecodesToTheContextItCarries() {
    TicketCodec.Verified verified =
        TicketCodec.verify(encode(HIGH, PARKED, EXPIRES, "rojo=00f067aa0ba902b7"), keys, PARKED + 1);

    assertThat(verified.status).isEqualTo(TicketStatus.VALID);
    assertThat(verified.keyId).isEqualTo("k1");
    StoredTraceContext context = verified.context;
    assertThat(context.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(context.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(context.traceFlags().asByte()).isEqualTo((byte) 0xff);
    assertThat(context.parkedAtMillis()).isEqualTo(PARKED);
    assertThat(context.expiresAtMillis()).isEqualTo(EXPIRES);
    assertThat(context.traceState()).isEqualTo("rojo=00f067aa0ba902b7");
  }

  @Test
  void anotherBase64SpellingOfTheSamePayloadIsABadSignature() {
    String ticket = encode(HIGH, PARKED, EXPIRES, "");
    String payload = payloadText(ticket);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = payload.charAt(payload.length() - 1);
    char respelled = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    String otherPayload = payload.substring(0, payload.length() - 1) + respelled;
    assertThat(Base64.getUrlDecoder().decode(otherPayload)).isEqualTo(Base64.getUrlDecoder().decode(payload));

    String respelledTicket = ticket.replace("." + payload + ".", "." + otherPayload + ".");

    assertThat(TicketCodec.verify(respelledTicket, keys, PARKED).status).isEqualTo(TicketStatus.BAD_SIGNATURE);
  }

  @Test
  void everyOtherSpellingOfTheLastSignatureCharacterIsABadSignature() {
    String ticket = encode(HIGH, PARKED, EXPIRES, "");
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = ticket.charAt(ticket.length() - 1);
    String head = ticket.substring(0, ticket.length() - 1);
    assertThat(TicketCodec.verify(ticket, keys, PARKED).status).isEqualTo(TicketStatus.VALID);

    int sameBytes = 0;
    for (char other : alphabet.toCharArray()) {
      if (other == last) {
        continue;
      }
      String respelled = head + other;
      if (Arrays.equals(decodedSignature(respelled), decodedSignature(ticket))) {
        sameBytes++; // a non-canonical spelling: the unused low bits of the last char are set
      }
      assertThat(TicketCodec.verify(respelled, keys, PARKED).status)
          .as("last signature char '%s' instead of '%s'", other, last)
          .isEqualTo(TicketStatus.BAD_SIGNATURE);
    }
    assertThat(sameBytes).as("43 chars carry 258 bits for 256: three other spellings decode alike").isEqualTo(3);
  }

  private static byte[] decodedSignature(String ticket) {
    return Base64.getUrlDecoder().decode(ticket.substring(ticket.lastIndexOf('.') + 1));
  }

  @Test
  void aForgedTicketIsReportedAsForgedEvenWhenItIsAlsoExpired() {
    String forged = TicketCodec.encode("k1", TicketTestBase.keys("k1", 2).signingMac(),
        HIGH, LOW, SPAN, (byte) 1, PARKED, EXPIRES, "");

    assertThat(TicketCodec.verify(forged, keys, EXPIRES + 1).status).isEqualTo(TicketStatus.BAD_SIGNATURE);
    assertThat(TicketCodec.verify(encode(HIGH, PARKED, EXPIRES, ""), keys, EXPIRES).status)
        .isEqualTo(TicketStatus.EXPIRED);
  }

  @Test
  void aCorrectlySignedTicketWithImpossibleValuesIsMalformedAndNamesItsKey() {
    String[] impossible = {
      TicketCodec.encode("k1", keys.signingMac(), 0, 0, SPAN, (byte) 1, PARKED, EXPIRES, ""),
      TicketCodec.encode("k1", keys.signingMac(), HIGH, LOW, 0, (byte) 1, PARKED, EXPIRES, ""),
      encode(HIGH, PARKED, PARKED, ""),
      encode(HIGH, -5, EXPIRES, ""),
      encode(HIGH, PARKED, PARKED + 367L * 24 * 3600 * 1000, ""),
      encode(HIGH, PARKED, EXPIRES, "x".repeat(513)),
    };
    for (int i = 0; i < impossible.length; i++) {
      TicketCodec.Verified verified = TicketCodec.verify(impossible[i], keys, PARKED);
      assertThat(verified.status).as("case %d", i).isEqualTo(TicketStatus.MALFORMED);
      assertThat(verified.keyId).isEqualTo("k1");
      assertThat(verified.context).isNull();
    }
    assertThat(TicketCodec.verify(encode(0, PARKED, EXPIRES, ""), keys, PARKED).status)
        .as("a trace id with only its upper half zero is valid").isEqualTo(TicketStatus.VALID);
  }

  @Test
  void invalidUtf8InASignedTracestateIsMalformed() {
    byte[] bad = {(byte) 0xc3, (byte) 0x28};
    ByteBuffer payload = ByteBuffer.allocate(41 + bad.length);
    payload.putLong(HIGH).putLong(LOW).putLong(SPAN).put((byte) 1).putLong(PARKED).putLong(EXPIRES).put(bad);
    String signed = "pl1.k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array());
    String ticket = signed + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(keys.signingMac().doFinal(signed.getBytes(StandardCharsets.US_ASCII)));

    assertThat(TicketCodec.verify(ticket, keys, PARKED).status).isEqualTo(TicketStatus.MALFORMED);
  }

  @Test
  void anOverlongInputIsMalformedBeforeAnyDecoding() {
    String ticket = encode(HIGH, PARKED, EXPIRES, "");
    String padded = ticket.substring(0, ticket.indexOf('.', 4) + 1) + "A".repeat(TicketCodec.MAX_TICKET_LENGTH)
        + ticket.substring(ticket.lastIndexOf('.'));

    assertThat(TicketCodec.verify(padded, keys, PARKED).status).isEqualTo(TicketStatus.MALFORMED);
    assertThat(TicketCodec.verify(padded, keys, PARKED).keyId).isNull();
  }
}
