package dev.parkinglot.store.redis;

import java.util.Arrays;

/*
 * Where a tombstone lives. The original (npm autotel) reads the plain key with GET, so a consumed
 * context must leave that key; duplicate detection keeps it under a companion key, which a claim
 * moves the entry to with RENAME. RENAME and the claim script touch both keys at once, so both must
 * be in one hash slot of a Redis Cluster, whatever the key contains.
 *
 * How Redis Cluster hashes a key: if it has a '{' and, after the first '{', a '}' with at least one
 * byte between them, only those bytes (the hash tag) are hashed; otherwise the whole key is. The
 * slot is CRC16-XMODEM(hashed bytes) mod 16384.
 *
 * A tombstone is two companions: the entry's bytes, moved there unchanged (the key's bytes, then
 * 0xFF "tombstone:" and four check bytes), and its consumption record (0xFF "consumed:" and four
 * check bytes). The check bytes make CRC16(companion) and CRC16(key) agree in their low 14 bits.
 * That gives the same slot in both cases:
 *   - the key has a hash tag: appending bytes changes neither its first '{' nor the first '}' after
 *     it, so the companion has the same tag (the check bytes do not matter then);
 *   - the key has none: the appended bytes hold no brace, so the companion has none either, and the
 *     whole companion hashes to the key's slot by the check bytes.
 * No other naming works for every key: a hash tag never contains '}', so a key like "a}b" (whole key
 * hashed) has no tagged companion in its slot, and prefixing a tag changes the slot of a tagged key.
 *
 * The check bytes: CRC16 with a zero start and no final xor is linear, so CRC(key + suffix + b) =
 * CRC(state after key + suffix, through four zero bytes) xor CRC(0, b). The four bytes are drawn
 * from 0x40..0x4F ('@', 'A'..'O'): their low nibbles are 16 free bits, and CRC(0, b) over them hits
 * all 16384 slots (checked when the class loads). CHECK holds, per slot residue, the bytes that make
 * it.
 *
 * 0xFF never occurs in UTF-8, so no key either side writes (Java and Node encode keys as UTF-8) can
 * ever be a companion: a tombstone can never land on a key the original reads.
 */

/** The companion keys that hold an entry's tombstone. Package-private. */
final class TombstoneKey {
  /** Marks the tombstone's entry bytes: 0xFF is no UTF-8 byte, so no store key holds it. */
  static final byte[] ENTRY_SUFFIX = suffix("tombstone:");
  /** Marks the tombstone's consumption record. */
  static final byte[] CONSUMPTION_SUFFIX = suffix("consumed:");

  private static final int SLOT_MASK = 0x3FFF;
  private static final int CHECK_BYTES = 4;
  private static final int[] TABLE = crcTable();
  /** Per slot residue, the four check nibbles (first in the high nibble). */
  private static final short[] CHECK = checkTable();

  private TombstoneKey() {}

  /**
   * Where the tombstone of {@code key} keeps the entry's bytes: in the same hash slot, never a key
   * either side writes.
   *
   * @param key the entry's key, UTF-8
   * @return the key of the tombstone's entry bytes
   */
  static byte[] of(byte[] key) {
    return companion(key, ENTRY_SUFFIX);
  }

  /**
   * Where the tombstone of {@code key} keeps its consumption record; same slot.
   *
   * @param key the entry's key, UTF-8
   * @return the key of the consumption record
   */
  static byte[] consumption(byte[] key) {
    return companion(key, CONSUMPTION_SUFFIX);
  }

  private static byte[] companion(byte[] key, byte[] suffix) {
    byte[] companion = Arrays.copyOf(key, key.length + suffix.length + CHECK_BYTES);
    System.arraycopy(suffix, 0, companion, key.length, suffix.length);
    int target = crc16(0, key, key.length);
    int state = crc16(target, suffix, suffix.length);
    int throughZeros = crc16(state, new byte[CHECK_BYTES], CHECK_BYTES);
    int nibbles = CHECK[(target ^ throughZeros) & SLOT_MASK];
    for (int i = 0; i < CHECK_BYTES; i++) {
      companion[key.length + suffix.length + i] = (byte) (0x40 | ((nibbles >>> (12 - 4 * i)) & 0xF));
    }
    return companion;
  }

  private static byte[] suffix(String name) {
    byte[] ascii = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] suffix = new byte[ascii.length + 1];
    suffix[0] = (byte) 0xFF;
    System.arraycopy(ascii, 0, suffix, 1, ascii.length);
    return suffix;
  }

  /**
   * CRC16-XMODEM (polynomial 0x1021, zero start, no final xor), as Redis Cluster hashes keys.
   *
   * @param state the register before {@code bytes}: 0 for a fresh CRC
   * @param bytes the bytes
   * @param length how many of them
   * @return the register after them
   */
  static int crc16(int state, byte[] bytes, int length) {
    int crc = state;
    for (int i = 0; i < length; i++) {
      crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xFF]) & 0xFFFF;
    }
    return crc;
  }

  private static int[] crcTable() {
    int[] table = new int[256];
    for (int b = 0; b < 256; b++) {
      int crc = b << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
      }
      table[b] = crc;
    }
    return table;
  }

  private static short[] checkTable() {
    short[] check = new short[SLOT_MASK + 1];
    boolean[] seen = new boolean[SLOT_MASK + 1];
    int found = 0;
    byte[] bytes = new byte[CHECK_BYTES];
    for (int nibbles = 0; nibbles <= 0xFFFF; nibbles++) {
      for (int i = 0; i < CHECK_BYTES; i++) {
        bytes[i] = (byte) (0x40 | ((nibbles >>> (12 - 4 * i)) & 0xF));
      }
      int residue = crc16(0, bytes, CHECK_BYTES) & SLOT_MASK;
      if (!seen[residue]) {
        seen[residue] = true;
        check[residue] = (short) nibbles;
        found++;
      }
    }
    if (found != SLOT_MASK + 1) {
      throw new IllegalStateException("check bytes reach " + found + " of 16384 slots");
    }
    return check;
  }
}
