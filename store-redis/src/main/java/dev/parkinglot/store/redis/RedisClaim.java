package dev.parkinglot.store.redis;

import dev.parkinglot.wire.JsonWireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/*
 * Why a script. A claim reads the entry, decides, and writes the tombstone; done as GET then SET
 * from the client, two racing claims could both read the live entry. A Lua script runs on the
 * server with nothing else in between, so the read and the write are one step, in one round trip,
 * and on one key, so it runs on the key's node of a Redis Cluster.
 *
 * The script (claim.lua) gets the store clock's now, so the expiry check happens before anything is
 * written: an entry expired by the store's clock but not yet by Redis' is left alone and reported
 * as expired. It builds the tombstone from the stored bytes (ttlMs replaced, consumedAt set), so
 * what another writer put there survives, and reads the JSON with Redis' bundled cjson only to
 * decide. It is sent by EVALSHA; a node that does not know it yet (first use, after a restart or a
 * SCRIPT FLUSH) answers NOSCRIPT, and EVAL then runs it and caches it there.
 */

/** The claim script and how to call it. Package-private. */
final class RedisClaim {
  /** What the script found. */
  enum Outcome { NOT_FOUND, CLAIMED, DUPLICATE, EXPIRED, UNREADABLE }

  /** The script's reply: what it found and, except for NOT_FOUND and EXPIRED, the stored value. */
  static final class Reply {
    final Outcome outcome;
    final byte @Nullable [] value;

    Reply(Outcome outcome, byte @Nullable [] value) {
      this.outcome = outcome;
      this.value = value;
    }
  }

  private static final byte[] SCRIPT = load();
  private static final byte[] SHA1 = sha1Hex(SCRIPT);
  // The wire format's own values, so that the script reads an entry as JsonWireFormat.decode does.
  private static final byte[] MAX_TTL_ARG = arg(JsonWireFormat.MAX_TTL_MILLIS);
  private static final byte[] DEFAULT_TTL_ARG = arg(JsonWireFormat.DEFAULT_TTL_MILLIS);

  private final byte[] maxPxArg;

  RedisClaim(long maxPxMillis) {
    this.maxPxArg = arg(maxPxMillis);
  }

  /**
   * Runs the script on {@code key}.
   *
   * @param nowMillis the store clock's now, which decides expiry
   * @param consumedAtMillis the tombstone's consumed time
   * @param untilMillis until when the tombstone lives
   */
  Reply run(UnifiedJedis redis, byte[] key, long nowMillis, long consumedAtMillis, long untilMillis) {
    List<byte[]> keys = List.of(key);
    List<byte[]> args = List.of(
        arg(nowMillis), arg(consumedAtMillis), arg(untilMillis), MAX_TTL_ARG, DEFAULT_TTL_ARG, maxPxArg);
    Object reply;
    try {
      reply = redis.evalsha(SHA1, keys, args);
    } catch (JedisNoScriptException notLoaded) {
      reply = redis.eval(SCRIPT, keys, args);
    }
    return parse(reply);
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
    Outcome outcome = code == 0 ? Outcome.CLAIMED
        : code == 1 ? Outcome.DUPLICATE
        : code == 2 ? Outcome.EXPIRED
        : code == 3 ? Outcome.UNREADABLE
        : null;
    if (outcome == null || (outcome != Outcome.EXPIRED && value == null)) {
      throw new IllegalStateException("unexpected reply from the claim script: code " + code);
    }
    return new Reply(outcome, value);
  }

  /** The script's text, for tests. */
  static String text() {
    return new String(SCRIPT, StandardCharsets.UTF_8);
  }

  /** The script's SHA-1 in hex, as Redis names it. */
  static String sha1() {
    return new String(SHA1, StandardCharsets.US_ASCII);
  }

  private static byte[] arg(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] load() {
    try (InputStream in = Objects.requireNonNull(
        RedisClaim.class.getResourceAsStream("claim.lua"), "claim.lua is missing from the jar")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read claim.lua from the jar", e);
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
