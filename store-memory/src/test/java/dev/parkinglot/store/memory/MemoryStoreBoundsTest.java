package dev.parkinglot.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreFullException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.tck.TckClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds of the memory store: a refusal in O(1) that names what fills it, and the byte bound. */
class MemoryStoreBoundsTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00.250Z");
  private final TckClock clock = TckClock.at(START);

  private static StoredTraceContext entry(long spanId, Instant parkedAt, Duration ttl) {
    return StoredTraceContext.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId(spanId)
        .traceFlags((byte) 1).parkedAt(parkedAt).ttl(ttl).build();
  }

  /** An entry as large as the limits allow: 32 metadata values of 1024 non-Latin-1 chars, full baggage and tracestate. */
  static StoredTraceContext largest(long spanId, Instant parkedAt) {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < 32; i++) {
      metadata.put(String.format("%03d", i) + "k".repeat(125), (spanId + "-" + i + "-").concat("\u00e9\u4e2d".repeat(512)).substring(0, 1024));
    }
    return StoredTraceContext.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId(spanId)
        .traceFlags((byte) 1).parkedAt(parkedAt).ttl(Duration.ofHours(1))
        .metadata(metadata)
        .traceState("a=" + "b".repeat(510))
        .baggage(("k=" + spanId + "v").concat("\u4e2d".repeat(8192)).substring(0, 8192))
        .build();
  }

  private MemoryTraceContextStore.Builder builder() {
    return MemoryTraceContextStore.builder().sweepInterval(Duration.ZERO).clock(clock);
  }

  @Test
  void aStoreFullOfLiveContextsRefusesWithoutScanningAndSaysToShortenTtls() {
    try (MemoryTraceContextStore store = builder().maxEntries(1000).build()) {
      for (int i = 1; i <= 1000; i++) {
        store.save(StoreKey.of("k" + i), entry(i, START, Duration.ofHours(1)));
      }
      clock.advance(Duration.ofMinutes(59));

      for (int i = 0; i < 100; i++) {
        assertThatThrownBy(() -> store.save(StoreKey.of("refused"), entry(5000, clock.instant(), Duration.ofHours(1))))
            .isInstanceOf(StoreFullException.class)
            .hasMessage("memory store is full: it holds 1000 entries, the maximum (parkinglot.memory.max-entries=1000);"
                + " 1000 live contexts and 0 tombstones, mostly live contexts waiting for their callbacks: shorten"
                + " their ttls, or raise parkinglot.memory.max-entries");
      }
      assertThat(store.scans()).as("no entry can have expired: no refusal scans the map").isZero();

      clock.advance(Duration.ofMinutes(1));
      store.save(StoreKey.of("admitted"), entry(5001, clock.instant(), Duration.ofHours(1)));
      assertThat(store.scans()).as("once the earliest entry can have expired, one scan makes room").isEqualTo(1);
      assertThat(store.size()).isEqualTo(1);
    }
  }

  @Test
  void aStoreFullOfTombstonesSaysToShortenTheGrace() {
    try (MemoryTraceContextStore store = builder().maxEntries(10).build()) {
      for (int i = 1; i <= 10; i++) {
        store.save(StoreKey.of("k" + i), entry(i, START, Duration.ofHours(1)));
      }
      for (int i = 1; i <= 8; i++) {
        assertThat(store.claim(StoreKey.of("k" + i), Consumption.of(START, Duration.ofHours(2))).status())
            .isEqualTo(ClaimResult.Status.CLAIMED);
      }
      assertThat(store.tombstoneCount()).isEqualTo(8);

      assertThatThrownBy(() -> store.save(StoreKey.of("refused"), entry(99, START, Duration.ofHours(1))))
          .isInstanceOf(StoreFullException.class)
          .hasMessage("memory store is full: it holds 10 entries, the maximum (parkinglot.memory.max-entries=10);"
              + " 2 live contexts and 8 tombstones, mostly duplicate-detection tombstones of claimed contexts,"
              + " kept for the lot's parkinglot.duplicate-grace: shorten the grace, or raise"
              + " parkinglot.memory.max-entries");
      assertThat(store.scans()).isZero();

      store.take(StoreKey.of("k1"));
      store.delete(StoreKey.of("k2"));
      assertThat(store.tombstoneCount()).as("taking or deleting a tombstone uncounts it").isEqualTo(6);
      clock.advance(Duration.ofHours(2));
      assertThat(store.purgeExpired()).isEqualTo(8);
      assertThat(store.tombstoneCount()).isZero();
      assertThat(store.size()).isZero();
      assertThat(store.estimatedBytes()).as("every byte counted in is counted out").isZero();
    }
  }

  @Test
  void theEstimatedBytesFollowEverySaveReplaceClaimAndRemove() {
    try (MemoryTraceContextStore store = builder().build()) {
      StoreKey key = StoreKey.of("parkingLot:", "order-1");
      StoredTraceContext small = entry(1, START, Duration.ofHours(1));
      long smallWeight = MemoryTraceContextStore.weigh(key, small);
      assertThat(smallWeight).as("64 mapping + 56 key String of 7 chars + 56 entry").isEqualTo(176);

      store.save(key, small);
      assertThat(store.estimatedBytes()).isEqualTo(176);
      StoredTraceContext big = largest(2, START);
      store.save(key, big);
      assertThat(store.estimatedBytes()).isEqualTo(120 + big.estimatedHeapBytes());
      store.claim(key, Consumption.of(START, Duration.ofHours(1)));
      assertThat(store.estimatedBytes()).isEqualTo(120 + MemoryTraceContextStore.TOMBSTONE_BYTES + big.estimatedHeapBytes());
      store.delete(key);
      assertThat(store.estimatedBytes()).isZero();
    }
  }

  @Test
  void theByteBoundRefusesWhatWouldExceedItAndNamesIt() {
    StoredTraceContext probe = largest(1, START);
    long weight = MemoryTraceContextStore.weigh(StoreKey.of("big-1"), probe);
    try (MemoryTraceContextStore store = builder().maxTotalBytes(3 * weight + 200).build()) {
      for (int i = 1; i <= 3; i++) {
        store.save(StoreKey.of("big-" + i), largest(i, START));
      }

      assertThatThrownBy(() -> store.save(StoreKey.of("big-4"), largest(4, START)))
          .isInstanceOf(StoreFullException.class)
          .hasMessage("memory store is full: its entries weigh about " + (4 * weight) + " bytes with this one,"
              + " more than parkinglot.memory.max-total-bytes=" + (3 * weight + 200) + "; 3 live contexts and 0"
              + " tombstones, mostly live contexts waiting for their callbacks: shorten their ttls, or raise"
              + " parkinglot.memory.max-total-bytes");
      assertThat(store.size()).isEqualTo(3);
      assertThat(store.estimatedBytes()).isEqualTo(3 * weight);
      store.save(StoreKey.of("small"), entry(9, START, Duration.ofHours(1)));
      assertThat(store.size()).as("a small entry still fits").isEqualTo(4);

      store.save(StoreKey.of("big-1"), largest(11, START));
      assertThat(store.load(StoreKey.of("big-1"))).as("replaced by an entry of the same weight")
          .get().extracting(StoredTraceContext::spanIdAsLong).isEqualTo(11L);
      assertThatThrownBy(() -> store.save(StoreKey.of("small"), largest(12, START)))
          .as("replacing with a heavier entry beyond the bound is refused and keeps the old one")
          .isInstanceOf(StoreFullException.class);
      assertThat(store.load(StoreKey.of("small"))).get().extracting(StoredTraceContext::spanIdAsLong).isEqualTo(9L);
      assertThat(store.estimatedBytes()).isEqualTo(3 * weight + 176);
    }
  }

  @Test
  void anEntryHeavierThanMaxEntryBytesIsRejectedNamingItsWeightAndTheLimit() {
    try (MemoryTraceContextStore store = builder().maxEntryBytes(4096).build()) {
      StoredTraceContext big = largest(1, START);
      long weight = MemoryTraceContextStore.weigh(StoreKey.of("big"), big);

      assertThatIllegalArgumentException().isThrownBy(() -> store.save(StoreKey.of("big"), big))
          .withMessage("memory store: the entry under key 'big' weighs about " + weight + " bytes, more than"
              + " parkinglot.memory.max-entry-bytes=4096 (park less metadata or baggage, or raise the limit)");
      assertThat(store.size()).isZero();
      store.save(StoreKey.of("small"), entry(1, START, Duration.ofHours(1)));
      assertThat(store.size()).isEqualTo(1);
    }
  }

  @Test
  void theDefaultByteBoundIsAnEighthOfTheHeapAndBadBoundsAreRejected() {
    try (MemoryTraceContextStore store = MemoryTraceContextStore.builder().sweepInterval(Duration.ZERO).build()) {
      assertThat(store.maxTotalBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 8);
      assertThat(store.maxEntryBytes()).isEqualTo(store.maxTotalBytes());
    }
    assertThatIllegalArgumentException().isThrownBy(() -> MemoryTraceContextStore.builder().maxTotalBytes(255))
        .withMessage("maxTotalBytes must be at least 256, was 255");
    assertThatIllegalArgumentException().isThrownBy(() -> MemoryTraceContextStore.builder().maxEntryBytes(0))
        .withMessage("maxEntryBytes must be at least 256, was 0");
  }
}
