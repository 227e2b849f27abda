package dev.parkinglot.spi;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotException;
import dev.parkinglot.StoredTraceContext;

/*
 * Why an interface here and the implementation in parking-lot-core: stores depend on the API only,
 * and the API depends on opentelemetry-api only, yet every store that serialises must write the
 * same JSON. The JSON itself is written with jackson-core in core, which registers it through
 * ServiceLoader; a store finds it with WireFormat.json(). Core is on the class path of every
 * application that uses a store, since the parking lot itself lives there.
 */

/**
 * The JSON wire format shared by every store that serialises, compatible with what the original
 * (autotel) writes through its documented Redis store:
 *
 * <pre>{@code
 * {"traceId":"…32 hex…","spanId":"…16 hex…","traceFlags":1,"parkedAt":<epoch ms>,"ttlMs":<ms>,
 *  "metadata":{…},"traceState":"…","baggage":"…"}
 * }</pre>
 *
 * <p>The first six fields are the original's; {@code traceState} and {@code baggage} are written
 * only when not empty, {@code consumedAt} (epoch ms) only for a tombstone, and all three are
 * optional on read. Readers ignore unknown fields. Implementations are
 * thread-safe.
 */
public interface WireFormat {

  /**
   * Encodes a context as UTF-8 JSON.
   *
   * @param context the context to encode
   * @return the JSON bytes
   */
  byte[] encode(StoredTraceContext context);

  /**
   * Encodes a context as a JSON string.
   *
   * @param context the context to encode
   * @return the JSON text
   */
  String encodeToString(StoredTraceContext context);

  /**
   * Decodes UTF-8 JSON.
   *
   * @param key the store key the entry was read from, for the error message
   * @param json the entry's bytes
   * @return the decoded context
   * @throws CorruptEntryException if the bytes are not a valid entry; never returns a different
   *     context than the one written
   */
  StoredTraceContext decode(String key, byte[] json);

  /**
   * Decodes a JSON string.
   *
   * @param key the store key the entry was read from, for the error message
   * @param json the entry's text
   * @return the decoded context
   * @throws CorruptEntryException if the text is not a valid entry
   */
  StoredTraceContext decode(String key, String json);

  /**
   * Encodes metadata alone as a JSON object of strings, in its iteration order: for stores that keep
   * the trace fields in columns of their own and the metadata in one text column.
   *
   * @param metadata the metadata to encode
   * @return the JSON object text
   */
  String encodeMetadata(java.util.Map<String, String> metadata);

  /**
   * Decodes what {@link #encodeMetadata} wrote.
   *
   * @param key the store key the entry was read from, for the error message
   * @param json the text {@link #encodeMetadata} wrote
   * @return the metadata, in the order it was written
   * @throws CorruptEntryException if the text is not a JSON object of strings within {@link
   *     dev.parkinglot.ParkingLotLimits#checkMetadata(java.util.Map) the metadata limits}
   */
  java.util.Map<String, String> decodeMetadata(String key, String json);

  /**
   * The JSON wire format registered on the class path (by {@code parking-lot-core}).
   *
   * @return the registered wire format
   * @throws ParkingLotException if none or more than one is registered, saying which artifact to add
   */
  static WireFormat json() {
    return WireFormatLoader.get();
  }
}
