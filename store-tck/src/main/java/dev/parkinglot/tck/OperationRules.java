package dev.parkinglot.tck;

import static dev.parkinglot.tck.TckAssertions.assertEntry;
import static dev.parkinglot.tck.TckAssertions.assertNoEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The bodies of the {@code op} and {@code key} rules: the operations and their keys. Not public API. */
final class OperationRules {
  private static final Duration HOUR = Duration.ofHours(1);

  private OperationRules() {}

  private static StoredTraceContext entry(TckSession s, long n) {
    return TckData.entry(n, s.clock().instant(), HOUR);
  }

  static void missingKeyIsNotFound(TckSession s) {
    StoreKey key = s.key("never-saved");
    assertNoEntry("load of a key never saved", s.store().load(key));
    assertThat(s.store().exists(key)).as("exists of a key never saved").isFalse();
  }

  static void loadDoesNotRemove(TckSession s) {
    StoredTraceContext entry = entry(s, 1);
    StoreKey key = s.key("loaded-twice");
    s.store().save(key, entry);
    assertEntry("first load", s.store().load(key), entry);
    assertEntry("second load", s.store().load(key), entry);
    assertThat(s.store().exists(key)).as("exists after two loads").isTrue();
  }

  static void saveReplacesTheEntry(TckSession s) {
    StoredTraceContext first = entry(s, 1);
    StoredTraceContext second = TckData.builder(2, s.clock().instant(), Duration.ofMinutes(30))
        .traceFlags((byte) 0x00).metadata(Map.of("version", "2")).build();
    StoreKey key = s.key("overwritten");
    s.store().save(key, first);
    s.store().save(key, second);
    assertEntry("load after the second save", s.store().load(key), second);
    assertEntry("take after the second save", s.store().take(key), second);
    assertNoEntry("load after take (the first entry must not reappear)", s.store().load(key));
  }

  static void deleteRemovesTheEntry(TckSession s) {
    StoreKey key = s.key("deleted");
    s.store().save(key, entry(s, 1));
    s.store().delete(key);
    assertNoEntry("load after delete", s.store().load(key));
    assertNoEntry("take after delete", s.store().take(key));
    assertThat(s.store().exists(key)).as("exists after delete").isFalse();
  }

  static void deleteOfMissingKeyDoesNothing(TckSession s) {
    StoreKey key = s.key("never-saved");
    // The store is created outside assertThatCode: a backend that is missing must skip the rule, not fail it.
    TraceContextStore store = s.store();
    assertThatCode(() -> store.delete(key)).as("delete of a key never saved").doesNotThrowAnyException();
    store.save(key, entry(s, 1));
    store.delete(key);
    assertThatCode(() -> store.delete(key)).as("second delete of one key").doesNotThrowAnyException();
    assertNoEntry("load after two deletes", store.load(key));
  }

  static void takeReturnsAndRemoves(TckSession s) {
    StoredTraceContext entry = entry(s, 1);
    StoreKey key = s.key("taken");
    s.store().save(key, entry);
    assertEntry("take", s.store().take(key), entry);
    assertNoEntry("second take", s.store().take(key));
    assertNoEntry("load after take", s.store().load(key));
    assertThat(s.store().exists(key)).as("exists after take").isFalse();
  }

  static void takeOfMissingKeyIsEmpty(TckSession s) {
    assertNoEntry("take of a key never saved", s.store().take(s.key("never-saved")));
  }

  static void existsFollowsTheEntry(TckSession s) {
    StoreKey key = s.key("exists");
    TraceContextStore store = s.store();
    assertThat(store.exists(key)).as("exists before save").isFalse();
    store.save(key, entry(s, 1));
    assertThat(store.exists(key)).as("exists after save").isTrue();
    assertThat(store.exists(key)).as("exists asked twice (exists must not remove)").isTrue();
    store.delete(key);
    assertThat(store.exists(key)).as("exists after delete").isFalse();
    store.save(key, entry(s, 2));
    store.take(key);
    assertThat(store.exists(key)).as("exists after take").isFalse();
  }

  static void keyPrefixesIsolateEntries(TckSession s) {
    String otherPrefix = "tck-" + TckContext.randomToken() + ":";
    StoreKey key = s.key("order-1");
    String otherKey = otherPrefix + "order-1";
    StoredTraceContext mine = entry(s, 1);
    StoredTraceContext theirs = entry(s, 2);
    TraceContextStore store = s.store();
    store.save(key, mine);
    assertNoEntry("load of the same correlation key under another prefix", store.load(StoreKey.of(otherKey)));
    store.save(StoreKey.of(otherKey), theirs);
    assertEntry("load under the first prefix", store.load(key), mine);
    assertEntry("take under the second prefix", store.take(StoreKey.of(otherKey)), theirs);
    assertEntry("load under the first prefix after a take under the second", store.load(key), mine);
    store.delete(key);
    store.save(StoreKey.of(otherKey), theirs);
    assertEntry("load under the second prefix after a delete under the first", store.load(StoreKey.of(otherKey)), theirs);
    store.delete(StoreKey.of(otherKey));
  }

  static void neighboursAreUntouched(TckSession s) {
    TraceContextStore store = s.store();
    List<StoreKey> keys = List.of(s.key("n-1"), s.key("n-2"), s.key("n-3"), s.key("n-4"));
    List<StoredTraceContext> entries = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      entries.add(entry(s, i));
      store.save(keys.get(i), entries.get(i));
    }
    store.delete(keys.get(1));
    assertEntry("take of n-3 after delete of n-2", store.take(keys.get(2)), entries.get(2));
    store.save(keys.get(3), entries.get(3));
    assertEntry("load of n-1 after delete, take and save of others", store.load(keys.get(0)), entries.get(0));
    assertEntry("load of n-4 after it was saved again", store.load(keys.get(3)), entries.get(3));
  }

  /**
   * A key is its value: the same joined key split elsewhere between prefix and correlation key is
   * the same entry for every operation (a store that keeps the two parts apart must compare the
   * joined form), and a key whose value differs is another entry.
   */
  static void keysOfOneValueAreOneEntry(TckSession s) {
    TraceContextStore store = s.store();
    String prefix = s.context().keyPrefix();
    StoreKey key = StoreKey.of(prefix, "parts-1");
    // The same value split after two more chars, and with no prefix at all.
    StoreKey splitLater = StoreKey.of(prefix + "pa", "rts-1");
    StoreKey noPrefix = StoreKey.of(prefix + "parts-1");
    StoreKey other = StoreKey.of(prefix, "parts-1x");
    StoredTraceContext entry = entry(s, 1);
    Duration grace = Duration.ofMinutes(5);

    store.save(key, entry);
    assertEntry("load of the key split later", store.load(splitLater), entry);
    assertEntry("load of the key with no prefix", store.load(noPrefix), entry);
    assertNoEntry("load of a key whose value differs", store.load(other));
    assertThat(store.exists(splitLater)).as("exists of the key split later").isTrue();
    assertEntry("take of the key split later", store.take(splitLater), entry);
    assertNoEntry("load of the key after a take of the same value", store.load(key));
    assertNoEntry("second take, of the key with no prefix", store.take(noPrefix));

    store.save(noPrefix, entry);
    ClaimResult claimed = store.claim(key, Consumption.of(s.clock().instant(), grace));
    assertThat(claimed.status()).as("claim of a live entry saved under the same value")
        .isEqualTo(ClaimResult.Status.CLAIMED);
    assertEntry("the claim's context", claimed.context(), entry);
    // Not CLAIMED a second time; whether it is a duplicate is the dup rules' business.
    assertThat(store.claim(splitLater, Consumption.of(s.clock().instant(), grace)).status())
        .as("claim of the key split later after a claim").isNotEqualTo(ClaimResult.Status.CLAIMED);
    store.delete(splitLater);
    assertNoEntry("load after a delete of the same value", store.load(key));

    StoredTraceContext second = entry(s, 2);
    store.save(splitLater, second);
    store.save(key, entry);
    assertEntry("a save under the same value replaced the entry", store.take(noPrefix), entry);
    assertNoEntry("load after the take", store.load(splitLater));
  }

  static void nullArgumentsAreRejected(TckSession s) {
    TraceContextStore store = s.store();
    for (KeyOperation op : KeyOperation.all(entry(s, 1))) {
      assertThatNullPointerException()
          .as("%s with a null key", op.name)
          .isThrownBy(() -> op.call(store, null));
    }
    StoreKey key = s.key("null-context");
    assertThatNullPointerException().as("save(key, null)").isThrownBy(() -> store.save(key, null));
    assertThat(store.exists(key)).as("exists after a rejected save of null").isFalse();
  }

  /**
   * The longest keys (a {@code MAX_KEY_PREFIX_LENGTH} prefix and a {@code
   * MAX_CORRELATION_KEY_LENGTH} correlation key) that differ only in their last char, and keys that
   * share their first 255 or 256 chars, are distinct entries: a store that cuts keys to a column's
   * length (a VARCHAR(255) habit) would make them share one, and link a webhook to the wrong trace.
   */
  static void longKeysAreNeverCut(TckSession s) {
    TraceContextStore store = s.store();
    String prefix = TckData.fill(s.context().keyPrefix(), "p", ParkingLotLimits.MAX_KEY_PREFIX_LENGTH);
    String body = TckData.fill("", "k", ParkingLotLimits.MAX_CORRELATION_KEY_LENGTH - 1);
    List<StoreKey> keys = new ArrayList<>();
    for (String last : List.of("a", "b", "\u00e9", "\u4e2d")) {
      keys.add(StoreKey.of(prefix, body + last));
    }
    // Keys of 256, 257 and 300 chars sharing their first 255 (with the rule's short prefix).
    String base = TckData.fill(s.context().keyPrefix(), "c", 255).substring(s.context().keyPrefix().length());
    keys.add(s.key(base + "1"));
    keys.add(s.key(base + "12"));
    keys.add(s.key(base.substring(0, 200) + "x"));
    RoundTripRules.saveLoadAndTakeEach(s, keys, "long key");
  }

  /**
   * Lookups may come with keys up to the read bound ({@code StoreKey.Prefix.readKey}: a {@code
   * MAX_KEY_PREFIX_LENGTH} prefix and a {@code MAX_READ_CORRELATION_KEY_LENGTH} correlation key),
   * longer than any key a save writes, for entries another writer parked: a store whose backend
   * cannot hold such a key answers that there is none, never an error; and such a key that starts
   * with a saved key is not that entry.
   */
  static void lookupKeysUpToTheReadBoundAreNeverAnError(TckSession s) {
    TraceContextStore store = s.store();
    StoreKey.Prefix longPrefix =
        StoreKey.prefix(TckData.fill(s.context().keyPrefix(), "p", ParkingLotLimits.MAX_KEY_PREFIX_LENGTH));
    String saved = TckData.fill("", "\u4e2d", ParkingLotLimits.MAX_CORRELATION_KEY_LENGTH);
    StoreKey savedKey = longPrefix.key(saved);
    StoredTraceContext entry = entry(s, 1);
    store.save(savedKey, entry);
    for (String last : List.of("k", "\u4e2d", "\ud83d\ude00")) {
      String lookup = TckData.fill(saved, last, ParkingLotLimits.MAX_READ_CORRELATION_KEY_LENGTH);
      StoreKey key = longPrefix.readKey(lookup);
      String what = "a lookup key of " + key.value().length() + " chars ending in " + printable(last);
      assertThat(store.load(key)).as("load of %s", what).isEmpty();
      assertThat(store.exists(key)).as("exists of %s", what).isFalse();
      assertThat(store.take(key)).as("take of %s", what).isEmpty();
      assertThat(store.claim(key, Consumption.of(s.clock().instant(), HOUR)).status()).as("claim of %s", what)
          .isEqualTo(ClaimResult.Status.NOT_FOUND);
      store.delete(key);
    }
    assertEntry("the saved key, whose value the lookup keys start with", store.load(savedKey), entry);
  }

  static void similarKeysAreDistinct(TckSession s) {
    List<StoreKey> keys = new ArrayList<>();
    TckData.SIMILAR_KEYS.forEach(k -> keys.add(s.key(k)));
    RoundTripRules.saveLoadAndTakeEach(s, keys, "similar key");
  }

  private static String printable(String key) {
    String shown = key.length() > 40 ? key.substring(0, 37) + "..." : key;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  /** One store operation that takes a key, for rules that try each with bad keys. */
  private static final class KeyOperation {
    final String name;
    private final StoredTraceContext entry;

    private KeyOperation(String name, StoredTraceContext entry) {
      this.name = name;
      this.entry = entry;
    }

    static List<KeyOperation> all(StoredTraceContext entry) {
      return List.of(
          new KeyOperation("save", entry), new KeyOperation("load", entry), new KeyOperation("take", entry),
          new KeyOperation("delete", entry), new KeyOperation("exists", entry), new KeyOperation("claim", entry));
    }

    void call(TraceContextStore store, @Nullable StoreKey key) {
      switch (name) {
        case "save":
          store.save(key, entry);
          break;
        case "load":
          store.load(key);
          break;
        case "take":
          store.take(key);
          break;
        case "delete":
          store.delete(key);
          break;
        case "claim":
          store.claim(key, Consumption.of(entry.parkedAt(), entry.ttl()));
          break;
        default:
          store.exists(key);
      }
    }
  }
}
