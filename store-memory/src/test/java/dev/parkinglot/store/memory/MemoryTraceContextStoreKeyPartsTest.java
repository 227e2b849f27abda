package dev.parkinglot.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckClock;
import dev.parkinglot.tck.TckData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Lookups by prefix and correlation key apart (what a lot uses) see the same entries as full keys. */
class MemoryTraceContextStoreKeyPartsTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private final TckClock clock = TckClock.at(START);

  private MemoryTraceContextStore store() {
    return MemoryTraceContextStore.builder().sweepInterval(Duration.ZERO).clock(clock).build();
  }

  @Test
  void takeByPartsClaimsTheEntrySavedUnderTheJoinedKeyOnce() {
    try (MemoryTraceContextStore store = store()) {
      StoredTraceContext parked = TckData.sample(1, START.toEpochMilli(), Duration.ofHours(1)).build();
      store.save(StoreKey.of("parkingLot:order-1"), parked);

      assertThat(store.take(StoreKey.of("parkingLot:", "order-1"))).contains(parked);
      assertThat(store.take(StoreKey.of("parkingLot:", "order-1"))).isEmpty();
      assertThat(store.exists(StoreKey.of("parkingLot:order-1"))).isFalse();
      assertThat(store.size()).isZero();
    }
  }

  @Test
  void loadByPartsReadsWithoutRemovingAndDropsAnExpiredEntry() {
    try (MemoryTraceContextStore store = store()) {
      StoredTraceContext parked = TckData.sample(2, START.toEpochMilli(), Duration.ofMinutes(1)).build();
      store.save(StoreKey.of("lot:payment:42"), parked);

      assertThat(store.load(StoreKey.of("lot:", "payment:42"))).contains(parked);
      assertThat(store.size()).isEqualTo(1);

      clock.advance(Duration.ofMinutes(1));
      assertThat(store.load(StoreKey.of("lot:", "payment:42"))).isEmpty();
      assertThat(store.size()).as("expired entry removed on read").isZero();
    }
  }

  @Test
  void whereTheKeyIsSplitDoesNotMatterOnlyTheJoinedString() {
    try (MemoryTraceContextStore store = store()) {
      StoredTraceContext parked = TckData.sample(3, START.toEpochMilli(), Duration.ofHours(1)).build();
      store.save(StoreKey.of("parkingLot:order-3"), parked);

      assertThat(store.load(StoreKey.of("", "parkingLot:order-3"))).contains(parked);
      assertThat(store.load(StoreKey.of("parking", "Lot:order-3"))).contains(parked);
      assertThat(store.load(StoreKey.of("parkingLot:", "order-4"))).isEmpty();
      assertThat(store.load(StoreKey.of("parkingLot:", "order-33"))).isEmpty();
      assertThat(store.load(StoreKey.of("parkingLot", "order-3"))).isEmpty();
    }
  }

  @Test
  void nonLatinKeysAreFoundByParts() {
    try (MemoryTraceContextStore store = store()) {
      StoredTraceContext parked = TckData.sample(4, START.toEpochMilli(), Duration.ofHours(1)).build();
      store.save(StoreKey.of("prét:ключ-🚀"), parked);

      assertThat(store.take(StoreKey.of("prét:", "ключ-🚀"))).contains(parked);
    }
  }

  @Test
  void keysWithTheSameHashAreToldApartEvenInATreeifiedBin() {
    // "Aa" and "BB" have the same String hash, so every word of n such pairs shares one hash: 128
    // colliding keys turn their bin into a tree, the slow path of a lookup.
    List<String> colliding = new ArrayList<>();
    collidingWords("", 7, colliding);
    try (MemoryTraceContextStore store = store()) {
      for (int i = 0; i < colliding.size(); i++) {
        store.save(StoreKey.of("p:" + colliding.get(i)), TckData.sample(i + 1, START.toEpochMilli(), Duration.ofHours(1)).build());
      }
      for (int i = 0; i < colliding.size(); i++) {
        Optional<StoredTraceContext> taken = store.take(StoreKey.of("p:", colliding.get(i)));
        assertThat(taken).as(colliding.get(i)).isPresent();
        assertThat(taken.get().spanIdAsLong()).isEqualTo(i + 1);
      }
      assertThat(store.size()).isZero();
    }
  }

  private static void collidingWords(String stem, int pairs, List<String> out) {
    if (pairs == 0) {
      out.add(stem);
      return;
    }
    collidingWords(stem + "Aa", pairs - 1, out);
    collidingWords(stem + "BB", pairs - 1, out);
  }

  @Test
  void claimByPartsLeavesATombstoneThatEveryFormOfLookupSeesAsTheConsumedEntry() {
    try (MemoryTraceContextStore store = store()) {
      StoredTraceContext parked = TckData.sample(5, START.toEpochMilli(), Duration.ofHours(2)).build();
      store.save(StoreKey.of("parkingLot:order-5"), parked);
      Instant consumedAt = START.plusSeconds(90);
      clock.advance(Duration.ofSeconds(90));

      ClaimResult first = store.claim(StoreKey.of("parkingLot:", "order-5"), Consumption.of(consumedAt, Duration.ofMinutes(10)));
      assertThat(first.status()).isEqualTo(ClaimResult.Status.CLAIMED);
      assertThat(first.context()).contains(parked);

      StoredTraceContext tombstone = parked.asConsumed(Consumption.of(consumedAt, Duration.ofMinutes(10)));
      assertThat(store.claim(StoreKey.of("parkingLot:order-5"), Consumption.of(consumedAt.plusSeconds(1), Duration.ofMinutes(10))).context())
          .as("a second claim by the joined key is a duplicate with the first claim's tombstone")
          .contains(tombstone);
      assertThat(store.claim(StoreKey.of("parkingLot:", "order-5"), Consumption.of(consumedAt, Duration.ofMinutes(10))).status())
          .isEqualTo(ClaimResult.Status.DUPLICATE);
      assertThat(store.load(StoreKey.of("parkingLot:", "order-5"))).contains(tombstone);
      assertThat(store.load(StoreKey.of("parkingLot:order-5"))).contains(tombstone);
      assertThat(tombstone.isConsumed()).isTrue();
      assertThat(store.size()).isEqualTo(1);

      clock.set(tombstone.expiresAt().minusMillis(1));
      assertThat(store.exists(StoreKey.of("parkingLot:order-5"))).as("the tombstone lives until the grace ends").isTrue();
      clock.set(tombstone.expiresAt());
      assertThat(store.claim(StoreKey.of("parkingLot:", "order-5"), Consumption.of(tombstone.expiresAt(), Duration.ofMinutes(10))).status())
          .isEqualTo(ClaimResult.Status.NOT_FOUND);
      assertThat(store.size()).as("the expired tombstone was removed by the claim").isZero();
    }
  }

  @Test
  void aTombstoneTakenByPartsComesBackConsumedAndIsGone() {
    try (MemoryTraceContextStore store = store()) {
      StoredTraceContext parked = TckData.sample(6, START.toEpochMilli(), Duration.ofHours(1)).build();
      store.save(StoreKey.of("lot:6"), parked);
      store.claim(StoreKey.of("lot:", "6"), Consumption.of(START, Duration.ofMinutes(1)));

      assertThat(store.take(StoreKey.of("lot:", "6"))).contains(parked.asConsumed(Consumption.of(START, Duration.ofMinutes(1))));
      assertThat(store.size()).isZero();
    }
  }

  @Test
  void ofRacingClaimsByPartsExactlyOneClaimsTheEntry() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (MemoryTraceContextStore store = store()) {
      for (int round = 0; round < 200; round++) {
        String key = "order-" + round;
        store.save(StoreKey.of("race:" + key), TckData.sample(round + 1, START.toEpochMilli(), Duration.ofHours(1)).build());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ClaimResult.Status>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(pool.submit(() -> {
            start.await();
            return store.claim(StoreKey.of("race:", key), Consumption.of(START, Duration.ofMinutes(5))).status();
          }));
        }
        start.countDown();
        List<ClaimResult.Status> statuses = new ArrayList<>();
        for (Future<ClaimResult.Status> result : results) {
          statuses.add(result.get());
        }
        assertThat(statuses).as("round %d", round)
            .containsOnlyOnce(ClaimResult.Status.CLAIMED)
            .filteredOn(status -> status != ClaimResult.Status.CLAIMED)
            .containsOnly(ClaimResult.Status.DUPLICATE);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void savedByPartsIsFoundByEveryFormOfTheKeyAndReplacedByAnySplit() {
    try (MemoryTraceContextStore store = store()) {
      StoredTraceContext first = TckData.sample(7, START.toEpochMilli(), Duration.ofHours(1)).build();
      StoredTraceContext second = TckData.sample(8, START.toEpochMilli(), Duration.ofHours(1)).build();
      store.save(StoreKey.of("parkingLot:", "order-7"), first);

      assertThat(store.load(StoreKey.of("parkingLot:order-7"))).contains(first);
      assertThat(store.load(StoreKey.of("parking", "Lot:order-7"))).contains(first);
      assertThat(store.load(StoreKey.of("", "parkingLot:order-7"))).contains(first);
      assertThat(store.exists(StoreKey.of("parkingLot:order-7"))).isTrue();

      store.save(StoreKey.of("parkingLot:order-7"), second);
      assertThat(store.size()).as("a save by the joined key replaced the entry saved by parts").isEqualTo(1);
      assertThat(store.take(StoreKey.of("parkingLot:", "order-7"))).contains(second);
      assertThat(store.size()).isZero();
    }
  }

  @Test
  void keysWithCharsBeyondLatin1AreKeptAndFoundWhicheverWayTheyAreSplit() {
    try (MemoryTraceContextStore store = store()) {
      StoredTraceContext parked = TckData.sample(9, START.toEpochMilli(), Duration.ofHours(1)).build();
      store.save(StoreKey.of("lot:", "заказ-ü-🚀"), parked);
      store.save(StoreKey.of("lot:", "zakaz-\u00fc"), TckData.sample(10, START.toEpochMilli(), Duration.ofHours(1)).build());

      assertThat(store.load(StoreKey.of("lot:заказ-ü-🚀"))).contains(parked);
      assertThat(store.load(StoreKey.of("lot:за", "каз-ü-🚀"))).contains(parked);
      assertThat(store.load(StoreKey.of("lot:zakaz-ü"))).as("a Latin-1 rest kept as bytes").isPresent();
      assertThat(store.load(StoreKey.of("lot:", "zakaz-u"))).isEmpty();
      assertThat(store.size()).isEqualTo(2);
    }
  }

  @Test
  void aTombstoneOfAnEntryParkedAtTheEndOfTimeExpiresWhenItsConsumedFormDoes() {
    try (MemoryTraceContextStore store = store()) {
      StoredTraceContext farFuture = StoredTraceContext.builder()
          .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId(11)
          .traceFlags((byte) 1).parkedAtMillis(Long.MAX_VALUE).ttl(Duration.ofHours(1)).build();
      store.save(StoreKey.of("lot:", "end"), farFuture);

      assertThat(store.claim(StoreKey.of("lot:", "end"), Consumption.of(START, Duration.ofMinutes(5))).status())
          .isEqualTo(ClaimResult.Status.CLAIMED);
      StoredTraceContext tombstone = farFuture.asConsumed(Consumption.of(START, Duration.ofMinutes(5)));
      assertThat(tombstone.expiresAtMillis()).isEqualTo(Long.MAX_VALUE);
      assertThat(store.claim(StoreKey.of("lot:", "end"), Consumption.of(START, Duration.ofMinutes(5))).context())
          .as("the tombstone lives as long as its consumed form, not until an overflowed expiry")
          .contains(tombstone);
    }
  }
}
