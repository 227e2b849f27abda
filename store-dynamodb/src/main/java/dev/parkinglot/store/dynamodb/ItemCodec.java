package dev.parkinglot.store.dynamodb;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.StoredTraceContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/*
 * Why attributes and not one JSON string: every field is readable (and queryable) in the console,
 * the TTL and expiry attributes must be top-level numbers anyway, and the store needs no JSON codec
 * at run time. Numbers are DynamoDB N values; tracestate, baggage and metadata are written only when
 * present, so a typical item stays well under 1 KB (one write unit). consumed_at_ms (epoch millis)
 * exists only on a tombstone, an entry a callback claimed and that is kept for duplicate detection.
 */

/**
 * Turns a context into a DynamoDB item and back. The partition key and TTL attribute names are
 * configurable; the others are fixed. Not public API.
 */
final class ItemCodec {
  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";
  static final String TRACE_FLAGS = "trace_flags";
  static final String PARKED_AT_MS = "parked_at_ms";
  static final String TTL_MS = "ttl_ms";
  static final String EXPIRES_AT_MS = "expires_at_ms";
  static final String TRACE_STATE = "trace_state";
  static final String BAGGAGE = "baggage";
  static final String METADATA = "metadata";
  static final String CONSUMED_AT_MS = "consumed_at_ms";

  /** The attribute names the codec writes itself; a configured name must differ from these. */
  static final Set<String> FIXED_NAMES =
      Set.of(TRACE_ID, SPAN_ID, TRACE_FLAGS, PARKED_AT_MS, TTL_MS, EXPIRES_AT_MS, TRACE_STATE, BAGGAGE, METADATA,
          CONSUMED_AT_MS);

  private final String partitionKey;
  private final String ttlAttribute;

  ItemCodec(String partitionKey, String ttlAttribute) {
    this.partitionKey = partitionKey;
    this.ttlAttribute = ttlAttribute;
  }

  String partitionKey() {
    return partitionKey;
  }

  String ttlAttribute() {
    return ttlAttribute;
  }

  Map<String, AttributeValue> key(String key) {
    return Map.of(partitionKey, AttributeValue.fromS(key));
  }

  Map<String, AttributeValue> encode(String key, StoredTraceContext context) {
    Map<String, AttributeValue> item = new HashMap<>(16);
    item.put(partitionKey, AttributeValue.fromS(key));
    item.put(TRACE_ID, AttributeValue.fromS(context.traceId()));
    item.put(SPAN_ID, AttributeValue.fromS(context.spanId()));
    item.put(TRACE_FLAGS, number(context.traceFlags().asByte() & 0xFF));
    item.put(PARKED_AT_MS, number(context.parkedAtMillis()));
    item.put(TTL_MS, number(context.ttlMillis()));
    long expiresAtMillis = context.expiresAtMillis();
    item.put(EXPIRES_AT_MS, number(expiresAtMillis));
    item.put(ttlAttribute, number(epochSecondsCeiling(expiresAtMillis)));
    if (!context.traceState().isEmpty()) {
      item.put(TRACE_STATE, AttributeValue.fromS(context.traceState()));
    }
    if (!context.baggage().isEmpty()) {
      item.put(BAGGAGE, AttributeValue.fromS(context.baggage()));
    }
    if (context.hasMetadata()) {
      Map<String, String> metadata = context.metadata();
      Map<String, AttributeValue> map = new LinkedHashMap<>(metadata.size() * 2);
      metadata.forEach((k, v) -> map.put(k, AttributeValue.fromS(v)));
      item.put(METADATA, AttributeValue.fromM(map));
    }
    if (context.isConsumed()) {
      item.put(CONSUMED_AT_MS, number(context.consumedAtMillis()));
    }
    return item;
  }

  /**
   * Reads an item back.
   *
   * @throws CorruptEntryException if an attribute is missing, of the wrong type or invalid, or the
   *     expiry attribute disagrees with park time plus ttl
   */
  StoredTraceContext decode(String key, Map<String, AttributeValue> item) {
    StoredTraceContext context;
    try {
      StoredTraceContext.Builder builder =
          StoredTraceContext.builder()
              .traceId(string(key, item, TRACE_ID))
              .spanId(string(key, item, SPAN_ID))
              .traceFlags(flags(key, item))
              .parkedAtMillis(longNumber(key, item, PARKED_AT_MS))
              .ttlMillis(longNumber(key, item, TTL_MS));
      AttributeValue traceState = item.get(TRACE_STATE);
      if (traceState != null) {
        builder.traceState(string(key, item, TRACE_STATE));
      }
      AttributeValue baggage = item.get(BAGGAGE);
      if (baggage != null) {
        builder.baggage(string(key, item, BAGGAGE));
      }
      AttributeValue metadata = item.get(METADATA);
      if (metadata != null) {
        builder.metadata(metadata(key, metadata));
      }
      if (item.get(CONSUMED_AT_MS) != null) {
        builder.consumedAtMillis(longNumber(key, item, CONSUMED_AT_MS));
      }
      context = builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CorruptEntryException(key, "invalid item: " + e.getMessage(), e);
    }
    long expiresAtMillis = expiresAtMillis(key, item);
    if (expiresAtMillis != context.expiresAtMillis()) {
      throw new CorruptEntryException(
          key, EXPIRES_AT_MS + " is " + expiresAtMillis + " but " + PARKED_AT_MS + " + " + TTL_MS + " is "
              + context.expiresAtMillis(), null);
    }
    return context;
  }

  /**
   * The exact expiry of an item, in epoch millis.
   *
   * @throws CorruptEntryException if the attribute is missing or not an integer
   */
  long expiresAtMillis(String key, Map<String, AttributeValue> item) {
    return longNumber(key, item, EXPIRES_AT_MS);
  }

  static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** Whole seconds, rounded up, so that DynamoDB's TTL never deletes an item before it expires. */
  static long epochSecondsCeiling(long epochMillis) {
    return Math.floorDiv(epochMillis, 1000L) + (Math.floorMod(epochMillis, 1000L) == 0 ? 0 : 1);
  }

  private static byte flags(String key, Map<String, AttributeValue> item) {
    long flags = longNumber(key, item, TRACE_FLAGS);
    if (flags < 0 || flags > 0xFF) {
      throw new CorruptEntryException(key, TRACE_FLAGS + " must be between 0 and 255, was " + flags, null);
    }
    return (byte) flags;
  }

  private static String string(String key, Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    String text = value == null ? null : value.s();
    if (text == null) {
      throw new CorruptEntryException(key, missing(name, "a string (S)", value), null);
    }
    return text;
  }

  private static long longNumber(String key, Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    String text = value == null ? null : value.n();
    if (text == null) {
      throw new CorruptEntryException(key, missing(name, "a number (N)", value), null);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new CorruptEntryException(key, name + " must be a whole number, was '" + text + "'", e);
    }
  }

  private static Map<String, String> metadata(String key, AttributeValue value) {
    if (!value.hasM()) {
      throw new CorruptEntryException(key, missing(METADATA, "a map (M) of strings", value), null);
    }
    Map<String, AttributeValue> map = value.m();
    Map<String, String> metadata = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<String, AttributeValue> entry : map.entrySet()) {
      String text = entry.getValue().s();
      if (text == null) {
        throw new CorruptEntryException(
            key, METADATA + " entry '" + entry.getKey() + "' must be a string (S), was " + entry.getValue().type(),
            null);
      }
      metadata.put(entry.getKey(), text);
    }
    return metadata;
  }

  private static String missing(String name, String expected, @Nullable AttributeValue value) {
    return value == null
        ? "attribute " + name + " is missing"
        : "attribute " + name + " must be " + expected + ", was " + value.type();
  }
}
