package dev.parkinglot.tck;

import static dev.parkinglot.tck.TckAssertions.assertEntry;
import static dev.parkinglot.tck.TckAssertions.assertNoEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Duration;

/** The bodies of the {@code life} and {@code shr} rules: store instances. Not public API. */
final class InstanceRules {
  private InstanceRules() {}

  static void closeIsIdempotent(TckSession s) {
    TraceContextStore store = s.store();
    store.save(s.key("before-close"), TckData.entry(1, s.clock().instant(), Duration.ofHours(1)));
    assertThatCode(store::close).as("first close").doesNotThrowAnyException();
    assertThatCode(store::close).as("second close").doesNotThrowAnyException();
  }

  static void secondInstanceSeesTheSameEntries(TckSession s) {
    TraceContextStore first = s.store();
    TraceContextStore second = s.newStore();
    StoredTraceContext entry = TckData.entry(1, s.clock().instant(), Duration.ofHours(1));
    StoreKey key = s.key("shared");
    first.save(key, entry);
    assertThat(second.exists(key)).as("exists through the second instance (the TCK class declares sharesEntriesBetweenInstances() true:"
        + " both instances must use one backend namespace, TckContext.name())").isTrue();
    assertEntry("load through the second instance", second.load(key), entry);
    assertEntry("take through the second instance", second.take(key), entry);
    assertNoEntry("load through the first instance after the second took it", first.load(key));
    assertNoEntry("take through the first instance after the second took it", first.take(key));
  }

  static void secondInstanceKeepsItsOwnEntries(TckSession s) {
    TraceContextStore first = s.store();
    TraceContextStore second = s.newStore();
    StoredTraceContext entry = TckData.entry(1, s.clock().instant(), Duration.ofHours(1));
    StoreKey key = s.key("per-instance");
    first.save(key, entry);
    assertThat(second.exists(key)).as("exists through a second in-process instance: the TCK class declares sharesEntriesBetweenInstances()"
        + " false (the default, for in-process stores), but the second instance sees the first one's entry;"
        + " a server store, whose instances share one backend, overrides sharesEntriesBetweenInstances() to"
        + " return true").isFalse();
    assertNoEntry("load through a second in-process instance", second.load(key));
    assertNoEntry("take through a second in-process instance", second.take(key));
    second.delete(key);
    assertEntry("load through the first instance after the second deleted its own key", first.load(key), entry);
  }
}
