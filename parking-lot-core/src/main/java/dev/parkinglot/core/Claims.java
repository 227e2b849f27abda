package dev.parkinglot.core;

import dev.parkinglot.RetrievalMode;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.LotMetrics.ClaimOutcome;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/*
 * How a lot's claims consume entries. With a grace period (duplicate detection), a consuming claim
 * is the store's claim(), which swaps the entry for a tombstone in one step, and a later claim that
 * finds the tombstone is a duplicate. Without one (grace zero), a consuming claim is take(), as
 * before. Whatever the setting, an entry that is a tombstone (left by another lot sharing the
 * store) counts as a duplicate, never as live. Package-private: not public API.
 */
final class Claims {
  private final TraceContextStore store;
  private final Clock clock;
  /** How long a tombstone stays after a consuming claim; null when duplicate detection is off. */
  private final @Nullable Duration grace;

  Claims(TraceContextStore store, Clock clock, Duration grace) {
    this.store = store;
    this.clock = clock;
    this.grace = grace.isZero() ? null : grace;
  }

  /**
   * The entry a claim in {@code mode} gets at {@code nowMillis}: a consuming claim takes it (or, with
   * duplicate detection, claims it and leaves a tombstone), the other modes load it. May be a
   * tombstone, or expired by this lot's clock; null when the store has nothing live.
   *
   * @throws RuntimeException whatever the store throws
   */
  @Nullable StoredTraceContext claimEntry(StoreKey key, RetrievalMode mode, long nowMillis) {
    if (mode != RetrievalMode.CONSUME_ON_CLAIM) {
      return store.load(key).orElse(null);
    }
    Duration grace = this.grace;
    if (grace == null) {
      return store.take(key).orElse(null);
    }
    return store.claim(key, Consumption.atMillis(nowMillis, grace)).contextOrNull();
  }

  /**
   * Consumes the entry after a {@link RetrievalMode#CONSUME_ON_SUCCESS} handler succeeded: leaves
   * a tombstone with duplicate detection, deletes it without.
   */
  void consumeAfterSuccess(StoreKey key) {
    Duration grace = this.grace;
    if (grace == null) {
      store.delete(key);
    } else {
      store.claim(key, Consumption.atMillis(clock.millis(), grace));
    }
  }

  /** What a claim that got {@code found} at {@code nowMillis} found. */
  static ClaimOutcome outcomeOf(@Nullable StoredTraceContext found, long nowMillis) {
    if (found == null) {
      return ClaimOutcome.MISS;
    }
    if (found.isExpiredAt(nowMillis)) {
      return ClaimOutcome.EXPIRED;
    }
    return found.isConsumed() ? ClaimOutcome.DUPLICATE : ClaimOutcome.HIT;
  }

  /** The grace period for toString: {@code off}, or the duration. */
  String graceText() {
    return grace == null ? "off" : grace.toString();
  }
}
