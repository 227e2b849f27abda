package dev.parkinglot.tck;

import static dev.parkinglot.tck.TckAssertions.assertEntry;
import static dev.parkinglot.tck.TckAssertions.assertNoEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.ClaimResult.Status;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/*
 * What a claim must do, rule by rule: consume a live entry and leave its tombstone (dup01), answer
 * DUPLICATE with that tombstone, unchanged, for as long as it lives (dup02), find nothing and write
 * nothing where no live entry is (dup03), let the tombstone die at consumedAt + tombstoneTtl whether
 * that is before or after the original's own expiry (dup04), and treat a tombstone as an ordinary
 * entry for save, load, take and exists (dup05). The grace period has a millisecond part, so a
 * backend that keeps expiry in whole seconds is caught. The race (dup06) is in DuplicateRaceRules.
 */

/** The bodies of the {@code dup} rules that need no threads. Not public API. */
final class DuplicateRules {
  /** The tombstone ttl the rules claim with: ten minutes and a quarter second. */
  static final Duration GRACE = Duration.ofMinutes(10).plusMillis(250);
  private static final Duration HOUR = Duration.ofHours(1);

  private DuplicateRules() {}

  static void claimOfLiveEntryReturnsItAndLeavesTombstone(TckSession s) {
    TraceContextStore store = s.store();
    StoredTraceContext entry = TckData.rich(s.clock().instant());
    StoreKey key = s.key("claim-live");
    store.save(key, entry);
    Instant now = s.clock().advance(Duration.ofMinutes(7).plusMillis(5));

    ClaimResult claim = store.claim(key, Consumption.of(now, GRACE));

    assertStatus("claim of a live entry", claim, Status.CLAIMED);
    assertEntry("context of the CLAIMED result (the live entry as it was, not its tombstone)",
        claim.context(), entry);
    StoredTraceContext tombstone = entry.asConsumed(Consumption.of(now, GRACE));
    assertEntry("load after the claim (the tombstone: the same context, consumedAt = the claim's now, living"
        + " until now + tombstoneTtl)", store.load(key), tombstone);
    assertThat(tombstone.expiresAtMillis()).isEqualTo(now.plus(GRACE).toEpochMilli());
    assertThat(store.exists(key)).as("exists after the claim (the tombstone is an entry)").isTrue();
  }

  static void secondClaimIsDuplicateWithOriginalContext(TckSession s) {
    TraceContextStore store = s.store();
    StoredTraceContext entry = TckData.rich(s.clock().instant());
    StoreKey key = s.key("claim-twice");
    store.save(key, entry);
    Instant first = s.clock().advance(Duration.ofSeconds(3));
    assertStatus("first claim", store.claim(key, Consumption.of(first, GRACE)), Status.CLAIMED);
    StoredTraceContext tombstone = entry.asConsumed(Consumption.of(first, GRACE));

    Instant second = s.clock().advance(Duration.ofMinutes(1));
    ClaimResult duplicate = store.claim(key, Consumption.of(second, GRACE));
    assertStatus("second claim (a redelivery)", duplicate, Status.DUPLICATE);
    assertEntry("context of the DUPLICATE result (the tombstone of the first claim: original ids, times and"
        + " metadata, consumedAt of the first claim)", duplicate.context(), tombstone);

    s.clock().set(tombstone.expiresAt().minusMillis(1));
    ClaimResult third = store.claim(key, Consumption.of(s.clock().instant(), GRACE));
    assertStatus("third claim, 1 ms before the tombstone expires", third, Status.DUPLICATE);
    assertEntry("context of the third claim (a duplicate leaves the tombstone as it is, it does not move"
        + " consumedAt or the expiry)", third.context(), tombstone);
    assertEntry("load after the duplicates", store.load(key), tombstone);
  }

  static void claimOfMissingOrExpiredEntryIsNotFoundAndWritesNothing(TckSession s) {
    TraceContextStore store = s.store();
    Instant start = s.clock().instant();
    StoreKey missing = s.key("claim-missing");
    assertNotFound("claim of a key never saved", store.claim(missing, Consumption.of(start, GRACE)));
    assertThat(store.exists(missing)).as("exists after the claim of a key never saved").isFalse();
    assertNoEntry("load after the claim of a key never saved", store.load(missing));

    StoreKey deleted = s.key("claim-deleted");
    store.save(deleted, TckData.entry(1, start, HOUR));
    store.delete(deleted);
    assertNotFound("claim of a deleted entry", store.claim(deleted, Consumption.of(start, GRACE)));
    StoreKey taken = s.key("claim-taken");
    store.save(taken, TckData.entry(2, start, HOUR));
    store.take(taken);
    assertNotFound("claim of a taken entry", store.claim(taken, Consumption.of(start, GRACE)));
    assertNoEntry("load after the claim of a taken entry", store.load(taken));

    StoreKey lastMilli = s.key("claim-last-millisecond");
    StoredTraceContext live = TckData.entry(3, start, HOUR);
    store.save(lastMilli, live);
    StoreKey expired = s.key("claim-expired");
    StoredTraceContext old = TckData.entry(4, start, HOUR);
    store.save(expired, old);
    s.clock().set(live.expiresAt().minusMillis(1));
    assertStatus("claim 1 ms before the entry expires", store.claim(lastMilli, Consumption.of(s.clock().instant(), GRACE)),
        Status.CLAIMED);

    s.clock().set(old.expiresAt());
    assertNotFound("claim at the entry's expiresAt", store.claim(expired, Consumption.of(s.clock().instant(), GRACE)));
    s.clock().set(old.expiresAt().minusMillis(1));
    Optional<StoredTraceContext> after = store.load(expired);
    assertThat(after.map(StoredTraceContext::isConsumed))
        .as("the claim of an expired entry wrote a tombstone (seen with the clock set back 1 ms); it must"
            + " write nothing: found %s", after)
        .isNotEqualTo(Optional.of(true));
    s.clock().set(old.expiresAt().plus(Duration.ofDays(30)));
    assertNotFound("claim 30 days after the entry expired", store.claim(expired, Consumption.of(s.clock().instant(), GRACE)));
    assertThat(store.exists(expired)).as("exists after the claims of an expired entry").isFalse();
  }

  static void tombstoneExpiresAfterItsTtl(TckSession s) {
    TraceContextStore store = s.store();
    Instant start = s.clock().instant();
    StoredTraceContext longLived = TckData.entry(1, start, Duration.ofDays(1));
    StoreKey shorter = s.key("tombstone-shorter-than-entry");
    store.save(shorter, longLived);
    Instant claimed = s.clock().advance(Duration.ofMinutes(1));
    assertStatus("claim of an entry with a day to live", store.claim(shorter, Consumption.of(claimed, GRACE)), Status.CLAIMED);
    s.clock().set(claimed.plus(GRACE).minusMillis(1));
    assertThat(store.exists(shorter)).as("exists 1 ms before the tombstone expires").isTrue();
    assertStatus("claim 1 ms before the tombstone expires", store.claim(shorter, Consumption.of(s.clock().instant(), GRACE)),
        Status.DUPLICATE);
    s.clock().set(claimed.plus(GRACE));
    assertNoEntry("load at consumedAt + tombstoneTtl (the tombstone must not keep the original's day)",
        store.load(shorter));
    assertThat(store.exists(shorter)).as("exists at consumedAt + tombstoneTtl").isFalse();
    assertNotFound("claim at consumedAt + tombstoneTtl", store.claim(shorter, Consumption.of(s.clock().instant(), GRACE)));
    assertNoEntry("load after the claim of an expired tombstone", store.load(shorter));

    s.clock().set(start);
    StoredTraceContext hour = TckData.entry(2, start, HOUR);
    StoreKey longer = s.key("tombstone-longer-than-entry");
    store.save(longer, hour);
    Instant late = s.clock().advance(Duration.ofMinutes(59));
    Duration day = Duration.ofDays(1).plusMillis(250);
    assertStatus("claim 1 minute before the entry expires", store.claim(longer, Consumption.of(late, day)), Status.CLAIMED);
    StoredTraceContext tombstone = hour.asConsumed(Consumption.of(late, day));
    s.clock().set(hour.expiresAt().plus(Duration.ofMinutes(1)));
    assertEntry("load 1 minute after the original expiry (the tombstone lives for its own ttl)",
        store.load(longer), tombstone);
    assertStatus("claim after the original expiry, within the tombstone ttl",
        store.claim(longer, Consumption.of(s.clock().instant(), day)), Status.DUPLICATE);
    s.clock().set(late.plus(day));
    assertNoEntry("load at consumedAt + a day", store.load(longer));
    assertNotFound("claim at consumedAt + a day", store.claim(longer, Consumption.of(s.clock().instant(), day)));
  }

  static void consumedMarkerRoundTrips(TckSession s) {
    TraceContextStore store = s.store();
    Instant now = s.clock().instant();
    StoredTraceContext rich =
        TckData.rich(now.minus(Duration.ofHours(2))).asConsumed(Consumption.of(now.minusSeconds(90), HOUR));
    StoredTraceContext bare = TckData.builder(5, now, HOUR).consumedAtMillis(now.toEpochMilli() + 7).build();
    StoreKey richKey = s.key("tombstone-rich");
    StoreKey bareKey = s.key("tombstone-bare");
    store.save(richKey, rich);
    store.save(bareKey, bare);
    assertEntry("load of a saved tombstone with every field", store.load(richKey), rich);
    assertEntry("load of a saved tombstone without tracestate, baggage or metadata", store.load(bareKey), bare);
    assertThat(store.exists(richKey)).as("exists of a saved tombstone").isTrue();
    assertEntry("take of a saved tombstone", store.take(richKey), rich);
    assertNoEntry("load after the take of a tombstone", store.load(richKey));
    ClaimResult claim = store.claim(bareKey, Consumption.of(now, GRACE));
    assertStatus("claim of a saved tombstone", claim, Status.DUPLICATE);
    assertEntry("context of the claim of a saved tombstone", claim.context(), bare);

    StoredTraceContext fresh = TckData.entry(6, now, HOUR);
    store.save(bareKey, fresh);
    assertEntry("load after a live entry was saved over a tombstone (save replaces, the consumed marker"
        + " included)", store.load(bareKey), fresh);
    ClaimResult again = store.claim(bareKey, Consumption.of(now, GRACE));
    assertStatus("claim of a live entry saved over a tombstone", again, Status.CLAIMED);
    assertEntry("context of that claim", again.context(), fresh);
  }

  static void nullClaimArgumentsAreRejectedAndChangeNothing(TckSession s) {
    TraceContextStore store = s.store();
    Instant now = s.clock().instant();
    StoredTraceContext entry = TckData.entry(1, now, HOUR);
    StoreKey key = s.key("claim-arguments");
    store.save(key, entry);
    assertThatNullPointerException().as("claim with a null consumption")
        .isThrownBy(() -> store.claim(key, null));
    assertThatNullPointerException().as("claim with a null key")
        .isThrownBy(() -> store.claim(null, Consumption.of(now, GRACE)));
    assertEntry("load after the rejected claims (the entry must still be live and unclaimed)",
        store.load(key), entry);
    assertStatus("claim after the rejected claims", store.claim(key, Consumption.of(now, GRACE)), Status.CLAIMED);
  }

  static void assertStatus(String what, ClaimResult result, Status expected) {
    assertThat(result).as("%s: result", what).isNotNull();
    assertThat(result.status()).as("%s: status of %s", what, result).isEqualTo(expected);
  }

  private static void assertNotFound(String what, ClaimResult result) {
    assertStatus(what, result, Status.NOT_FOUND);
    assertThat(result.context()).as("%s: context of a NOT_FOUND result", what).isEmpty();
  }
}
