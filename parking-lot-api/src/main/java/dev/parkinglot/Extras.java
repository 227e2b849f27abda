package dev.parkinglot;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/*
 * The rarely present parts of a StoredTraceContext, kept out of line so that a plain entry stays
 * small, and kept flat so that an entry with metadata costs one small object plus one String.
 *
 * Metadata is packed: the keys as one array that entries with the same key set share, and the
 * values in one String, each preceded by its length as a single char (values are at most
 * MAX_METADATA_VALUE_LENGTH chars, far below 65536). A million entries parked with the same three
 * keys hold one key array between them; a Map.of with three entries would cost about 208 bytes per
 * entry on its own. Package-private: not public API.
 */
class Extras {
  /** Key sets are shared while fewer than this many distinct ones were seen; beyond, each entry keeps its own. */
  private static final int MAX_SHARED_KEY_SETS = 4096;

  private static final ConcurrentHashMap<List<String>, String[]> SHARED_KEYS = new ConcurrentHashMap<>();

  private static final String[] NO_KEYS = new String[0];

  final String traceState;
  final String baggage;
  private final String[] metadataKeys;
  private final String metadataValues;

  Extras(String traceState, String baggage, String[] metadataKeys, String metadataValues) {
    this.traceState = traceState;
    this.baggage = baggage;
    this.metadataKeys = metadataKeys;
    this.metadataValues = metadataValues;
  }

  /** Epoch millis at which the entry was consumed (it is a tombstone), or -1 when it was not. */
  long consumedAtMillis() {
    return -1;
  }

  /** A copy of {@code extras} (which may be null) marked as consumed at {@code consumedAtMillis}. */
  static Extras consumed(@Nullable Extras extras, long consumedAtMillis) {
    return extras == null
        ? new Consumed("", "", NO_KEYS, "", consumedAtMillis)
        : new Consumed(
            extras.traceState, extras.baggage, extras.metadataKeys, extras.metadataValues, consumedAtMillis);
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

  /** The extras for these parts, or null when all are empty; metadata was checked by the caller. */
  static @Nullable Extras of(String traceState, String baggage, Map<String, String> metadata) {
    if (traceState.isEmpty() && baggage.isEmpty() && metadata.isEmpty()) {
      return null;
    }
    if (metadata.isEmpty()) {
      return new Extras(traceState, baggage, NO_KEYS, "");
    }
    String[] keys = new String[metadata.size()];
    StringBuilder values = new StringBuilder();
    int i = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      keys[i++] = entry.getKey();
      String value = entry.getValue();
      values.append((char) value.length()).append(value);
    }
    return new Extras(traceState, baggage, shared(keys), values.toString());
  }

  private static String[] shared(String[] keys) {
    List<String> lookup = Arrays.asList(keys);
    String[] existing = SHARED_KEYS.get(lookup);
    if (existing != null) {
      return existing;
    }
    if (SHARED_KEYS.size() >= MAX_SHARED_KEY_SETS) {
      return keys;
    }
    String[] previous = SHARED_KEYS.putIfAbsent(List.of(keys), keys);
    return previous != null ? previous : keys;
  }

  boolean hasMetadata() {
    return metadataKeys.length > 0;
  }

  Map<String, String> metadata() {
    if (metadataKeys.length == 0) {
      return Map.of();
    }
    Map<String, String> map = new LinkedHashMap<>(metadataKeys.length * 2);
    int pos = 0;
    for (String key : metadataKeys) {
      int length = metadataValues.charAt(pos++);
      map.put(key, metadataValues.substring(pos, pos + length));
      pos += length;
    }
    return Collections.unmodifiableMap(map);
  }
}
