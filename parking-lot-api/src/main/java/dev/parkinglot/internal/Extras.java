package dev.parkinglot.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/*
 * The rarely present parts of a StoredTraceContext, kept out of line so that a plain entry stays
 * small, and kept flat so that an entry with metadata costs as little as one String.
 *
 * Metadata is packed: the values in one String, each preceded by its length as a single char
 * (values are at most MAX_READ_METADATA_VALUE_LENGTH chars, 65535, even when read from another writer), and the keys as one array
 * that every entry with the same key set shares. A million entries parked with the same three keys
 * hold one key array between them; a Map.of with three entries would cost about 208 bytes per
 * entry on its own.
 *
 * A StoredTraceContext's extras reference is one of three things:
 *  - null: no tracestate, no baggage, no metadata (the common case);
 *  - a String: metadata only, with a shared key set. The String starts with the key set's index in
 *    a global, bounded registry, as two chars below 256 (so a Latin-1 value stays one byte per
 *    char), followed by the packed values. No wrapper object: measured with three small fields,
 *    this saves 32 bytes per entry (the wrapper's header and four references) over an Extras;
 *  - an Extras: tracestate or baggage present, a key set the full registry could not take, or a
 *    tombstone (the subclass Consumed, which adds the time the entry was consumed).
 *
 * The registry holds at most MAX_SHARED_KEY_SETS key sets for the life of the JVM, never removed;
 * beyond that, each entry keeps its own key array inside an Extras.
 */

/**
 * The packed tracestate, baggage, metadata and consumption time of a {@code StoredTraceContext}.
 * Not public API: internal to Parking Lot, changes in any release without notice.
 */
public class Extras {
  /** Key sets are shared while fewer than this many distinct ones were seen (fits two bytes). */
  private static final int MAX_SHARED_KEY_SETS = 4096;

  private static final ConcurrentHashMap<List<String>, Integer> KEY_SET_INDEX = new ConcurrentHashMap<>();
  private static final AtomicReferenceArray<String[]> KEY_SETS = new AtomicReferenceArray<>(MAX_SHARED_KEY_SETS);

  private static final String[] NO_KEYS = new String[0];
  /** Key sets with more keys than the write limit (entries read from another writer) are never shared. */
  private static final int MAX_SHARED_KEY_SET_SIZE = dev.parkinglot.ParkingLotLimits.MAX_METADATA_ENTRIES;

  private final String traceState;
  private final String baggage;
  private final String[] metadataKeys;
  private final String metadataValues;

  private Extras(String traceState, String baggage, String[] metadataKeys, String metadataValues) {
    this.traceState = traceState;
    this.baggage = baggage;
    this.metadataKeys = metadataKeys;
    this.metadataValues = metadataValues;
  }

  /** Epoch millis at which the entry was consumed (it is a tombstone), or -1 when it was not. */
  long consumedAtMillis() {
    return -1;
  }

  /**
   * When the entry holding {@code extras} was consumed.
   *
   * @param extras a value {@link #of} or {@link #consumed} returned
   * @return epoch millis, or -1 when the entry is not a tombstone
   */
  public static long consumedAtMillis(@Nullable Object extras) {
    return extras instanceof Extras ? ((Extras) extras).consumedAtMillis() : -1;
  }

  /**
   * The extras of a tombstone.
   *
   * @param extras any form {@link #of} returns
   * @param consumedAtMillis when the entry was consumed, epoch millis
   * @return {@code extras} marked as consumed
   */
  public static Extras consumed(@Nullable Object extras, long consumedAtMillis) {
    if (extras instanceof Extras) {
      Extras full = (Extras) extras;
      return new Consumed(full.traceState, full.baggage, full.metadataKeys, full.metadataValues, consumedAtMillis);
    }
    if (extras instanceof String) {
      String packed = (String) extras;
      return new Consumed("", "", KEY_SETS.get(keySetIndexOf(packed)), packed.substring(2), consumedAtMillis);
    }
    return new Consumed("", "", NO_KEYS, "", consumedAtMillis);
  }

  /**
   * The extras of a tombstone: a consumed entry kept for duplicate detection. A subclass, so that
   * the extras of the far more common live entries carry no field for it.
   */
  private static final class Consumed extends Extras {
    private final long consumedAtMillis;

    Consumed(String traceState, String baggage, String[] keys, String values, long consumedAtMillis) {
      super(traceState, baggage, keys, values);
      this.consumedAtMillis = consumedAtMillis;
    }

    @Override
    long consumedAtMillis() {
      return consumedAtMillis;
    }
  }

  /**
   * The extras for these parts: null when all are empty, a packed String for shareable metadata
   * alone, an {@link Extras} otherwise. Metadata was checked by the caller.
   *
   * @param traceState the W3C tracestate header, or empty
   * @param baggage the W3C baggage header, or empty
   * @param metadata the metadata, in its order
   * @return the packed form
   */
  public static @Nullable Object of(String traceState, String baggage, Map<String, String> metadata) {
    if (traceState.isEmpty() && baggage.isEmpty() && metadata.isEmpty()) {
      return null;
    }
    if (metadata.isEmpty()) {
      return new Extras(traceState, baggage, NO_KEYS, "");
    }
    String[] keys = new String[metadata.size()];
    StringBuilder values = new StringBuilder(2 + metadata.size() * 16);
    values.append('\0').append('\0'); // room for the key set's index
    int i = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      keys[i++] = entry.getKey();
      String value = entry.getValue();
      values.append((char) value.length()).append(value);
    }
    // Only key sets within the write limit are shared: an entry read from another writer may have
    // hundreds of keys, and the registry lives as long as the JVM.
    int index = keys.length <= MAX_SHARED_KEY_SET_SIZE ? keySetIndex(keys) : -1;
    if (index >= 0 && traceState.isEmpty() && baggage.isEmpty()) {
      values.setCharAt(0, (char) (index >>> 8));
      values.setCharAt(1, (char) (index & 0xFF));
      return values.toString();
    }
    String[] sharedKeys = index >= 0 ? KEY_SETS.get(index) : keys;
    return new Extras(traceState, baggage, sharedKeys, values.substring(2));
  }

  /**
   * An upper estimate of the heap {@code extras} keeps beyond the entry: see {@link
   * dev.parkinglot.StoredTraceContext#estimatedHeapBytes()}. A packed String's keys are shared and not counted; an
   * Extras' keys are counted even when shared.
   *
   * @param extras a value {@link #of} or {@link #consumed} returned
   * @return the estimate in bytes
   */
  public static int estimatedHeapBytes(@Nullable Object extras) {
    if (extras == null) {
      return 0;
    }
    if (extras instanceof String) {
      return stringBytes((String) extras);
    }
    Extras full = (Extras) extras;
    int bytes = 40 + stringBytes(full.traceState) + stringBytes(full.baggage) + stringBytes(full.metadataValues);
    if (full.metadataKeys.length > 0) {
      bytes += 16 + 4 * full.metadataKeys.length;
      for (String key : full.metadataKeys) {
        bytes += stringBytes(key);
      }
    }
    return bytes;
  }

  /** A String's heap: its object and its array's header (40 bytes) and two bytes per char, 8-aligned; "" is shared. */
  static int stringBytes(String value) {
    return value.isEmpty() ? 0 : 40 + ((2 * value.length() + 7) & ~7);
  }

  /**
   * The tracestate held by {@code extras}.
   *
   * @param extras a value {@link #of} or {@link #consumed} returned
   * @return the tracestate, or empty
   */
  public static String traceState(@Nullable Object extras) {
    return extras instanceof Extras ? ((Extras) extras).traceState : "";
  }

  /**
   * The baggage held by {@code extras}.
   *
   * @param extras a value {@link #of} or {@link #consumed} returned
   * @return the baggage, or empty
   */
  public static String baggage(@Nullable Object extras) {
    return extras instanceof Extras ? ((Extras) extras).baggage : "";
  }

  /**
   * Whether {@code extras} holds metadata.
   *
   * @param extras a value {@link #of} or {@link #consumed} returned
   * @return true when it holds at least one entry
   */
  public static boolean hasMetadata(@Nullable Object extras) {
    return extras instanceof String || (extras instanceof Extras && ((Extras) extras).metadataKeys.length > 0);
  }

  /**
   * The metadata held by {@code extras}.
   *
   * @param extras a value {@link #of} or {@link #consumed} returned
   * @return the metadata, unmodifiable, in the order it was given
   */
  public static Map<String, String> metadata(@Nullable Object extras) {
    if (extras instanceof String) {
      String packed = (String) extras;
      return unpack(KEY_SETS.get(keySetIndexOf(packed)), packed, 2);
    }
    if (extras instanceof Extras) {
      Extras full = (Extras) extras;
      return full.metadataKeys.length == 0 ? Map.of() : unpack(full.metadataKeys, full.metadataValues, 0);
    }
    return Map.of();
  }

  /** The key set's registry index at the start of a packed metadata String. */
  private static int keySetIndexOf(String packed) {
    return (packed.charAt(0) << 8) | packed.charAt(1);
  }

  private static Map<String, String> unpack(String[] keys, String values, int start) {
    Map<String, String> map = new LinkedHashMap<>(keys.length * 2);
    int pos = start;
    for (String key : keys) {
      int length = values.charAt(pos++);
      map.put(key, values.substring(pos, pos + length));
      pos += length;
    }
    return Collections.unmodifiableMap(map);
  }

  /** The registry index of this key set, registering it if there is room; -1 when the registry is full. */
  private static int keySetIndex(String[] keys) {
    Integer index = KEY_SET_INDEX.get(Arrays.asList(keys));
    if (index != null) {
      return index;
    }
    synchronized (KEY_SET_INDEX) {
      index = KEY_SET_INDEX.get(Arrays.asList(keys));
      if (index != null) {
        return index;
      }
      int next = KEY_SET_INDEX.size();
      if (next >= MAX_SHARED_KEY_SETS) {
        return -1;
      }
      KEY_SETS.set(next, keys);
      KEY_SET_INDEX.put(List.of(keys), next);
      return next;
    }
  }
}
