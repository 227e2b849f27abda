package dev.parkinglot.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotException;
import dev.parkinglot.StoreFullException;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.opentest4j.TestAbortedException;

/*
 * Each operation is tried on its own key and its outcome written down, so that one failure lists
 * every operation that broke the contract and what it threw instead, rather than stopping at the
 * first.
 */

/** The bodies of the {@code err} rules. Not public API. */
final class ErrorRules {
  private static final Duration HOUR = Duration.ofHours(1);

  private ErrorRules() {}

  /** One operation of the SPI, for a rule that tries them all. */
  private interface Operation {
    void run(TraceContextStore store, StoreKey key);
  }

  private static Map<String, Operation> operations(TckSession s) {
    StoredTraceContext entry = TckData.entry(1, s.clock().instant(), HOUR);
    Consumption consumption = Consumption.atMillis(s.clock().millis(), Duration.ofMinutes(10));
    Map<String, Operation> ops = new LinkedHashMap<>();
    ops.put("save", (store, key) -> store.save(key, entry));
    ops.put("load", TraceContextStore::load);
    ops.put("take", TraceContextStore::take);
    ops.put("claim", (store, key) -> store.claim(key, consumption));
    ops.put("delete", TraceContextStore::delete);
    ops.put("exists", TraceContextStore::exists);
    return ops;
  }

  static void unreachableBackendThrowsStoreUnavailable(
      TckSession s, Function<TckContext, TraceContextStore> unreachable) {
    TraceContextStore store;
    try {
      store = s.adopt(unreachable.apply(s.context()));
    } catch (TestAbortedException e) {
      throw e;
    } catch (StoreUnavailableException e) {
      // The provider contract allows a store to check its backend when it is created.
      assertThat(e.getCause())
          .as("creating a store whose backend is unreachable threw %s without the backend's exception as its"
              + " cause", e)
          .isNotNull();
      return;
    } catch (RuntimeException e) {
      throw new AssertionError("creating a store whose backend is unreachable threw " + e + ", not a "
          + StoreUnavailableException.class.getName() + " with the backend's exception as its cause", e);
    }
    List<String> wrong = new ArrayList<>();
    operations(s).forEach((name, op) -> {
      StoreKey key = s.key("unreachable-" + name);
      Throwable thrown = catchThrowable(() -> op.run(store, key));
      if (thrown == null) {
        wrong.add(name + " returned normally");
      } else if (!(thrown instanceof StoreUnavailableException)) {
        wrong.add(name + " threw " + describe(thrown));
      } else if (thrown.getCause() == null) {
        wrong.add(name + " threw " + thrown + " without the backend's exception as its cause");
      }
    });
    if (!wrong.isEmpty()) {
      fail("with the backend unreachable every operation must throw %s with the backend's exception as"
          + " its cause; instead:%n  %s", StoreUnavailableException.class.getName(), String.join("\n  ", wrong));
    }
  }

  static void corruptEntryThrowsCorruptEntry(
      TckSession s, BiConsumer<TraceContextStore, StoreKey> writeCorrupt) {
    TraceContextStore store = s.store();
    Consumption consumption = Consumption.atMillis(s.clock().millis(), Duration.ofMinutes(10));
    Map<String, BiFunction<TraceContextStore, StoreKey, Object>> reads = new LinkedHashMap<>();
    reads.put("load", TraceContextStore::load);
    reads.put("take", TraceContextStore::take);
    reads.put("claim", (st, key) -> st.claim(key, consumption));
    List<String> wrong = new ArrayList<>();
    reads.forEach((name, op) -> {
      StoreKey key = s.key("corrupt-" + name);
      writeCorrupt.accept(store, key);
      Object[] result = {null};
      Throwable thrown = catchThrowable(() -> result[0] = op.apply(store, key));
      if (thrown == null) {
        wrong.add(name + " of '" + key + "' returned " + result[0] + " instead of throwing");
      } else if (!(thrown instanceof CorruptEntryException)) {
        wrong.add(name + " of '" + key + "' threw " + describe(thrown));
      } else if (!((CorruptEntryException) thrown).key().equals(key.value())) {
        wrong.add(name + " of '" + key + "' threw " + thrown + " naming the key '"
            + ((CorruptEntryException) thrown).key() + "'");
      }
    });
    if (!wrong.isEmpty()) {
      fail("an entry the store cannot read must make load, take and claim throw %s naming the key, never"
          + " return some other context; instead:%n  %s", CorruptEntryException.class.getName(),
          String.join("\n  ", wrong));
    }
    StoreKey key = s.key("corrupt-then-saved");
    writeCorrupt.accept(store, key);
    StoredTraceContext entry = TckData.entry(2, s.clock().instant(), HOUR);
    store.save(key, entry);
    TckAssertions.assertEntry("load after a save over a corrupt entry", store.load(key), entry);
  }

  static void fullStoreRefusesNewKeys(TckSession s, BiFunction<TckContext, Integer, TraceContextStore> bounded, int capacity) {
    TraceContextStore store = s.adopt(bounded.apply(s.context(), capacity));
    List<StoreKey> keys = new ArrayList<>();
    List<StoredTraceContext> entries = new ArrayList<>();
    for (int i = 0; i < capacity; i++) {
      keys.add(s.key("bounded-" + i));
      entries.add(TckData.entry(i, s.clock().instant(), HOUR));
      store.save(keys.get(i), entries.get(i));
    }
    StoreKey extra = s.key("bounded-over");
    StoredTraceContext extraEntry = TckData.entry(capacity, s.clock().instant(), HOUR);
    Throwable thrown = catchThrowable(() -> store.save(extra, extraEntry));
    if (thrown == null) {
      List<String> gone = new ArrayList<>();
      for (int i = 0; i < capacity; i++) {
        if (store.load(keys.get(i)).isEmpty()) {
          gone.add(keys.get(i).value());
        }
      }
      fail("a store bounded to %d entries accepted a save of '%s' while it held %d live entries%s",
          capacity, extra, capacity, gone.isEmpty() ? " (and lost none: is the bound applied?)"
              : " and silently evicted " + gone);
    }
    assertThat(thrown)
        .as("save of a new key into a store holding %d entries, its bound: expected %s, got %s", capacity,
            StoreFullException.class.getName(), describe(thrown))
        .isInstanceOf(StoreFullException.class);
    assertThat(((StoreFullException) thrown).capacity())
        .as("capacity() of the StoreFullException of a store bounded to %d entries", capacity)
        .isEqualTo(capacity);
    TckAssertions.assertNoEntry("load of the refused key '" + extra + "'", store.load(extra));
    for (int i = 0; i < capacity; i++) {
      TckAssertions.assertEntry("load of '" + keys.get(i) + "' after the refused save (no live entry may be"
          + " evicted to make room)", store.load(keys.get(i)), entries.get(i));
    }
    StoredTraceContext replacement = TckData.entry(capacity + 1, s.clock().instant(), HOUR);
    store.save(keys.get(0), replacement);
    TckAssertions.assertEntry("load after replacing an entry of a full store (a replacement does not grow it)",
        store.load(keys.get(0)), replacement);
    store.delete(keys.get(1));
    store.save(extra, extraEntry);
    TckAssertions.assertEntry("load of '" + extra + "' saved after a delete made room", store.load(extra), extraEntry);
  }

  private static String describe(Throwable thrown) {
    if (thrown instanceof ParkingLotException) {
      return thrown.toString();
    }
    return thrown + " (the backend's exception leaked: wrap it as the cause of one of this library's exceptions)";
  }
}
