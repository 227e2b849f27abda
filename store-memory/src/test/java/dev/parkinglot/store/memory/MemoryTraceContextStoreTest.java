package dev.parkinglot.store.memory;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreFullException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.tck.TckClock;
import dev.parkinglot.tck.TckData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the TCK does not cover: the bound (claims and tombstones included), the sweeper thread, close. */
class MemoryTraceContextStoreTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00.250Z");
  private final TckClock clock = TckClock.at(START);

  private MemoryTraceContextStore bounded(int maxEntries) {
    return MemoryTraceContextStore.builder().maxEntries(maxEntries).sweepInterval(Duration.ZERO).clock(clock).build();
  }

  static Set<Thread> sweeperThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("parking-lot-memory-sweeper") && t.isAlive())
        .collect(Collectors.toSet());
  }

  @Test
  void aSaveBeyondMaxEntriesThrowsStoreFullAndKeepsWhatWasThere() {
    try (MemoryTraceContextStore store = bounded(3)) {
      for (int i = 1; i <= 3; i++) {
        store.save(StoreKey.of("k" + i), TckData.sample(i, START.toEpochMilli(), Duration.ofHours(1)).build());
      }

      assertThatThrownBy(() -> store.save(StoreKey.of("k4"), TckData.sample(4, START.toEpochMilli(), Duration.ofHours(1)).build()))
          .isInstanceOfSatisfying(StoreFullException.class, e -> assertThat(e.capacity()).isEqualTo(3))
          .hasMessageContaining("memory store is full")
          .hasMessageContaining("3 live contexts and 0 tombstones")
          .hasMessageContaining("parkinglot.memory.max-entries");
      assertThat(store.exists(StoreKey.of("k4"))).as("the refused entry").isFalse();
      assertThat(store.size()).isEqualTo(3);
      assertThat(store.load(StoreKey.of("k1"))).isPresent();
    }
  }

  @Test
  void aFullStoreStillReplacesAnExistingKey() {
    try (MemoryTraceContextStore store = bounded(2)) {
      store.save(StoreKey.of("k1"), TckData.sample(1, START.toEpochMilli(), Duration.ofHours(1)).build());
      store.save(StoreKey.of("k2"), TckData.sample(2, START.toEpochMilli(), Duration.ofHours(1)).build());

      store.save(StoreKey.of("k2"), TckData.sample(22, START.toEpochMilli(), Duration.ofHours(2)).build());

      assertThat(store.load(StoreKey.of("k2"))).get().extracting(StoredTraceContext::spanIdAsLong).isEqualTo(22L);
      assertThat(store.size()).isEqualTo(2);
    }
  }

  @Test
  void aStoreFullOfExpiredEntriesMakesRoom() {
    try (MemoryTraceContextStore store = bounded(2)) {
      store.save(StoreKey.of("old1"), TckData.sample(1, START.toEpochMilli(), Duration.ofMinutes(1)).build());
      store.save(StoreKey.of("old2"), TckData.sample(2, START.toEpochMilli(), Duration.ofMinutes(1)).build());
      clock.advance(Duration.ofMinutes(1));

      store.save(StoreKey.of("new"), TckData.sample(3, clock.instant().toEpochMilli(), Duration.ofHours(1)).build());

      assertThat(store.load(StoreKey.of("new"))).isPresent();
      assertThat(store.size()).as("the expired entries were purged to make room").isEqualTo(1);
    }
  }

  @Test
  void takeAndDeleteGiveRoomBack() {
    try (MemoryTraceContextStore store = bounded(1)) {
      store.save(StoreKey.of("a"), TckData.sample(1, START.toEpochMilli(), Duration.ofHours(1)).build());
      store.take(StoreKey.of("a"));
      store.save(StoreKey.of("b"), TckData.sample(2, START.toEpochMilli(), Duration.ofHours(1)).build());
      store.delete(StoreKey.of("b"));
      store.save(StoreKey.of("c"), TckData.sample(3, START.toEpochMilli(), Duration.ofHours(1)).build());

      assertThat(store.size()).isEqualTo(1);
    }
  }

  @Test
  void aTombstoneTakesTheEntrysPlaceInTheBoundAndItsExpiryGivesTheRoomBack() {
    try (MemoryTraceContextStore store = bounded(1)) {
      store.save(StoreKey.of("a"), TckData.sample(1, START.toEpochMilli(), Duration.ofHours(1)).build());

      assertThat(store.claim(StoreKey.of("a"), Consumption.of(START, Duration.ofMinutes(5))).status()).isEqualTo(ClaimResult.Status.CLAIMED);
      assertThat(store.claim(StoreKey.of("a"), Consumption.of(START, Duration.ofMinutes(5))).status()).isEqualTo(ClaimResult.Status.DUPLICATE);
      assertThat(store.size()).as("the tombstone replaced the entry").isEqualTo(1);
      assertThatThrownBy(() -> store.save(StoreKey.of("b"), TckData.sample(2, START.toEpochMilli(), Duration.ofHours(1)).build()))
          .as("the live tombstone still counts").isInstanceOf(StoreFullException.class);

      clock.advance(Duration.ofMinutes(5));
      assertThat(store.claim(StoreKey.of("a"), Consumption.of(clock.instant(), Duration.ofMinutes(5))).status())
          .isEqualTo(ClaimResult.Status.NOT_FOUND);
      assertThat(store.size()).as("the claim removed the expired tombstone").isZero();
      store.save(StoreKey.of("b"), TckData.sample(2, clock.instant().toEpochMilli(), Duration.ofHours(1)).build());
      assertThat(store.size()).isEqualTo(1);
    }
  }

  @Test
  void claimIsAtomicAndNamedMemory() {
    try (MemoryTraceContextStore store = bounded(1)) {
      assertThat(store.claimIsAtomic()).isTrue();
      assertThat(store.name()).isEqualTo("memory");
      assertThatIllegalStateException().isThrownBy(() -> {
        store.close();
        store.claim(StoreKey.of("a"), Consumption.of(START, Duration.ofMinutes(1)));
      });
    }
  }

  @Test
  void racingSavesBeyondTheBoundAdmitExactlyMaxEntries() throws Exception {
    int max = 100;
    try (MemoryTraceContextStore store = bounded(max)) {
      AtomicInteger admitted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            for (int i = 0; i < 50; i++) {
              try {
                store.save(StoreKey.of("t" + thread + "-" + i), TckData.sample(thread * 50L + i + 1, START.toEpochMilli(), Duration.ofHours(1)).build());
                admitted.incrementAndGet();
              } catch (StoreFullException e) {
                refused.incrementAndGet();
              }
            }
          }));
        }
        for (Future<?> future : futures) {
          future.get();
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(admitted).hasValue(max);
      assertThat(refused).hasValue(400 - max);
      assertThat(store.size()).isEqualTo(max);
    }
  }

  @Test
  void theSweeperRemovesExpiredEntriesWithoutAnyRead() throws InterruptedException {
    try (MemoryTraceContextStore store =
        MemoryTraceContextStore.builder().sweepInterval(Duration.ofMillis(5)).clock(clock).build()) {
      store.save(StoreKey.of("k"), TckData.sample(1, START.toEpochMilli(), Duration.ofMinutes(1)).build());
      clock.advance(Duration.ofMinutes(2));

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (store.size() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(store.size()).isZero();
      assertThat(store.holdsEntry(StoreKey.of("k"))).isFalse();
    }
  }

  @Test
  void closeStopsTheDaemonSweeperThread() throws InterruptedException {
    Set<Thread> before = new HashSet<>(sweeperThreads());
    MemoryTraceContextStore store = MemoryTraceContextStore.builder().sweepInterval(Duration.ofMillis(10)).build();
    Set<Thread> mine = new HashSet<>(sweeperThreads());
    mine.removeAll(before);
    assertThat(mine).as("a new sweeper thread").hasSize(1);
    Thread sweeper = mine.iterator().next();
    assertThat(sweeper.isDaemon()).as("sweeper is a daemon").isTrue();

    store.close();
    sweeper.join(Duration.ofSeconds(30).toMillis());

    assertThat(sweeper.isAlive()).as("sweeper alive after close").isFalse();
  }

  @Test
  void withoutASweepIntervalNoThreadIsStarted() {
    Set<Thread> before = sweeperThreads();
    try (MemoryTraceContextStore store = bounded(10)) {
      Set<Thread> after = new HashSet<>(sweeperThreads());
      after.removeAll(before);
      assertThat(after).isEmpty();
      assertThat(store.maxEntries()).isEqualTo(10);
    }
  }

  @Test
  void operationsAfterCloseThrowAndCloseAgainDoesNot() {
    MemoryTraceContextStore store = bounded(10);
    store.save(StoreKey.of("k"), TckData.sample(1, START.toEpochMilli(), Duration.ofHours(1)).build());
    store.close();
    store.close();

    assertThatIllegalStateException().isThrownBy(() -> store.load(StoreKey.of("k"))).withMessageContaining("closed");
    assertThatIllegalStateException().isThrownBy(() -> store.save(StoreKey.of("k"), TckData.sample(1, START.toEpochMilli(), Duration.ofHours(1)).build()));
    assertThat(store.size()).isZero();
  }

  @Test
  void builderRejectsBadSettingsNamingTheValue() {
    assertThatIllegalArgumentException().isThrownBy(() -> MemoryTraceContextStore.builder().maxEntries(0))
        .withMessageContaining("maxEntries must be positive, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MemoryTraceContextStore.builder().sweepInterval(Duration.ofMillis(-1)))
        .withMessageContaining("PT-0.001S");
  }

  @Test
  void purgeExpiredCountsWhatItRemoved() {
    try (MemoryTraceContextStore store = bounded(10)) {
      store.save(StoreKey.of("short"), TckData.sample(1, START.toEpochMilli(), Duration.ofMinutes(1)).build());
      store.save(StoreKey.of("long"), TckData.sample(2, START.toEpochMilli(), Duration.ofHours(1)).build());
      clock.advance(Duration.ofMinutes(1));

      assertThat(store.purgeExpired()).isEqualTo(1);
      assertThat(store.size()).isEqualTo(1);
    }
  }
}
