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
    String key = s.key("never-saved");
    assertNoEntry("load of a key never saved", s.store().load(key));
    assertThat(s.store().exists(key)).as("exists of a key never saved").isFalse();
  }

  static void loadDoesNotRemove(TckSession s) {
    StoredTraceContext entry = entry(s, 1);
    String key = s.key("loaded-twice");
    s.store().save(key, entry);
    assertEntry("first load", s.store().load(key), entry);
    assertEntry("second load", s.store().load(key), entry);
    assertThat(s.store().exists(key)).as("exists after two loads").isTrue();
  }

  static void saveReplacesTheEntry(TckSession s) {
    StoredTraceContext first = entry(s, 1);
    StoredTraceContext second = TckData.builder(2, s.clock().instant(), Duration.ofMinutes(30))
        .traceFlags((byte) 0x00).metadata(Map.of("version", "2")).build();
    String key = s.key("overwritten");
    s.store().save(key, first);
    s.store().save(key, second);
    assertEntry("load after the second save", s.store().load(key), second);
    assertEntry("take after the second save", s.store().take(key), second);
    assertNoEntry("load after take (the first entry must not reappear)", s.store().load(key));
  }

  static void deleteRemovesTheEntry(TckSession s) {
    String key = s.key("deleted");
    s.store().save(key, entry(s, 1));
    s.store().delete(key);
    assertNoEntry("load after delete", s.store().load(key));
    assertNoEntry("take after delete", s.store().take(key));
    assertThat(s.store().exists(key)).as("exists after delete").isFalse();
  }

  static void deleteOfMissingKeyDoesNothing(TckSession s) {
    String key = s.key("never-saved");
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
    String key = s.key("taken");
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
    String key = s.key("exists");
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
    String key = s.key("order-1");
    String otherKey = otherPrefix + "order-1";
    StoredTraceContext mine = entry(s, 1);
    StoredTraceContext theirs = entry(s, 2);
    TraceContextStore store = s.store();
    store.save(key, mine);
    assertNoEntry("load of the same correlation key under another prefix", store.load(otherKey));
    store.save(otherKey, theirs);
    assertEntry("load under the first prefix", store.load(key), mine);
    assertEntry("take under the second prefix", store.take(otherKey), theirs);
    assertEntry("load under the first prefix after a take under the second", store.load(key), mine);
    store.delete(key);
    store.save(otherKey, theirs);
    assertEntry("load under the second prefix after a delete under the first", store.load(otherKey), theirs);
    store.delete(otherKey);
  }

  static void neighboursAreUntouched(TckSession s) {
    TraceContextStore store = s.store();
    List<String> keys = List.of(s.key("n-1"), s.key("n-2"), s.key("n-3"), s.key("n-4"));
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
   * Save, load, take and claim with the store key given as prefix and correlation key (how a lot
   * calls them) act on exactly the entry of the joined key, wherever the key is split.
   */
  static void lookupsByKeyPartsSeeTheJoinedKey(TckSession s) {
    TraceContextStore store = s.store();
    String correlationKey = "parts-1";
    String joined = s.key(correlationKey);
    String prefix = joined.substring(0, joined.length() - correlationKey.length());
    StoredTraceContext entry = entry(s, 1);
    Duration grace = Duration.ofMinutes(5);

    store.save(joined, entry);
    assertEntry("load by prefix and key", store.load(prefix, correlationKey), entry);
    assertEntry("load by the key split elsewhere", store.load(joined.substring(0, 2), joined.substring(2)), entry);
    assertEntry("load by an empty prefix and the joined key", store.load("", joined), entry);
    assertNoEntry("load by parts that join to another key", store.load(prefix, correlationKey + "x"));
    assertEntry("take by prefix and key", store.take(prefix, correlationKey), entry);
    assertNoEntry("load of the joined key after a take by parts", store.load(joined));
    assertNoEntry("second take by parts", store.take(prefix, correlationKey));

    store.save(joined, entry);
    ClaimResult claimed = store.claim(prefix, correlationKey, s.clock().instant(), grace);
    assertThat(claimed.status()).as("claim by parts of a live entry").isEqualTo(ClaimResult.Status.CLAIMED);
    assertEntry("the claim's context", claimed.context(), entry);
    // Not CLAIMED a second time; whether it is a duplicate is the dup rules' business.
    assertThat(store.claim(joined, s.clock().instant(), grace).status())
        .as("claim of the joined key after a claim by parts").isNotEqualTo(ClaimResult.Status.CLAIMED);
    store.delete(joined);
    assertNoEntry("load by parts after a delete of the joined key", store.load(prefix, correlationKey));
    assertThat(store.claim(prefix, correlationKey, s.clock().instant(), grace).status())
        .as("claim by parts after the delete").isEqualTo(ClaimResult.Status.NOT_FOUND);

    StoredTraceContext second = entry(s, 2);
    store.save(prefix, correlationKey, second);
    assertEntry("load of the joined key after a save by parts", store.load(joined), second);
    assertEntry("load by the key split elsewhere after a save by parts",
        store.load(joined.substring(0, 2), joined.substring(2)), second);
    store.save(joined.substring(0, 1), joined.substring(1), entry);
    assertEntry("a save by other parts of the same key replaced the entry", store.take(joined), entry);
    assertNoEntry("load by parts after the take", store.load(prefix, correlationKey));
  }

  static void nullArgumentsAreRejected(TckSession s) {
    TraceContextStore store = s.store();
    for (KeyOperation op : KeyOperation.all(entry(s, 1))) {
      assertThatNullPointerException()
          .as("%s with a null key", op.name)
          .isThrownBy(() -> op.call(store, null));
    }
    String key = s.key("null-context");
    assertThatNullPointerException().as("save(key, null)").isThrownBy(() -> store.save(key, null));
    assertThat(store.exists(key)).as("exists after a rejected save of null").isFalse();
  }

  static void invalidKeysAreRejected(TckSession s) {
    TraceContextStore store = s.store();
    StoredTraceContext entry = entry(s, 1);
    String tooLong = TckData.fill(s.context().keyPrefix(), "k", ParkingLotLimits.MAX_STORE_KEY_LENGTH + 1);
    List<String> invalid = List.of("", " ", "   \t", tooLong, s.key("line\nbreak"), s.key("nul\u0000"));
    for (String key : invalid) {
      for (KeyOperation op : KeyOperation.all(entry)) {
        assertThatIllegalArgumentException()
            .as("%s with the invalid key '%s' (%d chars)", op.name, printable(key), key.length())
            .isThrownBy(() -> op.call(store, key));
      }
    }
    String longest = TckData.fill(s.context().keyPrefix(), "k", ParkingLotLimits.MAX_STORE_KEY_LENGTH);
    assertThat(store.exists(longest))
        .as("the rejected save of a key one char too long must not have stored it cut to the limit")
        .isFalse();
  }

  static void similarKeysAreDistinct(TckSession s) {
    List<String> keys = new ArrayList<>();
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

    void call(TraceContextStore store, @Nullable String key) {
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
          store.claim(key, entry.parkedAt(), entry.ttl());
          break;
        default:
          store.exists(key);
      }
    }
  }
}
