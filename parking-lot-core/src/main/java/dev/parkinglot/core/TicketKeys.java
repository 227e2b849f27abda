package dev.parkinglot.core;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.spi.StoreConfig;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/*
 * Secrets. A secret is copied in and never handed out, printed or put into a message: toString
 * shows key ids only, and configuration errors name the key id and the limit, never the value
 * (not even a key id that failed its check, since a swapped "secret:kid" entry would put the
 * secret there). A Base64 decoder's own message names the offending character, so it is not used
 * as a cause either.
 *
 * Mac instances are not thread-safe. Each key keeps one initialised prototype and hands out
 * clones, which skips the provider lookup and key schedule of Mac.getInstance + init on every
 * ticket.
 */

/**
 * The HMAC-SHA256 keys a parking lot signs and verifies {@linkplain dev.parkinglot.ParkingLot#ticket()
 * tickets} with: one signing key, and any number of further keys accepted for verification only,
 * so that keys can rotate. Each key has an id that travels in the ticket in clear text.
 *
 * <pre>{@code
 * TicketKeys keys = TicketKeys.builder("2025-06", newSecret)   // signs new tickets, verifies them
 *     .verificationKey("2025-01", oldSecret)                    // still accepted until removed
 *     .build();
 * ParkingLot lot = ParkingLots.builder().store(store).ticketKeys(keys).build();
 * }</pre>
 *
 * <p>Rotation: deploy the new key as a verification key everywhere tickets are verified, then make
 * it the signing key where tickets are issued (the old one becomes a verification key), and remove
 * the old key once every ticket signed with it has expired. A ticket signed under a removed key is
 * then rejected as {@link dev.parkinglot.TicketStatus#UNKNOWN_KEY}. With HMAC, whoever can verify
 * can also sign: every service holding a key is trusted alike.
 *
 * <p>Key ids match {@code [A-Za-z0-9_-]{1,32}}; secrets have at least {@value #MIN_SECRET_BYTES}
 * bytes (the output size of SHA-256; generate them with {@link java.security.SecureRandom}).
 *
 * <p>From configuration ({@link ParkingLotBuilder#config(StoreConfig)}): {@value #KEYS} lists
 * {@code keyId:base64Secret} entries separated by commas (standard or URL-safe base64, padding
 * optional), and {@value #SIGNING_KEY_ID} names the signing key; it may be left out when there is
 * exactly one key.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows key ids, never secrets.
 */
public final class TicketKeys {
  /** The property listing the keys, {@code kid:base64secret,kid2:base64secret}. */
  public static final String KEYS = "parkinglot.tickets.keys";
  /** The property naming the signing key id. */
  public static final String SIGNING_KEY_ID = "parkinglot.tickets.signing-key-id";
  /** The shortest secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 32;
  /** The longest key id accepted, in chars. */
  public static final int MAX_KEY_ID_LENGTH = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_KEY_ID_LENGTH + "}");
  private static final String KEY_ID_RULE = "[A-Za-z0-9_-]{1," + MAX_KEY_ID_LENGTH + "}";

  private final String signingKeyId;
  /** Every accepted key by id, the signing key first. */
  private final Map<String, Key> keys;

  private TicketKeys(String signingKeyId, Map<String, Key> keys) {
    this.signingKeyId = signingKeyId;
    this.keys = keys;
  }

  /**
   * A builder whose signing key is {@code secret} under {@code signingKeyId}.
   *
   * @param signingKeyId the id of the signing key, written into every ticket
   * @param secret the signing key's secret; copied
   * @return a new builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the key id does not match {@code [A-Za-z0-9_-]{1,32}} or the
   *     secret is shorter than {@value #MIN_SECRET_BYTES} bytes
   */
  public static Builder builder(String signingKeyId, byte[] secret) {
    return new Builder(signingKeyId, secret);
  }

  /**
   * The id of the key that signs new tickets.
   *
   * @return the signing key id
   */
  public String signingKeyId() {
    return signingKeyId;
  }

  /**
   * The ids of every key accepted for verification, the signing key's first; unmodifiable.
   *
   * @return the accepted key ids
   */
  public Set<String> keyIds() {
    return Collections.unmodifiableSet(keys.keySet());
  }

  /**
   * Whether {@code keyId} is accepted for verification.
   *
   * @param keyId a key id, as read from a ticket
   * @return true when tickets signed under {@code keyId} are verified
   */
  public boolean accepts(String keyId) {
    return keys.containsKey(keyId);
  }

  /** A fresh Mac for {@code keyId}, or null when the id is not accepted. */
  @Nullable Mac mac(String keyId) {
    Key key = keys.get(keyId);
    return key == null ? null : key.mac();
  }

  /** A fresh Mac for the signing key. */
  Mac signingMac() {
    return keys.get(signingKeyId).mac();
  }

  static boolean isValidKeyId(String keyId) {
    return KEY_ID.matcher(keyId).matches();
  }

  /**
   * The keys configured by {@value #KEYS} and {@value #SIGNING_KEY_ID} (properties, then the
   * environment variables {@code PARKINGLOT_TICKETS_KEYS} and {@code
   * PARKINGLOT_TICKETS_SIGNING_KEY_ID}); empty when neither is set. {@link
   * ParkingLotBuilder#config(StoreConfig)} reads them too; this is for a lot built without
   * configuration, such as one that only issues and verifies tickets:
   *
   * <pre>{@code
   * ParkingLot lot = ParkingLots.builder()
   *     .ticketKeys(TicketKeys.fromConfig(StoreConfig.fromSystem()).orElseThrow())
   *     .build();
   * }</pre>
   *
   * @param config the settings to read
   * @return the keys, or empty when none are configured
   * @throws NullPointerException if {@code config} is null
   * @throws IllegalArgumentException if a setting is invalid; the message names the property, the
   *     entry's position or its key id, and the limit, never a secret
   */
  public static Optional<TicketKeys> fromConfig(StoreConfig config) {
    Objects.requireNonNull(config, "config must not be null");
    Optional<String> list = config.get(KEYS);
    Optional<String> signing = config.get(SIGNING_KEY_ID);
    if (list.isEmpty()) {
      if (signing.isPresent()) {
        throw new IllegalArgumentException(SIGNING_KEY_ID + " is set but " + KEYS + " is not");
      }
      return Optional.empty();
    }
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    String[] entries = list.get().split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      String where = KEYS + ": entry " + (i + 1) + " of " + entries.length;
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(where + " is not keyId:base64Secret (the value is not shown)");
      }
      String keyId = entry.substring(0, colon).trim();
      if (!isValidKeyId(keyId)) {
        throw new IllegalArgumentException(
            where + " has a key id that does not match " + KEY_ID_RULE + " (the value is not shown)");
      }
      if (secrets.containsKey(keyId)) {
        throw new IllegalArgumentException(KEYS + ": key id '" + keyId + "' appears more than once");
      }
      byte[] secret = decodeSecret(keyId, entry.substring(colon + 1).trim());
      checkSecretLength(KEYS + ": the secret of key id '" + keyId + "'", secret);
      secrets.put(keyId, secret);
    }
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException(
          KEYS + " lists no keys; expected keyId:base64Secret[,keyId:base64Secret…]");
    }
    String signingId;
    if (signing.isPresent()) {
      signingId = signing.get();
      if (!secrets.containsKey(signingId)) {
        throw new IllegalArgumentException(
            SIGNING_KEY_ID + " '" + (isValidKeyId(signingId) ? signingId : "(not a valid key id)")
                + "' is not one of the key ids of " + KEYS + " " + secrets.keySet());
      }
    } else if (secrets.size() == 1) {
      signingId = secrets.keySet().iterator().next();
    } else {
      throw new IllegalArgumentException(
          SIGNING_KEY_ID + " must name the signing key when " + KEYS + " has several keys "
              + secrets.keySet());
    }
    Builder builder = new Builder(signingId, secrets.get(signingId));
    secrets.forEach((keyId, secret) -> {
      if (!keyId.equals(signingId)) {
        builder.verificationKey(keyId, secret);
      }
    });
    secrets.values().forEach(secret -> Arrays.fill(secret, (byte) 0));
    return Optional.of(builder.build());
  }

  private static byte[] decodeSecret(String keyId, String text) {
    String standard = text.replace('-', '+').replace('_', '/');
    try {
      return Base64.getDecoder().decode(standard);
    } catch (IllegalArgumentException e) {
      // The decoder's message names the offending character: not passed on.
      throw new IllegalArgumentException(
          KEYS + ": the secret of key id '" + keyId + "' is not valid base64 (standard or URL-safe)");
    }
  }

  private static void checkKeyId(String keyId) {
    Objects.requireNonNull(keyId, "key id must not be null");
    if (!isValidKeyId(keyId)) {
      throw new IllegalArgumentException(
          "key id '" + ParkingLotLimits.printable(keyId) + "' must match " + KEY_ID_RULE + " (letters, digits, '_' and '-',"
              + " 1 to " + MAX_KEY_ID_LENGTH + " chars)");
    }
  }

  private static void checkSecretLength(String what, byte[] secret) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          what + " has " + secret.length + " bytes, fewer than the minimum of " + MIN_SECRET_BYTES);
    }
  }


  /** Key ids only; never a secret. */
  @Override
  public String toString() {
    return "TicketKeys{signingKeyId=" + signingKeyId + ", keyIds=" + keys.keySet() + '}';
  }

  /** One key: its spec and an initialised Mac to clone. */
  private static final class Key {
    private final SecretKeySpec spec;
    private final Mac prototype;

    Key(byte[] secret) {
      this.spec = new SecretKeySpec(secret, ALGORITHM);
      this.prototype = initialised(spec);
    }

    Mac mac() {
      try {
        return (Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        return initialised(spec);
      }
    }

    private static Mac initialised(SecretKeySpec spec) {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(spec);
        return mac;
      } catch (GeneralSecurityException e) {
        // Every Java platform must support HmacSHA256; reaching this means a broken JCA setup.
        throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
      }
    }

    @Override
    public String toString() {
      return "Key{secret hidden}";
    }
  }

  /** Builds {@link TicketKeys}; each call validates its arguments at once. Not thread-safe. */
  public static final class Builder {
    private final String signingKeyId;
    private final Map<String, Key> keys = new LinkedHashMap<>();

    private Builder(String signingKeyId, byte[] secret) {
      checkKeyId(signingKeyId);
      this.signingKeyId = signingKeyId;
      keys.put(signingKeyId, key(signingKeyId, secret));
    }

    /**
     * Accepts tickets signed with {@code secret} under {@code keyId}, without signing new ones: an
     * old key during a rotation, or a new one before it starts signing. The secret is copied.
     *
     * @param keyId the key's id
     * @param secret the key's secret
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the key id is invalid or already used, or the secret is
     *     shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public Builder verificationKey(String keyId, byte[] secret) {
      checkKeyId(keyId);
      if (keys.containsKey(keyId)) {
        throw new IllegalArgumentException("key id '" + keyId + "' is already used");
      }
      keys.put(keyId, key(keyId, secret));
      return this;
    }

    private static Key key(String keyId, byte[] secret) {
      Objects.requireNonNull(secret, () -> "the secret of key id '" + keyId + "' must not be null");
      checkSecretLength("the secret of key id '" + keyId + "'", secret);
      return new Key(secret);
    }

    /**
     * Builds the keys: the signing key and every verification key.
     *
     * @return the immutable keys
     */
    public TicketKeys build() {
      return new TicketKeys(signingKeyId, Collections.unmodifiableMap(new LinkedHashMap<>(keys)));
    }
  }
}
