package dev.parkinglot.store.redis;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.wire.JsonWireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/*
 * The claim and the tombstone layout.
 *
 * A claim moves the live entry from the key the original reads to its tombstone key (TombstoneKey,
 * same hash slot), in one script that reads no JSON: EXISTS, APPEND of a short trailer, RENAME,
 * PEXPIRE. RENAME moves the value without copying it, so the script's cost does not grow with the
 * value (APPEND may grow the string once). The value comes back in the reply when it is small
 * (INLINE_MAX); a larger one is read by a GET right after, and checked to still end with this
 * claim's trailer, since a value returned through Lua is copied several times (about 1.5 ms for
 * 1 MB here, against 0.1-0.3 ms for a GETDEL of it).
 *
 * The store decides after the reply, by its own clock, what it moved: a live entry (CLAIMED), a
 * tombstone written in place by the previous release (DUPLICATE: it stays a tombstone), an entry
 * expired by the store's clock or an unreadable one (the move is undone by release.lua, which
 * deletes the tombstone key only if it still ends with this claim's trailer).
 *
 * Tombstone value: the entry's bytes as they were, then the trailer
 *   NUL "1 " consumedAt " " tombstoneExpiresAt " " token      (decimal epoch ms, 16 hex token)
 * The NUL cannot occur in JSON text, so the last NUL splits it. The JSON part keeps every byte
 * another writer put there. When the JSON itself carries consumedAt (a tombstone saved with save,
 * or one the previous release wrote in place and a claim then moved), the JSON's own consumedAt and
 * ttlMs win over the trailer.
 *
 * Scripts are sent by EVALSHA; a node that does not know one yet (first use, after a restart or a
 * SCRIPT FLUSH) answers NOSCRIPT, and EVAL then runs it and caches it there.
 */

/** The claim script, the tombstone layout and how to call them. Package-private. */
final class RedisClaim {
  /** Values up to this size come back in the script's reply; larger ones by a GET after it. */
  static final int INLINE_MAX = 16 * 1024;

  /** What the script found. */
  enum Outcome { NOT_FOUND, MOVED, TOMBSTONE_KEY }

  /** The script's reply. */
  static final class Reply {
    final Outcome outcome;
    final byte @Nullable [] value;

    Reply(Outcome outcome, byte @Nullable [] value) {
      this.outcome = outcome;
      this.value = value;
    }
  }

  private static final Script CLAIM = new Script("claim.lua");
  private static final Script RELEASE = new Script("release.lua");
  private static final byte[] INLINE_MAX_ARG = arg(INLINE_MAX);
  private static final Random TOKENS = new SecureRandom();

  private RedisClaim() {}

  /**
   * The trailer of a tombstone consumed at {@code consumedAtMillis}, living until {@code
   * untilMillis}, with a random token that tells this claim's tombstone from any other.
   */
  static byte[] trailer(long consumedAtMillis, long untilMillis) {
    String text = "1 " + consumedAtMillis + ' ' + untilMillis + ' '
        + String.format("%016x", TOKENS.nextLong());
    byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
    byte[] trailer = new byte[ascii.length + 1];
    System.arraycopy(ascii, 0, trailer, 1, ascii.length);
    return trailer;
  }

  /** {@code json} followed by {@code trailer}: a tombstone value, for save. */
  static byte[] tombstoneValue(byte[] json, byte[] trailer) {
    byte[] value = Arrays.copyOf(json, json.length + trailer.length);
    System.arraycopy(trailer, 0, value, json.length, trailer.length);
    return value;
  }

  /** Runs the claim script on the entry key and its tombstone key. */
  static Reply claim(UnifiedJedis redis, byte[] key, byte[] tombstoneKey, byte[] trailer, long pxMillis) {
    Object reply = CLAIM.run(redis, List.of(key, tombstoneKey), List.of(trailer, arg(pxMillis), INLINE_MAX_ARG));
    return parse(reply);
  }

  /** Deletes the tombstone key if it still ends with {@code trailer}; true when it did. */
  static boolean release(UnifiedJedis redis, byte[] tombstoneKey, byte[] trailer) {
    Object reply = RELEASE.run(redis, List.of(tombstoneKey), List.of(trailer));
    return reply instanceof Long && (Long) reply > 0;
  }

  static Reply parse(@Nullable Object reply) {
    if (reply == null) {
      return new Reply(Outcome.NOT_FOUND, null);
    }
    List<?> parts = reply instanceof List ? (List<?>) reply : List.of();
    if (parts.isEmpty() || !(parts.get(0) instanceof Long)) {
      throw new IllegalStateException("unexpected reply from the claim script: " + reply);
    }
    long code = (Long) parts.get(0);
    byte[] value = parts.size() > 1 && parts.get(1) instanceof byte[] ? (byte[]) parts.get(1) : null;
    if (code == 0) {
      return new Reply(Outcome.MOVED, value);
    }
    if (code == 1) {
      return new Reply(Outcome.TOMBSTONE_KEY, value);
    }
    throw new IllegalStateException("unexpected reply from the claim script: code " + code);
  }

  /** Whether {@code value} ends with {@code trailer}. */
  static boolean endsWith(byte[] value, byte[] trailer) {
    int offset = value.length - trailer.length;
    return offset >= 0
        && Arrays.equals(value, offset, value.length, trailer, 0, trailer.length);
  }

  /**
   * The entry's bytes of a tombstone value: everything before its trailer.
   *
   * @throws CorruptEntryException if the value has no trailer
   */
  static byte[] entryBytes(String key, byte[] tombstone) {
    return Arrays.copyOf(tombstone, trailerStart(key, tombstone));
  }

  /**
   * Reads a tombstone value: the entry as the JSON part says, consumed as the trailer says unless
   * the JSON already is a tombstone.
   *
   * @throws CorruptEntryException if the value has no valid trailer or its JSON is not an entry
   */
  static StoredTraceContext decodeTombstone(String key, byte[] tombstone) {
    int start = trailerStart(key, tombstone);
    StoredTraceContext entry = JsonWireFormat.decode(key, Arrays.copyOf(tombstone, start));
    if (entry.isConsumed()) {
      return entry;
    }
    String[] fields = new String(tombstone, start + 1, tombstone.length - start - 1, StandardCharsets.US_ASCII)
        .split(" ", -1);
    if (fields.length != 4 || !fields[0].equals("1")) {
      throw corruptTrailer(key, null);
    }
    long consumedAt;
    long until;
    try {
      consumedAt = Long.parseLong(fields[1]);
      until = Long.parseLong(fields[2]);
    } catch (NumberFormatException e) {
      throw corruptTrailer(key, e);
    }
    if (consumedAt < 0 || until < consumedAt) {
      throw corruptTrailer(key, null);
    }
    long grace = Math.max(1, Math.min(ParkingLotLimits.MAX_TTL.toMillis(), until - consumedAt));
    return entry.asConsumed(Consumption.atMillis(consumedAt, Duration.ofMillis(grace)));
  }

  private static int trailerStart(String key, byte[] tombstone) {
    for (int i = tombstone.length - 1; i >= 0; i--) {
      if (tombstone[i] == 0) {
        return i;
      }
    }
    throw corruptTrailer(key, null);
  }

  private static CorruptEntryException corruptTrailer(String key, @Nullable Throwable cause) {
    return new CorruptEntryException(key, "its tombstone key holds a value without a valid consumption"
        + " trailer (NUL, then \"1 <consumedAt> <until> <token>\")", cause);
  }

  /** The claim script's text, for tests. */
  static String text() {
    return CLAIM.text();
  }

  /** The claim script's SHA-1 in hex, as Redis names it. */
  static String sha1() {
    return CLAIM.sha1();
  }

  private static byte[] arg(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /** A script from the jar, sent by EVALSHA with EVAL as the fallback. */
  private static final class Script {
    private final byte[] text;
    private final byte[] sha1;

    Script(String resource) {
      this.text = load(resource);
      this.sha1 = sha1Hex(text);
    }

    Object run(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
      try {
        return redis.evalsha(sha1, keys, args);
      } catch (JedisNoScriptException notLoaded) {
        return redis.eval(text, keys, args);
      }
    }

    String text() {
      return new String(text, StandardCharsets.UTF_8);
    }

    String sha1() {
      return new String(sha1, StandardCharsets.US_ASCII);
    }

    private static byte[] load(String resource) {
      try (InputStream in = Objects.requireNonNull(
          RedisClaim.class.getResourceAsStream(resource), resource + " is missing from the jar")) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource + " from the jar", e);
      }
    }

    private static byte[] sha1Hex(byte[] bytes) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(bytes);
        StringBuilder hex = new StringBuilder(40);
        for (byte b : digest) {
          hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString().getBytes(StandardCharsets.US_ASCII);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JVM has no SHA-1, which every Java platform must provide", e);
      }
    }
  }
}
