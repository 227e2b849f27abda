package dev.parkinglot.tck;

import static org.assertj.core.api.Assertions.fail;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.ClaimResult.Status;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Assumptions;

/*
 * Two races, as for take. First every thread walks the same keys in the same order, so several are
 * on one key at a time; then rounds in which every thread is released by a barrier onto one key.
 * While a key holds a live entry or its tombstone, every claim must be CLAIMED or DUPLICATE: a
 * NOT_FOUND means a claim saw the key empty, which is what a take followed by a save does between
 * its two steps; two CLAIMED mean two claims both saw the live entry. The test clock stands still, so
 * every tombstone is exactly entry.asConsumed(Consumption.of(now, GRACE)) and the DUPLICATE contexts are checked
 * against it.
 */

/** The body of {@code optional_dup06}. Not public API. */
final class DuplicateRaceRules {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration GRACE = DuplicateRules.GRACE;

  private DuplicateRaceRules() {}

  static void racingClaimsHaveExactlyOneFirst(
      TckSession s, int keyCount, int rounds, int threadCount, Duration timeLimit) {
    TraceContextStore store = s.store();
    Assumptions.assumeTrue(store.claimIsAtomic(), () -> store.getClass().getName()
        + " declares claimIsAtomic() false (the SPI's default claim, a take then a save), so racing claims"
        + " are not expected to have exactly one first");
    Instant now = s.clock().instant();
    List<StoreKey> keys = new ArrayList<>(keyCount);
    List<StoredTraceContext> entries = new ArrayList<>(keyCount);
    for (int i = 0; i < keyCount; i++) {
      keys.add(s.key("claim-race-" + i));
      entries.add(TckData.entry(i, now, HOUR));
    }
    Problems problems = new Problems();
    ExecutorService pool = Executors.newFixedThreadPool(threadCount, ConcurrencyRules.daemon("tck-claim-race"));
    try {
      List<Future<Void>> savers = new ArrayList<>();
      for (int t = 0; t < threadCount; t++) {
        int first = t;
        savers.add(pool.submit(() -> {
          for (int i = first; i < keyCount; i += threadCount) {
            store.save(keys.get(i), entries.get(i));
          }
          return null;
        }));
      }
      ConcurrencyRules.await(savers);
      sweep(store, keys, entries, now, threadCount, timeLimit, pool, problems);
      barrierRounds(s, store, now, rounds, threadCount, pool, problems);
    } finally {
      pool.shutdownNow();
    }
    if (problems.count() > 0) {
      // Tell a claim that leaves no tombstone from one that is not atomic: one claim on its own, on a
      // fresh key, must leave a tombstone; if it does not, the race results only repeat that fault.
      StoreKey probe = s.key("claim-alone");
      StoredTraceContext alone = TckData.entry(999_999, now, HOUR);
      store.save(probe, alone);
      store.claim(probe, Consumption.of(now, GRACE));
      Optional<StoredTraceContext> left = store.load(probe);
      if (left.isEmpty() || !left.get().isConsumed()) {
        fail("%d of the racing claims (%d threads) broke \"exactly one CLAIMED, every other DUPLICATE with the"
            + " tombstone\", but the cause is not atomicity: a single claim of '%s', with no race, left %s"
            + " instead of its tombstone (see dup01), so later claims find nothing. First ones:%n  %s",
            problems.count(), threadCount, probe, left.map(e -> "a live entry " + e).orElse("no entry"),
            String.join("\n  ", problems.first));
      }
      fail("%d of the racing claims (%d threads) broke \"exactly one CLAIMED, every other DUPLICATE with the"
          + " tombstone\": claim is not atomic. First ones:%n  %s", problems.count(), threadCount,
          String.join("\n  ", problems.first));
    }
  }

  private static void sweep(
      TraceContextStore store, List<StoreKey> keys, List<StoredTraceContext> entries, Instant now,
      int threadCount, Duration timeLimit, ExecutorService pool, Problems problems) {
    int keyCount = keys.size();
    AtomicIntegerArray claimed = new AtomicIntegerArray(keyCount);
    AtomicIntegerArray reached = new AtomicIntegerArray(keyCount);
    CountDownLatch start = new CountDownLatch(1);
    long deadline = System.nanoTime() + timeLimit.toNanos();
    List<Future<Void>> racers = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      racers.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < keyCount && System.nanoTime() < deadline; i++) {
          ClaimResult result = store.claim(keys.get(i), Consumption.of(now, GRACE));
          reached.incrementAndGet(i);
          if (check(problems, keys.get(i), result, entries.get(i), now) == Status.CLAIMED) {
            claimed.incrementAndGet(i);
          }
        }
        return null;
      }));
    }
    start.countDown();
    ConcurrencyRules.await(racers);
    for (int i = 0; i < keyCount; i++) {
      if (reached.get(i) == 0) {
        // No racer got here within the time limit: the entry must still be there to be claimed once.
        if (check(problems, keys.get(i), store.claim(keys.get(i), Consumption.of(now, GRACE)), entries.get(i), now)
            == Status.CLAIMED) {
          claimed.incrementAndGet(i);
        }
      }
      if (claimed.get(i) != 1) {
        problems.add(keys.get(i) + ": " + claimed.get(i) + " of " + Math.max(1, reached.get(i))
            + " claims were CLAIMED");
      }
    }
  }

  private static void barrierRounds(
      TckSession s, TraceContextStore store, Instant now, int rounds, int threadCount, ExecutorService pool,
      Problems problems) {
    CyclicBarrier barrier = new CyclicBarrier(threadCount);
    for (int round = 0; round < rounds; round++) {
      StoreKey key = s.key("claim-one-key-" + round);
      StoredTraceContext entry = TckData.entry(round, now, HOUR);
      store.save(key, entry);
      List<Future<ClaimResult>> claims = new ArrayList<>();
      for (int t = 0; t < threadCount; t++) {
        claims.add(pool.submit(() -> {
          barrier.await(30, TimeUnit.SECONDS);
          return store.claim(key, Consumption.of(now, GRACE));
        }));
      }
      int winners = 0;
      for (Future<ClaimResult> claim : claims) {
        if (check(problems, key, ConcurrencyRules.get(claim), entry, now) == Status.CLAIMED) {
          winners++;
        }
      }
      if (winners != 1) {
        problems.add(
            key + " (threads released at once): " + winners + " of " + threadCount + " claims were CLAIMED");
      }
    }
  }

  /** A count of problems and the first few, so that a broken store does not print thousands. */
  private static final class Problems {
    private static final int SHOWN = 20;
    final Queue<String> first = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    void add(String problem) {
      if (count.incrementAndGet() <= SHOWN) {
        first.add(problem);
      }
    }

    int count() {
      return count.get();
    }
  }

  /** Records a result that is NOT_FOUND or carries the wrong context; returns its status. */
  private static Status check(
      Problems problems, StoreKey key, ClaimResult result, StoredTraceContext entry, Instant now) {
    if (result.status() == Status.NOT_FOUND) {
      problems.add(key + ": NOT_FOUND while the key held the entry or its tombstone (a claim saw it empty)");
    } else {
      StoredTraceContext expected = result.status() == Status.CLAIMED ? entry : entry.asConsumed(Consumption.of(now, GRACE));
      if (!result.context().equals(Optional.of(expected))) {
        problems.add(key + ": " + result.status() + " with " + result.context() + ", expected " + expected);
      }
    }
    return result.status();
  }
}
