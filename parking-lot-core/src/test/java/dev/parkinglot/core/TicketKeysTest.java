package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.ParkingLot;
import dev.parkinglot.spi.StoreConfig;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ticket keys from code and from configuration; no secret ever reaches a message or a toString. */
class TicketKeysTest extends TicketTestBase {
  private static final byte[] SECRET_1 = secret(1);
  private static final byte[] SECRET_2 = secret(2);
  private static final String B64_1 = Base64.getEncoder().encodeToString(SECRET_1);
  private static final String B64_2 = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET_2);

  private static StoreConfig config(Map<String, String> properties) {
    return StoreConfig.of(properties);
  }

  /** Every text a caller could see must not contain any secret, in any encoding, nor a long part of one. */
  private static void assertNoSecretIn(String text) {
    for (String secret : List.of(B64_1, B64_2, Base64.getEncoder().encodeToString(SECRET_2), "c2hvcnQ")) {
      assertThat(text).doesNotContain(secret).doesNotContain(secret.substring(0, 6));
    }
  }

  @Test
  void theBuilderKeepsTheSigningKeyFirstAndShowsKeyIdsOnly() {
    TicketKeys keys = TicketKeys.builder("2025-06", SECRET_2).verificationKey("2025-01", SECRET_1).build();

    assertThat(keys.signingKeyId()).isEqualTo("2025-06");
    assertThat(keys.keyIds()).containsExactly("2025-06", "2025-01");
    assertThat(keys.accepts("2025-01")).isTrue();
    assertThat(keys.accepts("2024-12")).isFalse();
    assertThat(keys).hasToString("TicketKeys{signingKeyId=2025-06, keyIds=[2025-06, 2025-01]}");
    assertNoSecretIn(keys.toString());
    ParkingLot lot = builder(keys).build();
    assertThat(lot.toString()).contains("keyIds=[2025-06, 2025-01]");
    assertNoSecretIn(lot.toString());
  }

  @Test
  void theSecretIsCopiedSoChangingTheCallersArrayChangesNoSignature() {
    byte[] secret = secret(1);
    ParkingLot lot = builder(TicketKeys.builder("k1", secret).build()).build();
    Arrays.fill(secret, (byte) 0);
    String ticket = ticketInCheckout(lot);

    assertThat(TicketCodec.verify(ticket, keys("k1", 1), START).status)
        .isEqualTo(dev.parkinglot.TicketStatus.VALID);
    assertThat(TicketCodec.verify(ticket, TicketKeys.builder("k1", secret).build(), START).status)
        .isEqualTo(dev.parkinglot.TicketStatus.BAD_SIGNATURE);
  }

  @Test
  void keyIdsAndSecretsAreCheckedNamingTheKeyIdAndTheLimit() {
    assertThatThrownBy(() -> TicketKeys.builder("k1", new byte[31]))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("the secret of key id 'k1' has 31 bytes, fewer than the minimum of 32");
    assertThatThrownBy(() -> TicketKeys.builder("k.1", SECRET_1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("key id 'k.1' must match [A-Za-z0-9_-]{1,32} (letters, digits, '_' and '-', 1 to 32 chars)");
    assertThatThrownBy(() -> TicketKeys.builder("k".repeat(33), SECRET_1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key id 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk' must match");
    assertThatThrownBy(() -> TicketKeys.builder("", SECRET_1))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("key id '' must match");
    assertThatThrownBy(() -> TicketKeys.builder(null, SECRET_1))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("key id must not be null");
    assertThatThrownBy(() -> TicketKeys.builder("k1", null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("the secret of key id 'k1' must not be null");
    assertThatThrownBy(() -> TicketKeys.builder("k1", SECRET_1).verificationKey("k1", SECRET_2))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("key id 'k1' is already used");
    assertThatThrownBy(() -> ParkingLots.builder().ticketKeys(null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("ticketKeys must not be null");
  }

  @Test
  void configReadsOneKeyAsTheSigningKey() {
    TicketKeys keys =
        TicketKeys.fromConfig(config(Map.of("parkinglot.tickets.keys", "k1:" + B64_1))).orElseThrow();

    assertThat(keys.signingKeyId()).isEqualTo("k1");
    assertThat(keys.keyIds()).containsExactly("k1");
    assertThat(TicketKeys.fromConfig(config(Map.of()))).isEmpty();
  }

  @Test
  void configReadsSeveralKeysInStandardOrUrlSafeBase64AndTheNamedSigningKey() {
    TicketKeys keys = TicketKeys.fromConfig(StoreConfig.builder()
        .environment(Map.of(
            "PARKINGLOT_TICKETS_KEYS", " old : " + B64_1 + " , new:" + B64_2 + ",",
            "PARKINGLOT_TICKETS_SIGNING_KEY_ID", "new"))
        .build()).orElseThrow();

    assertThat(keys.signingKeyId()).isEqualTo("new");
    assertThat(keys.keyIds()).containsExactly("new", "old");
    ParkingLot configured = builder(keys).build();
    String ticket = ticketInCheckout(configured);
    assertThat(TicketCodec.verify(ticket, keys("new", 2), START).status)
        .isEqualTo(dev.parkinglot.TicketStatus.VALID);
  }

  @Test
  void anExplicitTicketKeysSetterWinsOverConfiguration() {
    ParkingLot lot = builder(keys("explicit", 3))
        .config(config(Map.of("parkinglot.tickets.keys", "k1:" + B64_1)))
        .build();

    assertThat(ticketInCheckout(lot)).startsWith("pl1.explicit.");
  }

  @Test
  void configErrorsNameThePropertyAndTheKeyIdButNeverTheSecret() {
    Map<Map<String, String>, String> cases = Map.of(
        Map.of("parkinglot.tickets.keys", B64_1),
        "parkinglot.tickets.keys: entry 1 of 1 is not keyId:base64Secret (the value is not shown)",
        Map.of("parkinglot.tickets.keys", "k1:" + B64_1 + "," + B64_2 + ":k2"),
        "parkinglot.tickets.keys: entry 2 of 2 has a key id that does not match [A-Za-z0-9_-]{1,32} (the value"
            + " is not shown)",
        Map.of("parkinglot.tickets.keys", "k1:" + B64_1 + "!"),
        "parkinglot.tickets.keys: the secret of key id 'k1' is not valid base64 (standard or URL-safe)",
        Map.of("parkinglot.tickets.keys", "k1:c2hvcnQ"),
        "parkinglot.tickets.keys: the secret of key id 'k1' has 5 bytes, fewer than the minimum of 32",
        Map.of("parkinglot.tickets.keys", "k1:" + B64_1 + ",k1:" + B64_2),
        "parkinglot.tickets.keys: key id 'k1' appears more than once",
        Map.of("parkinglot.tickets.keys", " , "),
        "parkinglot.tickets.keys lists no keys; expected keyId:base64Secret[,keyId:base64Secret…]",
        Map.of("parkinglot.tickets.keys", "k1:" + B64_1 + ",k2:" + B64_2),
        "parkinglot.tickets.signing-key-id must name the signing key when parkinglot.tickets.keys has several"
            + " keys [k1, k2]",
        Map.of("parkinglot.tickets.keys", "k1:" + B64_1, "parkinglot.tickets.signing-key-id", "k3"),
        "parkinglot.tickets.signing-key-id 'k3' is not one of the key ids of parkinglot.tickets.keys [k1]",
        Map.of("parkinglot.tickets.keys", "k1:" + B64_1, "parkinglot.tickets.signing-key-id", B64_2),
        "parkinglot.tickets.signing-key-id '(not a valid key id)' is not one of the key ids of"
            + " parkinglot.tickets.keys [k1]",
        Map.of("parkinglot.tickets.signing-key-id", "k1"),
        "parkinglot.tickets.signing-key-id is set but parkinglot.tickets.keys is not");
    cases.forEach((properties, message) -> {
      assertThatThrownBy(() -> ParkingLots.builder().config(config(properties)))
          .as("%s", message)
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage(message)
          .hasNoCause()
          .satisfies(e -> assertNoSecretIn(e.toString()));
    });
  }
}
