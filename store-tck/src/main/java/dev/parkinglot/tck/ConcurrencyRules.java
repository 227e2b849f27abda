package dev.parkinglot.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;

/*
 * How the races are made likely on a small machine: all threads wait on one latch or barrier and
 * then walk the same keys in the same order, so that at any moment several of them are on one key.
 * A take that is a read followed by a delete lets two threads read before either deletes; over
 * thousands of keys that happens many times. The time limit only bounds the run on a slow backend:
 * keys that no racer reached are taken afterwards, so "claimed exactly once" is still checked for
 * every key.
 */

/** The bodies of the {@code con} rules. Not public API. */
final class ConcurrencyRules {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final long BARRIER_TIMEOUT_SECONDS = 30;

  private ConcurrencyRules() {}

  static void racingTakesClaimEveryEntryExactlyOnce(
      TckSession s, int keyCount, int threadCount, Duration timeLimit) {
    TraceContextStore store = s.store();
    List<StoreKey> keys = new ArrayList<>(keyCount);
    List<StoredTraceContext> entries = new ArrayList<>(keyCount);
    for (int i = 0; i < keyCount; i++) {
      keys.add(s.key("race-" + i));
      entries.add(TckData.entry(i, s.clock().instant(), HOUR));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threadCount, daemon("tck-race"));
    try {
      List<Callable<Void>> savers = new ArrayList<>();
      for (int t = 0; t < threadCount; t++) {
        int first = t;
        savers.add(() -> {
          for (int i = first; i < keyCount; i += threadCount) {
            store.save(keys.get(i), entries.get(i));
          }
          return null;
        });
      }
      runAll(pool, savers);

      AtomicIntegerArray claims = new AtomicIntegerArray(keyCount);
      Queue<String> wrongEntries = new ConcurrentLinkedQueue<>();
      CountDownLatch start = new CountDownLatch(1);
      long deadline = System.nanoTime() + timeLimit.toNanos();
      List<Callable<Void>> racers = new ArrayList<>();
      for (int t = 0; t < threadCount; t++) {
        racers.add(() -> {
          start.await();
          for (int i = 0; i < keyCount && System.nanoTime() < deadline; i++) {
            Optional<StoredTraceContext> got = store.take(keys.get(i));
            if (got.isPresent()) {
              claims.incrementAndGet(i);
              if (!got.get().equals(entries.get(i))) {
                wrongEntries.add(keys.get(i) + " returned " + got.get());
              }
            }
          }
          return null;
        });
      }
      List<Future<Void>> running = new ArrayList<>();
      racers.forEach(r -> running.add(pool.submit(r)));
      start.countDown();
      await(running);

      List<String> lost = new ArrayList<>();
      List<String> duplicated = new ArrayList<>();
      for (int i = 0; i < keyCount; i++) {
        int count = claims.get(i);
        if (count == 0 && store.take(keys.get(i)).isPresent()) {
          count = 1;
        }
        if (count == 0) {
          lost.add(keys.get(i).value());
        } else if (count > 1) {
          duplicated.add(keys.get(i) + " x" + count);
        }
      }
      assertThat(wrongEntries).as("takes that returned another key's entry").isEmpty();
      assertThat(duplicated)
          .as("of %d entries taken by %d racing threads, entries claimed more than once (take is not atomic)",
              keyCount, threadCount)
          .isEmpty();
      assertThat(lost).as("entries no take ever returned (lost)").isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  static void simultaneousTakesOfOneKeyHaveOneWinner(TckSession s, int rounds, int threadCount) {
    TraceContextStore store = s.store();
    ExecutorService pool = Executors.newFixedThreadPool(threadCount, daemon("tck-one-key"));
    CyclicBarrier barrier = new CyclicBarrier(threadCount);
    List<String> badRounds = new ArrayList<>();
    try {
      for (int round = 0; round < rounds; round++) {
        StoreKey key = s.key("one-key-" + round);
        StoredTraceContext entry = TckData.entry(round, s.clock().instant(), HOUR);
        store.save(key, entry);
        List<Future<Optional<StoredTraceContext>>> takes = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
          takes.add(pool.submit(() -> {
            barrier.await(BARRIER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return store.take(key);
          }));
        }
        int winners = 0;
        for (Future<Optional<StoredTraceContext>> take : takes) {
          Optional<StoredTraceContext> got = get(take);
          if (got.isPresent()) {
            winners++;
            assertThat(got.get()).as("entry returned by a take of %s", key).isEqualTo(entry);
          }
        }
        if (winners != 1) {
          badRounds.add("round " + round + ": " + winners + " winners");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(badRounds)
        .as("rounds in which %d threads took one key at once and not exactly one got it", threadCount)
        .isEmpty();
  }

  static void concurrentSavesAndTakesOfDistinctKeysDoNotInterfere(
      TckSession s, int keysPerThread, int threadCount) {
    TraceContextStore store = s.store();
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threadCount, daemon("tck-distinct"));
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int t = 0; t < threadCount; t++) {
        int thread = t;
        running.add(pool.submit(() -> {
          start.await();
          List<StoreKey> keys = new ArrayList<>();
          List<StoredTraceContext> entries = new ArrayList<>();
          for (int i = 0; i < keysPerThread; i++) {
            keys.add(s.key("t" + thread + "-" + i));
            entries.add(TckData.entry((long) thread * keysPerThread + i, s.clock().instant(), HOUR));
            store.save(keys.get(i), entries.get(i));
          }
          for (int i = 0; i < keysPerThread; i++) {
            check(problems, "load", keys.get(i), store.load(keys.get(i)), entries.get(i));
            check(problems, "take", keys.get(i), store.take(keys.get(i)), entries.get(i));
            if (store.exists(keys.get(i))) {
              problems.add("exists after take of " + keys.get(i));
            }
          }
          return null;
        }));
      }
      start.countDown();
      await(running);
    } finally {
      pool.shutdownNow();
    }
    assertThat(problems).as("reads that saw no entry or another key's entry").isEmpty();
  }

  /*
   * A save is an upsert. "UPDATE, then INSERT if no row changed" is two steps: threads that all find
   * no row all insert, and all but one fail on the unique key. Each round races every thread onto
   * one key that has never been saved, each with its own entry.
   */
  static void concurrentSavesOfOneFreshKeyAllSucceed(TckSession s, int rounds, int threadCount) {
    TraceContextStore store = s.store();
    ExecutorService pool = Executors.newFixedThreadPool(threadCount, daemon("tck-upsert"));
    CyclicBarrier barrier = new CyclicBarrier(threadCount);
    List<String> problems = new ArrayList<>();
    try {
      for (int round = 0; round < rounds && problems.size() < 10; round++) {
        StoreKey key = s.key("upsert-" + round);
        List<StoredTraceContext> entries = new ArrayList<>();
        List<Future<Void>> saves = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
          StoredTraceContext entry = TckData.entry((long) round * threadCount + t, s.clock().instant(), HOUR);
          entries.add(entry);
          saves.add(pool.submit(() -> {
            barrier.await(BARRIER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            store.save(key, entry);
            return null;
          }));
        }
        int failed = 0;
        Throwable firstFailure = null;
        for (Future<Void> save : saves) {
          try {
            save.get(5, TimeUnit.MINUTES);
          } catch (ExecutionException e) {
            failed++;
            if (firstFailure == null) {
              firstFailure = e.getCause();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for racing saves", e);
          } catch (TimeoutException e) {
            throw new IllegalStateException("racing saves did not finish within 5 minutes", e);
          }
        }
        if (failed > 0) {
          problems.add("round " + round + ": " + failed + " of " + threadCount + " saves of '" + key
              + "' threw, the first: " + firstFailure);
          continue;
        }
        Optional<StoredTraceContext> winner = store.load(key);
        if (winner.isEmpty()) {
          problems.add("round " + round + ": after " + threadCount + " saves of '" + key + "' load found nothing");
        } else if (!entries.contains(winner.get())) {
          problems.add("round " + round + ": load of '" + key + "' returned " + winner.get()
              + ", which is none of the entries saved (a mix of two saves?)");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(problems)
        .as("rounds in which %d threads saved one fresh key at once: every save must succeed and one"
            + " whole entry win (save is an upsert in one step: INSERT … ON CONFLICT DO UPDATE, ON"
            + " DUPLICATE KEY UPDATE, an unconditional PutItem or SET, not UPDATE then INSERT)", threadCount)
        .isEmpty();
  }

  private static void check(
      Queue<String> problems, String op, StoreKey key, Optional<StoredTraceContext> got, StoredTraceContext want) {
    if (got.isEmpty()) {
      problems.add(op + " of " + key + " found nothing");
    } else if (!got.get().equals(want)) {
      problems.add(op + " of " + key + " returned " + got.get() + ", expected " + want);
    }
  }

  private static void runAll(ExecutorService pool, List<Callable<Void>> tasks) {
    List<Future<Void>> futures = new ArrayList<>();
    tasks.forEach(task -> futures.add(pool.submit(task)));
    await(futures);
  }

  static void await(List<Future<Void>> futures) {
    futures.forEach(ConcurrencyRules::get);
  }

  static <T> T get(Future<T> future) {
    try {
      return future.get(5, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException("a racing thread failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for racing threads", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("racing threads did not finish within 5 minutes", e);
    }
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
