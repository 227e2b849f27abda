package dev.parkinglot.tck;

import static dev.parkinglot.tck.TckAssertions.assertEntry;
import static dev.parkinglot.tck.TckAssertions.assertNoEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiPredicate;
import org.opentest4j.TestAbortedException;

/*
 * Every rule here saves while the test clock stands at the start, so an entry always has minutes
 * or more to live in real time: a backend whose own TTL runs on the real clock keeps it, and the
 * rule then moves only the test clock to reach expiry. What is tested is the store's check on read,
 * which must follow its injected clock; the backend's own expiry is the separate stochastic rule.
 */

/** The bodies of the {@code ttl} rules. Not public API. */
final class ExpiryRules {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration POLL = Duration.ofMillis(100);
  /** How long ttl10 watches the live entry at least, even once the backend dropped the short one. */
  private static final Duration MIN_LIVE_WATCH = Duration.ofSeconds(6);

  private ExpiryRules() {}

  static void entryIsLiveUntilItsLastMillisecond(TckSession s) {
    StoredTraceContext entry = TckData.entry(1, s.clock().instant(), HOUR);
    StoreKey key = s.key("live");
    s.store().save(key, entry);
    s.clock().set(entry.expiresAt().minusMillis(1));
    assertThat(s.store().exists(key)).as("exists 1 ms before expiresAt").isTrue();
    assertEntry("load 1 ms before expiresAt", s.store().load(key), entry);
    assertEntry("take 1 ms before expiresAt", s.store().take(key), entry);
  }

  static void expiredEntryIsNeverReportedByExists(TckSession s) {
    StoredTraceContext entry = TckData.entry(1, s.clock().instant(), HOUR);
    StoreKey key = s.key("expired-exists");
    s.store().save(key, entry);
    s.clock().set(entry.expiresAt());
    assertThat(s.store().exists(key)).as("exists at expiresAt").isFalse();
    s.clock().advance(Duration.ofDays(1));
    assertThat(s.store().exists(key)).as("exists a day after expiresAt").isFalse();
  }

  static void expiredEntryIsNeverLoaded(TckSession s) {
    StoredTraceContext entry = TckData.entry(1, s.clock().instant(), HOUR);
    StoreKey key = s.key("expired-load");
    s.store().save(key, entry);
    s.clock().set(entry.expiresAt());
    assertNoEntry("load at expiresAt", s.store().load(key));
    s.clock().advance(Duration.ofMillis(1));
    assertNoEntry("load 1 ms after expiresAt", s.store().load(key));
    s.clock().advance(Duration.ofDays(30));
    assertNoEntry("load 30 days after expiresAt", s.store().load(key));
  }

  static void expiredEntryIsNeverTaken(TckSession s) {
    StoredTraceContext entry = TckData.entry(1, s.clock().instant(), HOUR);
    StoreKey key = s.key("expired-take");
    s.store().save(key, entry);
    s.clock().set(entry.expiresAt());
    assertNoEntry("take at expiresAt", s.store().take(key));
    s.clock().advance(Duration.ofDays(30));
    assertNoEntry("take 30 days after expiresAt", s.store().take(key));
    assertNoEntry("load after the takes of an expired entry", s.store().load(key));
  }

  static void ttlIsPerEntry(TckSession s) {
    Instant start = s.clock().instant();
    StoredTraceContext shortLived = TckData.entry(1, start, Duration.ofMinutes(10));
    StoredTraceContext longLived = TckData.entry(2, start, Duration.ofMinutes(20));
    StoreKey shortKey = s.key("ttl-10m");
    StoreKey longKey = s.key("ttl-20m");
    s.store().save(shortKey, shortLived);
    s.store().save(longKey, longLived);
    s.clock().set(start.plus(Duration.ofMinutes(10)));
    assertNoEntry("10-minute entry after 10 minutes", s.store().load(shortKey));
    assertEntry("20-minute entry after 10 minutes", s.store().load(longKey), longLived);
    s.clock().set(start.plus(Duration.ofMinutes(20)).minusMillis(1));
    assertEntry("20-minute entry 1 ms before its expiry", s.store().load(longKey), longLived);
    s.clock().set(start.plus(Duration.ofMinutes(20)));
    assertNoEntry("20-minute entry after 20 minutes", s.store().load(longKey));
    assertThat(s.store().exists(longKey)).as("exists of the 20-minute entry after 20 minutes").isFalse();
  }

  static void saveAfterExpiryStoresTheNewEntry(TckSession s) {
    StoreKey key = s.key("reused");
    StoredTraceContext old = TckData.entry(1, s.clock().instant(), Duration.ofMinutes(5));
    s.store().save(key, old);
    s.clock().set(old.expiresAt().plusSeconds(1));
    StoredTraceContext fresh = TckData.entry(2, s.clock().instant(), HOUR);
    s.store().save(key, fresh);
    assertThat(s.store().exists(key)).as("exists after saving over an expired entry").isTrue();
    assertEntry("load after saving over an expired entry", s.store().load(key), fresh);
    assertEntry("take after saving over an expired entry", s.store().take(key), fresh);
  }

  static void expiryCountsFromParkedAtNotFromSave(TckSession s) {
    Instant now = s.clock().instant();
    StoredTraceContext entry = TckData.entry(1, now.minus(Duration.ofMinutes(50)), HOUR);
    StoreKey key = s.key("parked-earlier");
    s.store().save(key, entry);
    s.clock().set(now.plus(Duration.ofMinutes(10)).minusMillis(1));
    assertEntry("load 1 ms before parkedAt + ttl", s.store().load(key), entry);
    s.clock().set(now.plus(Duration.ofMinutes(10)));
    assertNoEntry("load at parkedAt + ttl (10 minutes after the save, not an hour)", s.store().load(key));
    assertThat(s.store().exists(key)).as("exists at parkedAt + ttl").isFalse();
  }

  static void alreadyExpiredEntryIsNeverReturned(TckSession s) {
    Instant now = s.clock().instant();
    StoredTraceContext expired = TckData.entry(1, now.minus(Duration.ofHours(2)), HOUR);
    StoreKey key = s.key("born-expired");
    // The store is created outside assertThatCode: a backend that is missing must skip the rule, not fail it.
    TraceContextStore store = s.store();
    assertThatCode(() -> store.save(key, expired))
        .as("save of an entry that expired before it was saved").doesNotThrowAnyException();
    assertNoEntry("load of an entry saved already expired", s.store().load(key));
    assertThat(s.store().exists(key)).as("exists of an entry saved already expired").isFalse();
    assertNoEntry("take of an entry saved already expired", s.store().take(key));

    StoreKey replaced = s.key("replaced-by-expired");
    s.store().save(replaced, TckData.entry(2, now, HOUR));
    s.store().save(replaced, TckData.entry(3, now.minus(Duration.ofHours(2)), HOUR));
    assertNoEntry("load after saving an expired entry over a live one (save replaces)", s.store().load(replaced));
  }

  static void backendItselfRemovesExpiredEntries(
      TckSession s, BiPredicate<TraceContextStore, StoreKey> backendHoldsEntry, Duration timeout) {
    TraceContextStore store = s.newSystemClockStore();
    Clock system = Clock.systemUTC();
    Duration ttl = Duration.ofSeconds(2);
    StoredTraceContext entry;
    StoreKey key;
    boolean heldAfterSave;
    int attempt = 0;
    do {
      // A first save (a new pool, a new connection) on a stalled machine can outlast the ttl: then
      // the entry is rightly gone already, which says nothing about the hook; try again.
      entry = TckData.entry(1, system.instant(), ttl);
      key = s.key("backend-expiry-" + attempt);
      store.save(key, entry);
      heldAfterSave = backendHoldsEntry.test(store, key);
    } while (!heldAfterSave && !system.instant().isBefore(entry.expiresAt()) && ++attempt < 3);
    assertThat(heldAfterSave)
        .as("backendHoldsEntry right after a save of an entry with %s to live: the hook must see entries"
            + " the backend holds, or this rule proves nothing", ttl)
        .isTrue();
    Instant deadline = entry.expiresAt().plus(timeout);
    while (system.instant().isBefore(deadline)) {
      if (!backendHoldsEntry.test(store, key)) {
        return;
      }
      sleep(POLL);
    }
    if (backendHoldsEntry.test(store, key)) {
      fail("the backend still holds the entry under '%s' %s after it expired at %s: it never removes"
          + " expired entries by itself (check the backend TTL or the purge/sweeper)", key, timeout, entry.expiresAt());
    }
  }

  /*
   * Why the test clock follows real time here: a backend's own expiry runs on the real clock (a
   * Redis PX, a DynamoDB TTL), while a sweeper or purge inside the store reads the store's clock.
   * Moving the TCK clock in step with real time lets both act, so a sweeper or purge that removes
   * more than it should (a unit slip in a ttl, a cap on the backend ttl, a purge by the wrong
   * column) has every chance to hit the long-lived entry before the rule ends.
   */
  static void backendExpiryKeepsLiveEntries(
      TckSession s, BiPredicate<TraceContextStore, StoreKey> backendHoldsEntry, Duration timeout) {
    TraceContextStore store = s.store();
    Instant start = s.clock().instant();
    long realStart = System.nanoTime();
    Duration shortTtl = Duration.ofSeconds(2);
    StoredTraceContext shortLived = TckData.entry(1, start, shortTtl);
    StoredTraceContext longLived = TckData.entry(2, start, HOUR);
    StoreKey shortKey = s.key("expires-in-2s");
    StoreKey longKey = s.key("lives-an-hour");
    store.save(longKey, longLived);
    store.save(shortKey, shortLived);
    Duration window = shortTtl.plus(timeout);
    boolean hook = true;
    boolean shortGone = false;
    while (true) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - realStart);
      s.clock().set(start.plus(elapsed));
      if (hook && !shortGone && elapsed.compareTo(shortTtl) >= 0) {
        try {
          shortGone = !backendHoldsEntry.test(store, shortKey);
        } catch (TestAbortedException e) {
          hook = false;
        }
      }
      if (store.load(longKey).isEmpty()) {
        fail("entry '%s' (ttl 1 h, parked at %s) was gone %d ms after it was saved, while the clock"
            + " stood at %s, 59 minutes before it expires; the other entry saved with it had a ttl"
            + " of %s: the backend's expiry or the store's sweeper/purge removed a live entry (a"
            + " seconds/milliseconds slip in a ttl, a cap on the backend ttl, a purge that compares the"
            + " wrong column)", longKey, start, elapsed.toMillis(), s.clock().instant(), shortTtl);
      }
      if (elapsed.compareTo(window) >= 0 || shortGone && elapsed.compareTo(MIN_LIVE_WATCH) >= 0) {
        window = elapsed;
        break;
      }
      sleep(POLL);
    }
    assertEntry("load of the 1-hour entry " + window.toMillis() + " ms after it was saved (the 2-second"
        + " entry saved with it expired meanwhile)", store.load(longKey), longLived);
    assertThat(store.exists(longKey)).as("exists of the 1-hour entry after the 2-second one expired").isTrue();
    assertNoEntry("load of the 2-second entry " + window.toMillis() + " ms after it was saved",
        store.load(shortKey));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the backend to expire an entry", e);
    }
  }
}
