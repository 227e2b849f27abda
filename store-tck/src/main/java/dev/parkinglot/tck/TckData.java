package dev.parkinglot.tck;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/*
 * The awkward values the round-trip rules feed a store. Each list aims at a known way to lose data:
 * quoting and escaping (SQL, JSON, Lua), pattern characters (LIKE, glob, regex), collations that
 * fold case, accents or trailing spaces, encodings that cannot hold characters outside the BMP,
 * columns too short for the largest allowed value, and numbers read back as signed.
 */

/**
 * Sample entries and awkward strings: what the rules feed a store, published so that a store's own
 * tests use the same values instead of writing their own. Every method returns a new value.
 */
public final class TckData {
  /** The W3C Trace Context example trace id, used by {@link #sample(long, Duration)}. */
  public static final String SAMPLE_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  /** The W3C Trace Context example span id, used by {@link #sample(long, Duration)}. */
  public static final String SAMPLE_SPAN_ID = "00f067aa0ba902b7";

  /** Correlation keys that break naive quoting or pattern matching; distinct even when lowercased. */
  public static final List<String> AWKWARD_KEYS = List.of(
      "order-\"quoted\"",
      "it's-o'clock",
      "back\\slash\\\\double",
      "'; DROP TABLE parking_lot; --",
      "1' OR '1'='1",
      "{\"traceId\":\"00000000000000000000000000000000\"}",
      "[1,2,{\"a\":null}]",
      "100%_match*?[a-z]{1}",
      "a:b:c::",
      " leading and trailing ",
      "$1 ?? :name ${x} #{y}",
      "../../etc/passwd",
      "<tag attr='v'>&amp;</tag>",
      "ключ-заказа",
      "注文-123",
      "🅿️🚗-💳",
      "null",
      "*");

  /** Keys that a case-, accent- or space-folding comparison would merge; each is its own entry. */
  public static final List<String> SIMILAR_KEYS = List.of(
      "order-1", "Order-1", "ORDER-1", "order-1 ", " order-1", "order-1\u00a0", "order-10", "order-",
      "cafe", "café", "cafe\u0301", "strasse", "straße", "i", "ı", "İ");

  private TckData() {}

  /**
   * A builder for a sample entry with fixed ids ({@link #SAMPLE_TRACE_ID}, {@link #SAMPLE_SPAN_ID}),
   * sampled flags, parked at {@code parkedAtMillis} for {@code ttl}, and nothing else: for tests that
   * compare what a store writes with known values. Set other fields on the builder.
   *
   * @param parkedAtMillis when the entry was parked, in epoch milliseconds
   * @param ttl how long it lives
   * @return a builder with every required field set
   */
  public static StoredTraceContext.Builder sample(long parkedAtMillis, Duration ttl) {
    return StoredTraceContext.builder()
        .traceId(SAMPLE_TRACE_ID)
        .spanId(SAMPLE_SPAN_ID)
        .traceFlags((byte) 0x01)
        .parkedAtMillis(parkedAtMillis)
        .ttl(ttl);
  }

  /**
   * {@link #sample(long, Duration)} with span id {@code spanId} instead, for tests that tell
   * entries apart.
   *
   * @param spanId the span id, not 0
   * @param parkedAtMillis when the entry was parked, in epoch milliseconds
   * @param ttl how long it lives
   * @return a builder with every required field set
   */
  public static StoredTraceContext.Builder sample(long spanId, long parkedAtMillis, Duration ttl) {
    return sample(parkedAtMillis, ttl).spanId(spanId);
  }

  /**
   * A plain entry with span id {@code n + 1}, a random trace id, sampled flags and nothing else.
   *
   * @param n tells entries apart: the span id is {@code n + 1}
   * @param parkedAt when the entry was parked
   * @param ttl how long it lives
   * @return the entry
   */
  public static StoredTraceContext entry(long n, Instant parkedAt, Duration ttl) {
    return builder(n, parkedAt, ttl).build();
  }

  /**
   * A builder for {@link #entry(long, Instant, Duration)}, for rules that change one field.
   *
   * @param n tells entries apart: the span id is {@code n + 1}
   * @param parkedAt when the entry was parked
   * @param ttl how long it lives
   * @return a builder with every required field set
   */
  public static StoredTraceContext.Builder builder(long n, Instant parkedAt, Duration ttl) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return StoredTraceContext.builder()
        .traceId(random.nextLong(), random.nextLong() | 1L)
        .spanId(n + 1)
        .traceFlags((byte) 0x01)
        .parkedAt(parkedAt)
        .ttl(ttl);
  }

  /**
   * An entry that uses every field: ids whose top bit is set (negative as signed longs), flags
   * 0x03, tracestate, baggage, a ttl with a millisecond part, and metadata.
   *
   * @param parkedAt when the entry was parked
   * @return the entry
   */
  public static StoredTraceContext rich(Instant parkedAt) {
    return StoredTraceContext.builder()
        .traceId("f14bf92f3577b34da6a3ce929d0e0e47")
        .spanId("f0f067aa0ba902b7")
        .traceFlags((byte) 0x03)
        .traceState("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
        .baggage("userId=alice,serverNode=DF%2028,isProduction=false;ttl=3")
        .parkedAt(parkedAt)
        .ttl(Duration.ofMillis(86_400_123))
        .metadata(orderedMap("orderId", "order-123", "amount", "42.50", "currency", "EUR"))
        .build();
  }

  /**
   * Metadata in many scripts, with characters outside the BMP, combining marks and ZWJ sequences.
   *
   * @return a new map, in insertion order
   */
  public static Map<String, String> unicodeMetadata() {
    return orderedMap(
        "emoji 🚀", "🅿️🚗💳✅",
        "中文键", "停车场-订单号-123",
        "日本語", "注文番号・支払い",
        "한국어", "주문 번호",
        "עברית", "שלום עולם",
        "العربية", "مرحبا بالعالم",
        "combining e\u0301", "cafe\u0301",
        "astral 𝔘𝔫𝔦", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈",
        "zwj family", "👨‍👩‍👧‍👦",
        "flags", "🇩🇪🇯🇵");
  }

  /**
   * Metadata keys and values with quotes, backslashes, SQL, JSON and pattern fragments, and an empty value.
   *
   * @return a new map, in insertion order
   */
  public static Map<String, String> awkwardMetadata() {
    return orderedMap(
        "quote\"key", "value with \"double\" and 'single' quotes",
        "back\\slash", "C:\\path\\to\\file \\\\ \\u0041 \\n",
        "'; DROP TABLE parking_lot; --", "'; DELETE FROM parking_lot WHERE '1'='1",
        "{\"k\":1}", "{\"traceId\":\"0\",\"nested\":{\"a\":[1,2,null]}}",
        "]}\"", "\"}]",
        "percent", "100% _ * ? [a-z] ^$ .+",
        "html", "<script>alert(1)</script>&amp;",
        "dollar", "$1 ${x} #{y} :name ?",
        "empty", "");
  }

  /**
   * Metadata values with control characters, NUL included (keys may not have them).
   *
   * @return a new map, in insertion order
   */
  public static Map<String, String> controlCharacterMetadata() {
    return orderedMap(
        "newline", "line1\nline2",
        "crlf", "a\r\nb",
        "tab", "a\tb",
        "nul", "a\u0000b",
        "bell", "\u0007",
        "escape", "\u001b[31mred\u001b[0m",
        "delete", "\u007f",
        "separators", "\u2028\u2029",
        "bom", "\ufeff");
  }

  /**
   * {@value ParkingLotLimits#MAX_METADATA_ENTRIES} entries, keys and values at their longest, mostly CJK values.
   *
   * @return a new map, in insertion order
   */
  public static Map<String, String> largestMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < ParkingLotLimits.MAX_METADATA_ENTRIES; i++) {
      String key = fill("meta-" + (i < 10 ? "0" : "") + i + "-", "ключ-", ParkingLotLimits.MAX_METADATA_KEY_LENGTH);
      String value = fill(i + ":", "停車場の注文番号", ParkingLotLimits.MAX_METADATA_VALUE_LENGTH);
      metadata.put(key, value);
    }
    return metadata;
  }

  /**
   * A syntactically valid tracestate of exactly {@value ParkingLotLimits#MAX_TRACE_STATE_LENGTH} chars.
   *
   * @return the tracestate header
   */
  public static String largestTraceState() {
    int max = ParkingLotLimits.MAX_TRACE_STATE_LENGTH;
    StringBuilder state = new StringBuilder("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    for (int i = 0; ; i++) {
      String member = ",v" + (i < 10 ? "0" : "") + i + "@sys=" + "x~!*/".charAt(i % 5) + "a1b2c3d4";
      if (state.length() + member.length() + ",last=z".length() > max) {
        break;
      }
      state.append(member);
    }
    state.append(",last=");
    while (state.length() < max) {
      state.append('z');
    }
    return state.toString();
  }

  /**
   * A baggage header of exactly {@value ParkingLotLimits#MAX_BAGGAGE_LENGTH} chars with percent-encoding and properties.
   *
   * @return the baggage header
   */
  public static String largestBaggage() {
    int max = ParkingLotLimits.MAX_BAGGAGE_LENGTH;
    StringBuilder baggage = new StringBuilder("userId=alice,tenant=acme%20corp,isProduction=false;ttl=3");
    for (int i = 0; ; i++) {
      String member = ",member" + i + "=value%2C%3D" + i + ";prop=" + (i % 7);
      if (baggage.length() + member.length() + ",last=x".length() > max) {
        break;
      }
      baggage.append(member);
    }
    baggage.append(",last=");
    while (baggage.length() < max) {
      baggage.append('x');
    }
    return baggage.toString();
  }

  /**
   * {@code start} followed by {@code filler} repeated, exactly {@code length} chars, never ending in
   * half a surrogate pair (an 'x' closes the gap instead).
   *
   * @param start the first chars
   * @param filler repeated after {@code start}
   * @param length the length of the result
   * @return the string
   */
  public static String fill(String start, String filler, int length) {
    StringBuilder out = new StringBuilder(start);
    int i = 0;
    while (out.length() < length) {
      char c = filler.charAt(i++ % filler.length());
      if (Character.isHighSurrogate(c)) {
        char low = filler.charAt(i++ % filler.length());
        if (out.length() + 2 <= length) {
          out.append(c).append(low);
        } else {
          out.append('x');
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
