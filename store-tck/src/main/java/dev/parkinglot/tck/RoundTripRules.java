package dev.parkinglot.tck;

import static dev.parkinglot.tck.TckAssertions.assertEntry;
import static dev.parkinglot.tck.TckAssertions.assertNoEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/** The bodies of the {@code rt} rules: every field and every allowed value comes back unchanged. Not public API. */
final class RoundTripRules {
  private static final Duration HOUR = Duration.ofHours(1);

  private RoundTripRules() {}

  static void everyFieldRoundTripsThroughLoad(TckSession s) {
    StoredTraceContext rich = TckData.rich(s.clock().instant());
    StoreKey key = s.key("rich");
    s.store().save(key, rich);
    assertEntry("load", s.store().load(key), rich);
  }

  static void everyFieldRoundTripsThroughTake(TckSession s) {
    StoredTraceContext rich = TckData.rich(s.clock().instant());
    StoreKey key = s.key("rich");
    s.store().save(key, rich);
    assertEntry("take", s.store().take(key), rich);
  }

  static void wholeFlagsByteRoundTrips(TckSession s) {
    int[] flags = {0x00, 0x01, 0x02, 0x03, 0x7f, 0x80, 0xfe, 0xff};
    TraceContextStore store = s.store();
    for (int flag : flags) {
      StoredTraceContext entry = TckData.builder(flag, s.clock().instant(), HOUR).traceFlags((byte) flag).build();
      store.save(s.key("flags-" + flag), entry);
    }
    for (int flag : flags) {
      assertThat(store.load(s.key("flags-" + flag)))
          .as("entry saved with trace flags 0x%02x", flag)
          .hasValueSatisfying(
              got -> assertThat(got.traceFlags().asByte() & 0xff)
                  .as("trace flags byte (all eight bits must be kept)")
                  .isEqualTo(flag));
    }
  }

  static void timesRoundTripToTheMillisecond(TckSession s) {
    Instant now = s.clock().instant();
    List<StoredTraceContext> entries = List.of(
        TckData.entry(1, now, Duration.ofMillis(1_234_567)),
        TckData.entry(2, now.minusMillis(3_600_001), Duration.ofMillis(7_200_999)),
        TckData.entry(3, now.minusMillis(1), Duration.ofMillis(86_400_001)),
        TckData.entry(4, now, ParkingLotLimits.MAX_TTL),
        TckData.entry(5, now.minus(Duration.ofDays(365)), ParkingLotLimits.MAX_TTL));
    for (int i = 0; i < entries.size(); i++) {
      s.store().save(s.key("times-" + i), entries.get(i));
    }
    for (int i = 0; i < entries.size(); i++) {
      assertEntry("entry with parkedAt " + entries.get(i).parkedAt() + " and ttl " + entries.get(i).ttl(),
          s.store().load(s.key("times-" + i)), entries.get(i));
    }
  }

  static void unicodeRoundTrips(TckSession s) {
    StoredTraceContext entry =
        TckData.builder(7, s.clock().instant(), HOUR).metadata(TckData.unicodeMetadata()).build();
    StoreKey key = s.key("注文-🚀-ключ-" + "e\u0301");
    s.store().save(key, entry);
    assertEntry("load of a unicode key and metadata", s.store().load(key), entry);
    assertEntry("take of a unicode key and metadata", s.store().take(key), entry);
  }

  static void largestKeysRoundTrip(TckSession s) {
    // MAX_STORE_KEY_LENGTH chars: the longest prefix and the longest correlation key.
    int prefixLength = ParkingLotLimits.MAX_KEY_PREFIX_LENGTH;
    int keyLength = ParkingLotLimits.MAX_CORRELATION_KEY_LENGTH;
    String prefix = s.context().keyPrefix();
    List<StoreKey> keys = new ArrayList<>();
    for (String filler : List.of("k", "停車場", "🅿🚗")) {
      keys.add(StoreKey.of(TckData.fill(prefix, filler, prefixLength), TckData.fill("", filler, keyLength)));
    }
    saveLoadAndTakeEach(s, keys, "largest key");
  }

  static void largestMetadataRoundTrips(TckSession s) {
    Map<String, String> metadata = TckData.largestMetadata();
    assertThat(ParkingLotLimits.checkMetadata(metadata)).hasSize(ParkingLotLimits.MAX_METADATA_ENTRIES);
    StoredTraceContext entry = TckData.builder(8, s.clock().instant(), HOUR).metadata(metadata).build();
    StoreKey key = s.key("largest-metadata");
    s.store().save(key, entry);
    assertEntry("load of the largest metadata", s.store().load(key), entry);
    assertEntry("take of the largest metadata", s.store().take(key), entry);
  }

  static void largestTraceStateAndBaggageRoundTrip(TckSession s) {
    StoredTraceContext entry = TckData.builder(9, s.clock().instant(), HOUR)
        .traceState(TckData.largestTraceState())
        .baggage(TckData.largestBaggage())
        .build();
    StoreKey key = s.key("largest-headers");
    s.store().save(key, entry);
    assertEntry("load of the largest tracestate and baggage", s.store().load(key), entry);
    assertEntry("take of the largest tracestate and baggage", s.store().take(key), entry);
  }

  static void awkwardKeysRoundTrip(TckSession s) {
    List<StoreKey> keys = new ArrayList<>();
    TckData.AWKWARD_KEYS.forEach(k -> keys.add(s.key(k)));
    saveLoadAndTakeEach(s, keys, "awkward key");
  }

  static void awkwardMetadataRoundTrips(TckSession s) {
    metadataRoundTrips(s, TckData.awkwardMetadata(), "metadata with quotes, backslashes, SQL and JSON");
  }

  static void controlCharactersInMetadataValuesRoundTrip(TckSession s) {
    metadataRoundTrips(s, TckData.controlCharacterMetadata(), "metadata values with control characters");
  }

  private static void metadataRoundTrips(TckSession s, Map<String, String> metadata, String what) {
    StoredTraceContext entry = TckData.builder(10, s.clock().instant(), HOUR).metadata(metadata).build();
    StoreKey key = s.key("metadata");
    s.store().save(key, entry);
    assertEntry("load of " + what, s.store().load(key), entry);
    assertEntry("take of " + what, s.store().take(key), entry);
  }

  /** A key as a message shows it: control and invisible characters as escapes. */
  static String printable(String key) {
    StringBuilder out = new StringBuilder();
    key.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || Character.isWhitespace(c) && c != ' ' || c == 0x00A0 || Character.getType(c) == Character.FORMAT
          || Character.getType(c) == Character.NON_SPACING_MARK) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  /** Saves a distinct entry under each key, then loads each back, then takes each. */
  static void saveLoadAndTakeEach(TckSession s, List<StoreKey> keys, String what) {
    TraceContextStore store = s.store();
    List<StoredTraceContext> entries = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      StoredTraceContext entry = TckData.entry(100 + i, s.clock().instant(), HOUR);
      entries.add(entry);
      store.save(keys.get(i), entry);
    }
    for (int i = 0; i < keys.size(); i++) {
      Optional<StoredTraceContext> loaded = store.load(keys.get(i));
      int owner = loaded.isPresent() ? entries.indexOf(loaded.get()) : -1;
      if (owner >= 0 && owner != i) {
        fail("load of %s '%s' returned the entry saved under '%s': the store treats the two keys as one"
            + " (the later save replaced the earlier)", what, printable(keys.get(i).value()),
            printable(keys.get(owner).value()));
      }
      assertEntry("load of " + what + " '" + printable(keys.get(i).value()) + "'", loaded, entries.get(i));
    }
    for (int i = 0; i < keys.size(); i++) {
      assertEntry("take of " + what + " '" + keys.get(i) + "'", store.take(keys.get(i)), entries.get(i));
      assertNoEntry("load after take of " + what + " '" + keys.get(i) + "'", store.load(keys.get(i)));
    }
  }
}
