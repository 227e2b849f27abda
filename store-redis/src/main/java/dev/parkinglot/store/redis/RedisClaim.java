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
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/*
 * The claim and the tombstone layout.
 *
 * A claim moves the live entry from the key the original reads (K) to its tombstone (TombstoneKey,
 * same hash slot): the entry's bytes go to T by RENAME, which copies nothing, and the consumption
 * record to M by a SET of a few dozen bytes, in one script that reads no JSON: STRLEN, RENAME,
 * PEXPIRE, SET. The script's cost does not grow with the value. The value comes back in the reply
 * when it is small (INLINE_MAX); a larger one is read by an MGET of T and M right after, checked to
 * still carry this claim's record, since a value returned through Lua is copied several times:
 * measured here with INFO commandstats, returning it adds ~2 us to the script at 131 bytes and 1 KB,
 * ~6 us at 4 KB, 15-23 us at 8 KB, 36-54 us at 16 KB and ~1.5 ms at 1 MB (a GETDEL of 1 MB: 40-60 us).
 *
 * The store decides after the reply, by its own clock, what it moved: a live entry (CLAIMED), a
 * tombstone written in place by the previous release (DUPLICATE: it stays a tombstone), an entry
 * expired by the store's clock or an unreadable one (the move is undone by release.lua, which
 * deletes T and M only if M still holds this claim's record).
 *
 * The record (M): "1 " consumedAt " " tombstoneExpiresAt " " token, decimal epoch ms and a random
 * 16-hex token that tells this claim's tombstone from any other. T keeps every byte another writer
 * put in the entry. When the JSON in T itself carries consumedAt (a tombstone the previous release
 * wrote in place and a claim then moved), the JSON's own consumedAt and ttlMs win over the record.
 *
 * Scripts are sent by EVALSHA; a node that does not know one yet (first use, after a restart or a
 * SCRIPT FLUSH) answers NOSCRIPT, and EVAL then runs it and caches it there.
 */

/** The claim script, the tombstone layout and how to call them. Package-private. */
final class RedisClaim {
  /** Values up to this size come back in the script's reply; larger ones by a GET after it. */
  static final int INLINE_MAX = 2 * 1024;

  /** What the script found. */
  enum Outcome { NOT_FOUND, MOVED, TOMBSTONE }

  /** The script's reply. */
  static final class Reply {
    final Outcome outcome;
    /** The entry's bytes, when the script returned them (small enough). */
    final byte @Nullable [] value;
    /** For TOMBSTONE: the consumption record, empty when there is none. */
    final byte @Nullable [] record;

    Reply(Outcome outcome, byte @Nullable [] value, byte @Nullable [] record) {
      this.outcome = outcome;
      this.value = value;
      this.record = record;
    }
  }

  private static final Script CLAIM = new Script("claim.lua");
  private static final Script RELEASE = new Script("release.lua");
  private static final byte[] INLINE_MAX_ARG = arg(INLINE_MAX);

  private RedisClaim() {}

  /**
   * The consumption record of a tombstone consumed at {@code consumedAtMillis}, living until {@code
   * untilMillis}, with a random token that tells this claim's tombstone from any other.
   */
  static byte[] record(long consumedAtMillis, long untilMillis) {
    String token = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    return ("1 " + consumedAtMillis + ' ' + untilMillis + ' ' + token).getBytes(StandardCharsets.US_ASCII);
  }

  /** Runs the claim script on the entry key and its tombstone's keys. */
  static Reply claim(UnifiedJedis redis, byte[] key, byte[] tombstoneKey, byte[] consumptionKey, byte[] record,
      long pxMillis) {
    Object reply = CLAIM.run(redis, List.of(key, tombstoneKey, consumptionKey),
        List.of(record, arg(pxMillis), INLINE_MAX_ARG));
    return parse(reply);
  }

  /** Deletes the tombstone's keys if the record still is {@code record}; true when it did. */
  static boolean release(UnifiedJedis redis, byte[] tombstoneKey, byte[] consumptionKey, byte[] record) {
    Object reply = RELEASE.run(redis, List.of(tombstoneKey, consumptionKey), List.of(record));
    return reply instanceof Long && (Long) reply > 0;
  }

  static Reply parse(@Nullable Object reply) {
    if (reply == null) {
      return new Reply(Outcome.NOT_FOUND, null, null);
    }
    List<?> parts = reply instanceof List ? (List<?>) reply : List.of();
    if (parts.isEmpty() || !(parts.get(0) instanceof Long)) {
      throw new IllegalStateException("unexpected reply from the claim script: " + reply);
    }
    long code = (Long) parts.get(0);
    if (code == 0) {
      return new Reply(Outcome.MOVED, bytesAt(parts, 1), null);
    }
    if (code == 1 && bytesAt(parts, 1) != null) {
      return new Reply(Outcome.TOMBSTONE, bytesAt(parts, 2), bytesAt(parts, 1));
    }
    throw new IllegalStateException("unexpected reply from the claim script: code " + code);
  }

  private static byte @Nullable [] bytesAt(List<?> parts, int index) {
    return parts.size() > index && parts.get(index) instanceof byte[] ? (byte[]) parts.get(index) : null;
  }

  /**
   * Reads a tombstone: the entry as its JSON says, consumed as the record says unless the JSON
   * already is a tombstone.
   *
   * @param entry the entry's bytes
   * @param record the consumption record; null or empty when there is none
   * @throws CorruptEntryException if the JSON is not an entry, or it is not consumed and the record
   *     is missing or invalid
   */
  static StoredTraceContext decodeTombstone(String key, byte[] entry, byte @Nullable [] record) {
    StoredTraceContext context = JsonWireFormat.decode(key, entry);
    if (context.isConsumed()) {
      return context;
    }
    if (record == null || record.length == 0) {
      throw corruptRecord(key, "missing", null);
    }
    String[] fields = new String(record, StandardCharsets.US_ASCII).split(" ", -1);
    if (fields.length != 4 || !fields[0].equals("1")) {
      throw corruptRecord(key, "not \"1 <consumedAt> <until> <token>\"", null);
    }
    long consumedAt;
    long until;
    try {
      consumedAt = Long.parseLong(fields[1]);
      until = Long.parseLong(fields[2]);
    } catch (NumberFormatException e) {
      throw corruptRecord(key, "not \"1 <consumedAt> <until> <token>\"", e);
    }
    if (consumedAt < 0 || until < consumedAt) {
      throw corruptRecord(key, "consumed at " + consumedAt + ", until " + until, null);
    }
    long grace = Math.max(1, Math.min(ParkingLotLimits.MAX_TTL.toMillis(), until - consumedAt));
    return context.asConsumed(Consumption.atMillis(consumedAt, Duration.ofMillis(grace)));
  }

  private static CorruptEntryException corruptRecord(String key, String what, @Nullable Throwable cause) {
    return new CorruptEntryException(key, "its tombstone's consumption record is " + what, cause);
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
