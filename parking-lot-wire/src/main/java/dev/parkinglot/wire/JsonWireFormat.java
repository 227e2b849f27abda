package dev.parkinglot.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/*
 * Design notes.
 *
 * Why a module of its own, and static methods. Every store that serialises must write the same
 * JSON, and the api depends on opentelemetry-api only, so the codec cannot live there. It used to
 * live in core, which never calls it, and stores found it through ServiceLoader: a hidden run-time
 * edge from every such store to core. Here a store depends on parking-lot-wire in its pom and calls
 * JsonWireFormat.encode/decode: the edge is visible, resolved at compile time, and the hot path is
 * a static call. The 24 h default and the ttl cap come from ParkingLotLimits in the api, so that
 * core's default ttl is the same value without core pulling jackson-core. No store reads the JSON
 * anywhere but through this class (store-redis' claim script moves the value without reading it).
 *
 * Streaming jackson-core, one JsonFactory for the whole JVM (it is thread-safe and holds the buffer
 * recyclers), no data binding: an entry has eight fields and the reader must be strict about each.
 *
 * Compatibility with the original (autotel): it writes traceId, spanId, traceFlags, parkedAt,
 * ttlMs and, when given, metadata. Its documented Redis store keeps a falsy ttlMs (missing, null or
 * 0) for 86400 s, so this reader reads those as 24 h too; a ttl above MAX_TTL is clamped rather than
 * rejected, since the entry itself is fine. Numbers may be written as integral floats (1.0, 1e3).
 *
 * Read limits are not write limits. The original writes whatever its caller passed as metadata
 * (numbers, booleans, any number of entries of any length) and any key; such an entry is still a
 * context, so it is read (a non-string metadata value as its JSON text) up to the read bounds of
 * ParkingLotLimits, which protect the reader, not the format. Only an entry that is not a context,
 * or beyond a read bound, is corrupt.
 *
 * Strictness: duplicate fields, trailing content after the object, non-integral or out-of-range
 * numbers (but ttlMs, rounded up), empty or malformed ids are all corrupt. A corrupt entry
 * must never come back as a different context, so anything ambiguous is refused. Every failure,
 * whatever its origin, surfaces as CorruptEntryException naming the key; baggage and metadata
 * values never appear in a message.
 */

/**
 * The JSON wire format shared by every store that serialises a parked context, and its constants:
 * the member names, the default ttl of an entry written without one, and the limits applied on
 * read. A store calls the static methods directly; there is nothing to look up or configure.
 *
 * <pre>{@code
 * {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","traceFlags":1,
 *  "parkedAt":1795722583654,"ttlMs":86400000,"metadata":{"orderId":"o-1"},
 *  "traceState":"vendor=value","baggage":"tenant=acme"}
 * }</pre>
 *
 * <p>The first six members and their units are the original's (autotel, through its documented
 * Redis store), so Java and Node services can share one lot. {@code metadata}, {@code traceState}
 * and {@code baggage} are written only when not empty; {@code consumedAt} (epoch ms) only for a
 * tombstone, an entry a callback consumed and that is kept for duplicate detection. Reading accepts
 * what the original writes: unknown members are skipped, a missing, null or zero {@code ttlMs} is
 * {@link #DEFAULT_TTL_MILLIS}, a {@code ttlMs} above {@link #MAX_TTL_MILLIS} is clamped to it, and
 * {@code traceState}, {@code baggage} and {@code consumedAt} are optional. Metadata is read up to the
 * {@linkplain ParkingLotLimits#checkReadMetadata(Map) read bounds}, not the write limits: a number,
 * boolean, object or array value is read as its JSON text, a null value is left out; an entry over
 * {@link ParkingLotLimits#MAX_READ_ENTRY_BYTES} bytes is refused unparsed.
 *
 * <pre>{@code
 * byte[] value = JsonWireFormat.encode(context);
 * StoredTraceContext read = JsonWireFormat.decode(storeKey, value);
 * }</pre>
 *
 * <p>Thread-safe: every method is static and keeps no state between calls.
 */
public final class JsonWireFormat {
  /** Member name of the trace id: 32 lowercase hex digits, a string. The original's. */
  public static final String TRACE_ID = "traceId";
  /** Member name of the span id: 16 lowercase hex digits, a string. The original's. */
  public static final String SPAN_ID = "spanId";
  /** Member name of the trace flags: the whole byte as a number from 0 to 255. The original's. */
  public static final String TRACE_FLAGS = "traceFlags";
  /** Member name of the park time, in epoch milliseconds. The original's. */
  public static final String PARKED_AT = "parkedAt";
  /** Member name of the time-to-live, in milliseconds. The original's. */
  public static final String TTL_MS = "ttlMs";
  /** Member name of the metadata: an object of string values. The original's; written when not empty. */
  public static final String METADATA = "metadata";
  /** Member name of the W3C {@code tracestate} header value. Ours; written when not empty. */
  public static final String TRACE_STATE = "traceState";
  /** Member name of the W3C {@code baggage} header value. Ours; written when not empty. */
  public static final String BAGGAGE = "baggage";
  /** Member name of the consumed time of a tombstone, in epoch milliseconds. Ours; tombstones only. */
  public static final String CONSUMED_AT = "consumedAt";

  /**
   * The ttl of an entry read without one (a missing, null or zero {@code ttlMs}), in milliseconds:
   * {@link ParkingLotLimits#DEFAULT_TTL}, 24 hours, as the original's Redis store keeps such an
   * entry. A store that interprets entries elsewhere (a server-side script) uses this value.
   */
  public static final long DEFAULT_TTL_MILLIS = ParkingLotLimits.DEFAULT_TTL.toMillis();

  /**
   * The largest ttl an entry is read with, in milliseconds: {@link ParkingLotLimits#MAX_TTL}. A
   * larger {@code ttlMs} is clamped to it on read rather than rejected, since the entry is fine.
   * Metadata read is held to {@link ParkingLotLimits#checkReadMetadata(Map) the read bounds}.
   */
  public static final long MAX_TTL_MILLIS = ParkingLotLimits.MAX_TTL.toMillis();

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  // The member names, quoted and encoded once, so that writing an entry does not encode them again.
  private static final SerializableString TRACE_ID_NAME = new SerializedString(TRACE_ID);
  private static final SerializableString SPAN_ID_NAME = new SerializedString(SPAN_ID);
  private static final SerializableString TRACE_FLAGS_NAME = new SerializedString(TRACE_FLAGS);
  private static final SerializableString PARKED_AT_NAME = new SerializedString(PARKED_AT);
  private static final SerializableString TTL_MS_NAME = new SerializedString(TTL_MS);
  private static final SerializableString METADATA_NAME = new SerializedString(METADATA);
  private static final SerializableString TRACE_STATE_NAME = new SerializedString(TRACE_STATE);
  private static final SerializableString BAGGAGE_NAME = new SerializedString(BAGGAGE);
  private static final SerializableString CONSUMED_AT_NAME = new SerializedString(CONSUMED_AT);

  private JsonWireFormat() {}

  /**
   * Encodes a context as UTF-8 JSON.
   *
   * @param context the context to encode
   * @return the JSON bytes
   * @throws NullPointerException if {@code context} is null
   */
  public static byte[] encode(StoredTraceContext context) {
    Objects.requireNonNull(context, "context must not be null");
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(192)) {
      try (JsonGenerator generator = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
        write(generator, context);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing JSON to memory failed", e);
    }
  }

  private static void write(JsonGenerator out, StoredTraceContext context) throws IOException {
    out.writeStartObject();
    out.writeFieldName(TRACE_ID_NAME);
    out.writeString(context.traceId());
    out.writeFieldName(SPAN_ID_NAME);
    out.writeString(context.spanId());
    out.writeFieldName(TRACE_FLAGS_NAME);
    out.writeNumber(context.traceFlags().asByte() & 0xFF);
    out.writeFieldName(PARKED_AT_NAME);
    out.writeNumber(context.parkedAtMillis());
    out.writeFieldName(TTL_MS_NAME);
    out.writeNumber(context.ttlMillis());
    if (context.hasMetadata()) {
      out.writeFieldName(METADATA_NAME);
      out.writeStartObject();
      for (Map.Entry<String, String> entry : context.metadata().entrySet()) {
        out.writeStringField(entry.getKey(), entry.getValue());
      }
      out.writeEndObject();
    }
    String traceState = context.traceState();
    if (!traceState.isEmpty()) {
      out.writeFieldName(TRACE_STATE_NAME);
      out.writeString(traceState);
    }
    String baggage = context.baggage();
    if (!baggage.isEmpty()) {
      out.writeFieldName(BAGGAGE_NAME);
      out.writeString(baggage);
    }
    if (context.isConsumed()) {
      out.writeFieldName(CONSUMED_AT_NAME);
      out.writeNumber(context.consumedAtMillis());
    }
    out.writeEndObject();
  }


  /**
   * Decodes UTF-8 JSON.
   *
   * @param key the store key the entry was read from, for the error message
   * @param json the entry's bytes
   * @return the decoded context; never a different context than the one written
   * @throws CorruptEntryException if the bytes are not a valid entry, naming the key and the reason
   *     (never a metadata or baggage value)
   * @throws NullPointerException if {@code key} or {@code json} is null
   */
  public static StoredTraceContext decode(String key, byte[] json) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(json, "json must not be null");
    if (json.length > ParkingLotLimits.MAX_READ_ENTRY_BYTES) {
      throw new CorruptEntryException(key, "the entry has " + json.length + " bytes, more than the read bound of "
          + ParkingLotLimits.MAX_READ_ENTRY_BYTES + " (not parsed)", null);
    }
    try (JsonParser parser = FACTORY.createParser(json)) {
      return read(key, parser, (start, end) -> new String(json, (int) start, (int) (end - start), StandardCharsets.UTF_8));
    } catch (CorruptEntryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw corrupt(key, e);
    }
  }

  /**
   * Encodes metadata alone as a JSON object of strings, in its iteration order, as the {@value
   * #METADATA} member holds it: for stores that keep the trace fields in columns of their own and
   * the metadata in one text column.
   *
   * @param metadata the metadata to encode
   * @return the JSON object text
   * @throws NullPointerException if {@code metadata} is null
   */
  public static String encodeMetadata(Map<String, String> metadata) {
    Objects.requireNonNull(metadata, "metadata must not be null");
    StringWriter text = new StringWriter(64);
    try (JsonGenerator out = FACTORY.createGenerator(text)) {
      out.writeStartObject();
      for (Map.Entry<String, String> entry : metadata.entrySet()) {
        out.writeStringField(entry.getKey(), entry.getValue());
      }
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing JSON to memory failed", e);
    }
    return text.toString();
  }

  /**
   * Decodes what {@link #encodeMetadata} wrote.
   *
   * @param key the store key the entry was read from, for the error message
   * @param json the text {@link #encodeMetadata} wrote
   * @return the metadata, in the order it was written
   * @throws CorruptEntryException if the text is not a JSON object within {@link
   *     ParkingLotLimits#checkReadMetadata(Map) the read bounds} (values read as {@link #decode} reads them)
   * @throws NullPointerException if {@code key} or {@code json} is null
   */
  public static Map<String, String> decodeMetadata(String key, String json) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(json, "json must not be null");
    if (json.length() > ParkingLotLimits.MAX_READ_ENTRY_BYTES) {
      throw new CorruptEntryException(key, "the metadata has " + json.length() + " chars, more than the read bound of "
          + ParkingLotLimits.MAX_READ_ENTRY_BYTES + " (not parsed)", null);
    }
    try (JsonParser parser = FACTORY.createParser(json)) {
      Map<String, String> metadata =
          readMetadata(key, parser.nextToken(), parser, (start, end) -> json.substring((int) start, (int) end));
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw new CorruptEntryException(
            key, "unexpected content after the metadata object: " + describe(trailing), null);
      }
      ParkingLotLimits.checkReadMetadata(metadata);
      return metadata;
    } catch (CorruptEntryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw corrupt(key, e);
    }
  }

  private static CorruptEntryException corrupt(String key, Exception e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
      com.fasterxml.jackson.core.JsonProcessingException json =
          (com.fasterxml.jackson.core.JsonProcessingException) e;
      String where = json.getLocation() == null
          ? ""
          : " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
      return new CorruptEntryException(key, "malformed JSON: " + json.getOriginalMessage() + where, e);
    }
    return new CorruptEntryException(key, "invalid entry: " + e.getMessage(), e);
  }

  /** The input text between two offsets of the parser's input (bytes for byte input, chars for text). */
  @FunctionalInterface
  private interface Source {
    String slice(long start, long end);
  }

  private static StoredTraceContext read(String key, JsonParser parser, Source source) throws IOException {
    JsonToken first = parser.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new CorruptEntryException(
          key, first == null ? "the entry is empty" : "expected a JSON object, found " + describe(first), null);
    }
    String traceId = null;
    String spanId = null;
    long traceFlags = -1;
    long parkedAt = -1;
    boolean parkedAtSeen = false;
    long ttlMillis = 0;
    @Nullable Map<String, String> metadata = null;
    String traceState = "";
    String baggage = "";
    long consumedAt = -1;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case TRACE_ID:
          traceId = requireString(key, field, value, parser);
          break;
        case SPAN_ID:
          spanId = requireString(key, field, value, parser);
          break;
        case TRACE_FLAGS:
          traceFlags = readLong(key, field, value, parser);
          if (traceFlags < 0 || traceFlags > 255) {
            throw new CorruptEntryException(
                key, "traceFlags must be between 0 and 255, was " + traceFlags, null);
          }
          break;
        case PARKED_AT:
          parkedAt = readLong(key, field, value, parser);
          parkedAtSeen = true;
          if (parkedAt < 0) {
            throw new CorruptEntryException(key, "parkedAt must not be negative, was " + parkedAt, null);
          }
          break;
        case TTL_MS:
          ttlMillis = value == JsonToken.VALUE_NULL ? 0 : readTtl(key, value, parser);
          if (ttlMillis < 0) {
            throw new CorruptEntryException(key, "ttlMs must not be negative, was " + ttlMillis, null);
          }
          break;
        case METADATA:
          metadata = value == JsonToken.VALUE_NULL ? null : readMetadata(key, value, parser, source);
          break;
        case TRACE_STATE:
          traceState = optionalString(key, field, value, parser);
          break;
        case BAGGAGE:
          baggage = optionalString(key, field, value, parser);
          break;
        case CONSUMED_AT:
          consumedAt = value == JsonToken.VALUE_NULL ? -1 : readLong(key, field, value, parser);
          if (consumedAt < -1) {
            throw new CorruptEntryException(key, "consumedAt must not be negative, was " + consumedAt, null);
          }
          break;
        default:
          parser.skipChildren();
          break;
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new CorruptEntryException(key, "the JSON object is not closed", null);
    }
    JsonToken trailing = parser.nextToken();
    if (trailing != null) {
      throw new CorruptEntryException(
          key, "unexpected content after the JSON object: " + describe(trailing), null);
    }
    return build(key, traceId, spanId, traceFlags, parkedAtSeen ? parkedAt : -1, ttlMillis, metadata,
        traceState, baggage, consumedAt);
  }

  private static StoredTraceContext build(
      String key, @Nullable String traceId, @Nullable String spanId, long traceFlags, long parkedAt,
      long ttlMillis, @Nullable Map<String, String> metadata, String traceState, String baggage,
      long consumedAt) {
    checkId(key, TRACE_ID, traceId);
    checkId(key, SPAN_ID, spanId);
    if (traceFlags < 0) {
      throw new CorruptEntryException(key, "traceFlags is missing", null);
    }
    if (parkedAt < 0) {
      throw new CorruptEntryException(key, "parkedAt is missing", null);
    }
    long ttl = ttlMillis == 0 ? DEFAULT_TTL_MILLIS : Math.min(ttlMillis, MAX_TTL_MILLIS);
    try {
      return StoredTraceContext.builder()
          .traceId(traceId)
          .spanId(spanId)
          .traceFlags((byte) traceFlags)
          .parkedAtMillis(parkedAt)
          .ttlMillis(ttl)
          .metadataFromStore(metadata == null ? Map.of() : metadata)
          .traceState(traceState)
          .baggage(baggage)
          .consumedAtMillis(consumedAt)
          .build();
    } catch (IllegalArgumentException | NullPointerException | IllegalStateException e) {
      throw new CorruptEntryException(key, e.getMessage(), e);
    }
  }

  private static void checkId(String key, String field, @Nullable String id) {
    if (id == null) {
      throw new CorruptEntryException(key, field + " is missing", null);
    }
    if (id.isEmpty()) {
      throw new CorruptEntryException(
          key, field + " is empty (the entry was parked without a valid span; the original writes"
              + " empty ids then)", null);
    }
  }

  private static String requireString(String key, String field, JsonToken value, JsonParser parser)
      throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw wrongType(key, field, "a string", value);
    }
    return parser.getText();
  }

  private static String optionalString(String key, String field, JsonToken value, JsonParser parser)
      throws IOException {
    return value == JsonToken.VALUE_NULL ? "" : requireString(key, field, value, parser);
  }

  private static long readLong(String key, String field, JsonToken value, JsonParser parser)
      throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = parser.getNumberType();
      if (type == JsonParser.NumberType.BIG_INTEGER) {
        throw new CorruptEntryException(key, field + " is out of range: " + parser.getText(), null);
      }
      return parser.getLongValue();
    }
    if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      BigDecimal decimal = parser.getDecimalValue().stripTrailingZeros();
      if (decimal.scale() > 0) {
        throw new CorruptEntryException(key, field + " must be a whole number, was " + parser.getText(), null);
      }
      if (decimal.precision() - decimal.scale() > 19) {
        throw new CorruptEntryException(key, field + " is out of range: " + parser.getText(), null);
      }
      try {
        return decimal.longValueExact();
      } catch (ArithmeticException e) {
        throw new CorruptEntryException(key, field + " is out of range: " + parser.getText(), e);
      }
    }
    throw wrongType(key, field, "a number", value);
  }

  /**
   * A ttlMs: a whole number of milliseconds; a fractional one (the original writes whatever number
   * its caller configured, and its Redis store rounds it up to whole seconds) is rounded up.
   */
  private static long readTtl(String key, JsonToken value, JsonParser parser) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      BigDecimal decimal = parser.getDecimalValue();
      if (decimal.signum() > 0 && decimal.scale() > 0 && decimal.precision() - decimal.scale() <= 19) {
        try {
          return decimal.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
          throw new CorruptEntryException(key, TTL_MS + " is out of range: " + parser.getText(), e);
        }
      }
    }
    return readLong(key, TTL_MS, value, parser);
  }

  /*
   * Metadata as read, from any writer: a string value is its text; a number or a boolean is its JSON
   * text as written (42, 12.50, true), which is what the original's span shows for it; an object or
   * an array is its JSON text as written; a null value is left out (the original's span leaves out a
   * null attribute too). Only the read bounds refuse an entry, checked as the entries come, so that
   * a huge object is refused early.
   */
  private static Map<String, String> readMetadata(String key, JsonToken value, JsonParser parser, Source source)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      throw wrongType(key, METADATA, "an object", value);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    long chars = 0;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken entry = parser.nextToken();
      String text;
      switch (entry) {
        case VALUE_NULL:
          continue;
        case START_OBJECT:
        case START_ARRAY:
          long start = offset(parser.currentTokenLocation());
          parser.skipChildren();
          text = source.slice(start, offset(parser.currentTokenLocation()) + 1);
          break;
        default:
          text = parser.getText(); // a string's value, a number's or a boolean's JSON text as written
          break;
      }
      if (name.length() > ParkingLotLimits.MAX_READ_METADATA_KEY_LENGTH) {
        throw new CorruptEntryException(key, "metadata key '" + ParkingLotLimits.printable(name) + "' has "
            + name.length() + " chars, more than the read bound of " + ParkingLotLimits.MAX_READ_METADATA_KEY_LENGTH,
            null);
      }
      if (text.length() > ParkingLotLimits.MAX_READ_METADATA_VALUE_LENGTH) {
        throw new CorruptEntryException(key, "metadata value for key '" + ParkingLotLimits.printable(name)
            + "' has " + text.length() + " chars, more than the read bound of "
            + ParkingLotLimits.MAX_READ_METADATA_VALUE_LENGTH, null);
      }
      chars += name.length() + text.length();
      if (chars > ParkingLotLimits.MAX_READ_METADATA_CHARS) {
        throw new CorruptEntryException(key, "metadata has more than the read bound of "
            + ParkingLotLimits.MAX_READ_METADATA_CHARS + " chars of keys and values", null);
      }
      metadata.put(name, text);
      if (metadata.size() > ParkingLotLimits.MAX_READ_METADATA_ENTRIES) {
        throw new CorruptEntryException(key, "metadata has more than the read bound of "
            + ParkingLotLimits.MAX_READ_METADATA_ENTRIES + " entries", null);
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new CorruptEntryException(key, "the metadata object is not closed", null);
    }
    return metadata;
  }

  /** The offset of a location in the parser's input: bytes for byte input, chars for text. */
  private static long offset(com.fasterxml.jackson.core.JsonLocation location) {
    long bytes = location.getByteOffset();
    return bytes >= 0 ? bytes : location.getCharOffset();
  }

  private static CorruptEntryException wrongType(
      String key, String field, String expected, @Nullable JsonToken found) {
    return new CorruptEntryException(key, field + " must be " + expected + ", was " + describe(found), null);
  }

  private static String describe(@Nullable JsonToken token) {
    if (token == null) {
      return "the end of the input";
    }
    switch (token) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.toString();
    }
  }
}
