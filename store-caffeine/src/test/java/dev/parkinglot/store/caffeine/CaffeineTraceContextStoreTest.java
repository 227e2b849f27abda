package dev.parkinglot.store.caffeine;

import dev.parkinglot.tck.TckClock;
import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Scheduler;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.tck.TckData;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CaffeineTraceContextStoreTest {
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final TckClock clock = TckClock.at(START);
  private final List<CaffeineTraceContextStore> stores = new ArrayList<>();

  @AfterEach
  void closeStores() {
    stores.forEach(CaffeineTraceContextStore::close);
  }

  private CaffeineTraceContextStore store(CaffeineTraceContextStore.Builder builder) {
    CaffeineTraceContextStore store = builder.build();
    stores.add(store);
    return store;
  }

  private CaffeineTraceContextStore store() {
    return store(CaffeineTraceContextStore.builder().clock(clock));
  }

  @Test
  void savedContextIsLoadedAsTheSameValueAndTakenExactlyOnce() {
    CaffeineTraceContextStore store = store();
    StoredTraceContext context = TckData.sample(2, clock.millis(), Duration.ofHours(1)).build();

    store.save(StoreKey.of("parkingLot:order-1"), context);

    assertThat(store.load(StoreKey.of("parkingLot:order-1"))).containsSame(context);
    assertThat(store.exists(StoreKey.of("parkingLot:order-1"))).isTrue();
    assertThat(store.take(StoreKey.of("parkingLot:order-1"))).containsSame(context);
    assertThat(store.take(StoreKey.of("parkingLot:order-1"))).isEmpty();
    assertThat(store.load(StoreKey.of("parkingLot:order-1"))).isEmpty();
    assertThat(store.exists(StoreKey.of("parkingLot:order-1"))).isFalse();
  }

  @Test
  void entryLivesUntilItsDeadlineOnTheInjectedClockAndNotAMillisecondLonger() {
    CaffeineTraceContextStore store = store();
    store.save(StoreKey.of("k"), TckData.sample(2, clock.millis(), Duration.ofMinutes(10)).build());

    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(store.load(StoreKey.of("k"))).isPresent();
    assertThat(store.exists(StoreKey.of("k"))).isTrue();

    clock.advance(Duration.ofMillis(1));
    assertThat(store.load(StoreKey.of("k"))).isEmpty();
    assertThat(store.exists(StoreKey.of("k"))).isFalse();
    assertThat(store.take(StoreKey.of("k"))).isEmpty();
  }

  @Test
  void caffeineItselfRemovesAnEntryOnceTheInjectedClockPassesItsDeadline() {
    CaffeineTraceContextStore store = store();
    store.save(StoreKey.of("k"), TckData.sample(2, clock.millis(), Duration.ofSeconds(30)).build());
    store.cleanUp();
    assertThat(store.estimatedSize()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(30));
    store.cleanUp();

    // estimatedSize counts every mapping Caffeine still holds, expired or not: 0 means removed.
    assertThat(store.estimatedSize()).isZero();
    assertThat(store.expirationCount()).isEqualTo(1);
    assertThat(store.evictionCount()).isZero();
  }

  @Test
  void caffeineRemovesATombstoneAtItsOwnDeadlineNotTheOriginals() {
    CaffeineTraceContextStore store = store();
    store.save(StoreKey.of("k"), TckData.sample(2, clock.millis(), Duration.ofDays(1)).build());
    assertThat(store.claim(StoreKey.of("k"), Consumption.of(clock.instant(), Duration.ofSeconds(30))).status())
        .isEqualTo(ClaimResult.Status.CLAIMED);

    clock.advance(Duration.ofSeconds(30));
    store.cleanUp();

    assertThat(store.estimatedSize()).as("Caffeine dropped the tombstone 30 s after the claim").isZero();
    assertThat(store.expirationCount()).isEqualTo(1);
  }

  @Test
  void caffeineKeepsATombstoneBeyondTheOriginalsDeadline() {
    CaffeineTraceContextStore store = store();
    store.save(StoreKey.of("k"), TckData.sample(2, clock.millis(), Duration.ofSeconds(30)).build());
    clock.advance(Duration.ofSeconds(29));
    assertThat(store.claim(StoreKey.of("k"), Consumption.of(clock.instant(), Duration.ofMinutes(10))).status())
        .isEqualTo(ClaimResult.Status.CLAIMED);

    clock.advance(Duration.ofMinutes(1));
    store.cleanUp();

    assertThat(store.estimatedSize()).as("Caffeine still holds the tombstone").isEqualTo(1);
    assertThat(store.claim(StoreKey.of("k"), Consumption.of(clock.instant(), Duration.ofMinutes(10))).status())
        .isEqualTo(ClaimResult.Status.DUPLICATE);
    assertThat(store.claimIsAtomic()).isTrue();
    assertThat(store.name()).isEqualTo("caffeine");
  }

  @Test
  void eachEntryExpiresAfterItsOwnTtl() {
    CaffeineTraceContextStore store = store();
    store.save(StoreKey.of("short"), TckData.sample(2, clock.millis(), Duration.ofMinutes(1)).build());
    store.save(StoreKey.of("long"), TckData.sample(3, clock.millis(), Duration.ofHours(2)).build());

    clock.advance(Duration.ofMinutes(5));
    store.cleanUp();

    assertThat(store.cache().asMap()).containsOnlyKeys("long");
    assertThat(store.load(StoreKey.of("short"))).isEmpty();
    assertThat(store.load(StoreKey.of("long"))).isPresent();
  }

  @Test
  void expiryCountsFromParkTimeNotFromSaveTime() {
    CaffeineTraceContextStore store = store();
    // Parked 50 minutes ago with a one-hour ttl: ten minutes left when saved.
    store.save(StoreKey.of("k"), TckData.sample(2, clock.millis() - Duration.ofMinutes(50).toMillis(), Duration.ofHours(1)).build());

    clock.advance(Duration.ofMinutes(10));
    store.cleanUp();

    assertThat(store.load(StoreKey.of("k"))).isEmpty();
    assertThat(store.cache().asMap()).isEmpty();
  }

  @Test
  void savingAgainReplacesTheEntryAndItsDeadline() {
    CaffeineTraceContextStore store = store();
    store.save(StoreKey.of("k"), TckData.sample(2, clock.millis(), Duration.ofMinutes(1)).build());
    StoredTraceContext replacement = TckData.sample(3, clock.millis(), Duration.ofHours(1)).build();
    store.save(StoreKey.of("k"), replacement);

    clock.advance(Duration.ofMinutes(2));
    store.cleanUp();

    assertThat(store.load(StoreKey.of("k"))).containsSame(replacement);
    assertThat(store.estimatedSize()).isEqualTo(1);
  }

  @Test
  void readingAnEntryDoesNotExtendItsLife() {
    CaffeineTraceContextStore store = store();
    store.save(StoreKey.of("k"), TckData.sample(2, clock.millis(), Duration.ofMinutes(10)).build());

    for (int minute = 0; minute < 9; minute++) {
      clock.advance(Duration.ofMinutes(1));
      assertThat(store.load(StoreKey.of("k"))).isPresent();
    }
    clock.advance(Duration.ofMinutes(1));
    store.cleanUp();

    assertThat(store.load(StoreKey.of("k"))).isEmpty();
    assertThat(store.cache().asMap()).isEmpty();
  }

  @Test
  void contextAlreadyExpiredWhenSavedIsNeverReturned() {
    CaffeineTraceContextStore store = store();
    store.save(StoreKey.of("k"), TckData.sample(2, clock.millis() - Duration.ofHours(2).toMillis(), Duration.ofHours(1)).build());

    assertThat(store.load(StoreKey.of("k"))).isEmpty();
    assertThat(store.exists(StoreKey.of("k"))).isFalse();
    assertThat(store.take(StoreKey.of("k"))).isEmpty();
  }

  @Test
  void sizeBoundEvictsDownToTheMaximumAndCountsEachEviction() {
    CaffeineTraceContextStore store = store(CaffeineTraceContextStore.builder().clock(clock).maximumSize(10));

    for (int i = 0; i < 25; i++) {
      store.save(StoreKey.of("order-" + i), TckData.sample(i + 1, clock.millis(), Duration.ofHours(1)).build());
    }
    store.cleanUp();

    assertThat(store.estimatedSize()).isEqualTo(10);
    assertThat(store.evictionCount()).isEqualTo(15);
    assertThat(store.expirationCount()).isZero();
    long live = 0;
    for (int i = 0; i < 25; i++) {
      if (store.exists(StoreKey.of("order-" + i))) {
        live++;
      }
    }
    assertThat(live).isEqualTo(10);
  }

  @Test
  void sizeBoundEvictsOnTheCallingThreadWithASameThreadExecutor() {
    CaffeineTraceContextStore store =
        store(CaffeineTraceContextStore.builder().clock(clock).maximumSize(3).executor(Runnable::run));

    for (int i = 0; i < 8; i++) {
      store.save(StoreKey.of("order-" + i), TckData.sample(i + 1, clock.millis(), Duration.ofHours(1)).build());
    }

    assertThat(store.estimatedSize()).isEqualTo(3);
    assertThat(store.evictionCount()).isEqualTo(5);
  }

  @Test
  void byteBoundEvictsHeavyEntriesLongBeforeTheEntryBoundAndCountsEachEviction() {
    // An entry with the largest metadata the limits allow weighs ~66 KB; a 1 MiB budget holds 15 of
    // them, where the entry bound alone (10 000) would let ~660 MB in.
    long budget = 1 << 20;
    CaffeineTraceContextStore store =
        store(CaffeineTraceContextStore.builder().clock(clock).maximumSize(10_000)
            .maxTotalBytes(budget).executor(Runnable::run));
    StoredTraceContext heavy =
        TckData.sample(2, clock.millis(), Duration.ofHours(1)).metadata(TckData.largestMetadata()).build();
    int weight = CaffeineTraceContextStore.weigh("order-00", heavy);
    assertThat(weight).isGreaterThan(60_000).isLessThan(100_000);

    for (int i = 0; i < 40; i++) {
      store.save(StoreKey.of("order-" + (i < 10 ? "0" : "") + i), heavy);
    }
    store.cleanUp();

    assertThat(store.maxTotalBytes()).isEqualTo(budget);
    assertThat(store.weightedBytes()).isLessThanOrEqualTo(budget).isGreaterThan(budget - weight);
    assertThat(store.estimatedSize()).isEqualTo(budget / weight);
    assertThat(store.evictionCount()).isEqualTo(40 - budget / weight);
  }

  @Test
  void entryBoundStillHoldsUnderTheByteBoundBecauseEachEntryWeighsAtLeastItsShare() {
    CaffeineTraceContextStore store =
        store(CaffeineTraceContextStore.builder().clock(clock).maximumSize(4)
            .maxTotalBytes(1 << 30).executor(Runnable::run));
    for (int i = 0; i < 9; i++) {
      store.save(StoreKey.of("order-" + i), TckData.sample(i + 1, clock.millis(), Duration.ofHours(1)).build());
    }
    store.cleanUp();

    assertThat(store.estimatedSize()).isEqualTo(4);
    assertThat(store.evictionCount()).isEqualTo(5);
    assertThat(store.weightedBytes()).isEqualTo(4L * ((1 << 30) / 4));
  }

  @Test
  void anEntryHeavierThanMaxEntryBytesIsRefusedNamingItsKeyWeightAndTheSetting() {
    CaffeineTraceContextStore store =
        store(CaffeineTraceContextStore.builder().clock(clock).maxEntryBytes(4_096));
    StoredTraceContext heavy =
        TckData.sample(2, clock.millis(), Duration.ofHours(1)).metadata(TckData.largestMetadata()).build();
    int weight = CaffeineTraceContextStore.weigh("order-é-1", heavy);

    assertThatThrownBy(() -> store.save(StoreKey.of("order-é-1"), heavy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("caffeine store: the entry under key 'order-é-1' weighs about " + weight
            + " bytes, more than parkinglot.caffeine.max-entry-bytes=4096"
            + " (park less metadata or baggage, or raise the limit)");
    assertThat(store.exists(StoreKey.of("order-é-1"))).isFalse();

    StoredTraceContext light = TckData.sample(3, clock.millis(), Duration.ofHours(1)).build();
    store.save(StoreKey.of("order-2"), light);
    assertThat(store.load(StoreKey.of("order-2"))).containsSame(light);
  }

  @Test
  void theDefaultByteBoundIsAnEighthOfTheMaximumHeap() {
    CaffeineTraceContextStore store = store();
    assertThat(store.maxTotalBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 8);
    assertThat(store.maxEntryBytes()).isEqualTo(store.maxTotalBytes());
    assertThat(CaffeineTraceContextStore.defaultMaxTotalBytes()).isEqualTo(store.maxTotalBytes());
  }

  @Test
  void byteBoundsBelowTheSmallestEntryAreRejectedWithTheLimit() {
    assertThatThrownBy(() -> CaffeineTraceContextStore.builder().maxTotalBytes(255))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTotalBytes must be at least 256, was 255");
    assertThatThrownBy(() -> CaffeineTraceContextStore.builder().maxEntryBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEntryBytes must be at least 256, was 0");
  }

  @Test
  void takesAndDeletesAreNotCountedAsEvictions() {
    CaffeineTraceContextStore store = store(CaffeineTraceContextStore.builder().clock(clock).maximumSize(5));
    for (int i = 0; i < 5; i++) {
      store.save(StoreKey.of("order-" + i), TckData.sample(i + 1, clock.millis(), Duration.ofHours(1)).build());
    }
    store.take(StoreKey.of("order-0"));
    store.delete(StoreKey.of("order-1"));
    store.cleanUp();

    assertThat(store.evictionCount()).isZero();
    assertThat(store.expirationCount()).isZero();
    assertThat(store.estimatedSize()).isEqualTo(3);
  }

  @Test
  void ofManyConcurrentTakesOfOneKeyExactlyOneGetsTheEntry() throws Exception {
    CaffeineTraceContextStore store = store();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 200; round++) {
        String key = "order-" + round;
        store.save(StoreKey.of(key), TckData.sample(round + 1, clock.millis(), Duration.ofHours(1)).build());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<StoredTraceContext>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(pool.submit(() -> {
            start.await();
            return store.take(StoreKey.of(key));
          }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Optional<StoredTraceContext>> result : results) {
          if (result.get(30, TimeUnit.SECONDS).isPresent()) {
            winners++;
          }
        }
        assertThat(winners).as("takes that got %s", key).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void statisticsCountOnlyWhenRecordingIsOn() {
    CaffeineTraceContextStore quiet = store();
    CaffeineTraceContextStore recording = store(CaffeineTraceContextStore.builder().clock(clock).recordStats(true));
    for (CaffeineTraceContextStore store : List.of(quiet, recording)) {
      store.save(StoreKey.of("k"), TckData.sample(2, clock.millis(), Duration.ofHours(1)).build());
      store.load(StoreKey.of("k"));
      store.load(StoreKey.of("missing"));
    }

    assertThat(quiet.stats().requestCount()).isZero();
    assertThat(recording.stats().hitCount()).isEqualTo(1);
    assertThat(recording.stats().missCount()).isEqualTo(1);
  }

  @Test
  void schedulerRemovesAnExpiredEntryWithoutAnyFurtherOperationOnTheStore() throws InterruptedException {
    CaffeineTraceContextStore store =
        store(CaffeineTraceContextStore.builder().clock(Clock.systemUTC()).scheduler(Scheduler.systemScheduler()));
    store.save(StoreKey.of("k"), TckData.sample(2, System.currentTimeMillis(), Duration.ofMillis(200)).build());
    assertThat(store.isScheduled()).isTrue();

    // Bounded poll of a side-effect-free count: only the scheduler can bring it to zero.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (store.estimatedSize() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertThat(store.estimatedSize()).as("entries Caffeine still holds").isZero();
    assertThat(store.expirationCount()).isEqualTo(1);
  }

  @Test
  void aNullContextIsRejectedNamingIt() {
    CaffeineTraceContextStore store = store();
    assertThatThrownBy(() -> store.save(StoreKey.of("k"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("context");
  }

  @Test
  void maximumSizeOutOfRangeIsRejectedWithTheLimits() {
    assertThatThrownBy(() -> CaffeineTraceContextStore.builder().maximumSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumSize")
        .hasMessageContaining("between 1 and " + Integer.MAX_VALUE)
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> CaffeineTraceContextStore.builder().maximumSize(Integer.MAX_VALUE + 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was " + (Integer.MAX_VALUE + 1L));
  }

  @Test
  void closedStoreDropsItsEntriesAndRefusesOperations() {
    CaffeineTraceContextStore store = store();
    store.save(StoreKey.of("k"), TckData.sample(2, clock.millis(), Duration.ofHours(1)).build());

    store.close();
    store.close();

    assertThat(store.estimatedSize()).isZero();
    assertThatThrownBy(() -> store.load(StoreKey.of("k")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.save(StoreKey.of("k"), TckData.sample(2, clock.millis(), Duration.ofHours(1)).build()))
        .isInstanceOf(IllegalStateException.class);
  }
}
