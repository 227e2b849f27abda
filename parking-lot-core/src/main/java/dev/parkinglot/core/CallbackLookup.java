package dev.parkinglot.core;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.LotMetrics.ClaimOutcome;
import dev.parkinglot.spi.StoreKey;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The lookup step of one callback call, before any span exists: the correlation key computed from
 * the event and checked, the ticket the event carries (which decides when present), else the claim
 * of the parked context in the store, counted and its wait recorded. Never throws: a key that
 * cannot be computed and a store that fails are kept as failures. Package-private: not public API.
 */
final class CallbackLookup {
  /** The checked correlation key, or the raw one that failed its check, or "". */
  final String correlationKey;
  /**
   * {@link #correlationKey} as span attributes and messages show it: bounded and escaped ({@link
   * ParkingLotLimits#printable}); the same String for an ordinary key.
   */
  final String shownKey;
  /** The key checked and ready for the store; null when there was none (no key, or a bad one). */
  final @Nullable StoreKey storeKey;
  /** The key claimed from the store; null when none was, because there was none or a ticket decided. */
  final @Nullable StoreKey claimedKey;
  final @Nullable RuntimeException keyFailure;
  final Tickets.@Nullable Check ticket;
  final @Nullable StoredTraceContext found;
  final boolean duplicate;
  final @Nullable RuntimeException storeFailure;
  /** Milliseconds between the park and now; -1 without a found context. */
  final long elapsedMillis;

  private CallbackLookup(
      String correlationKey, @Nullable StoreKey storeKey, @Nullable StoreKey claimedKey,
      @Nullable RuntimeException keyFailure, Tickets.@Nullable Check ticket, @Nullable StoredTraceContext found,
      boolean duplicate, @Nullable RuntimeException storeFailure, long elapsedMillis) {
    this.correlationKey = correlationKey;
    this.shownKey = ParkingLotLimits.printable(correlationKey);
    this.storeKey = storeKey;
    this.claimedKey = claimedKey;
    this.keyFailure = keyFailure;
    this.ticket = ticket;
    this.found = found;
    this.duplicate = duplicate;
    this.storeFailure = storeFailure;
    this.elapsedMillis = elapsedMillis;
  }

  /** Looks up the parked context of {@code event} for the callback {@code template}. */
  static <T> CallbackLookup of(CallbackTemplate<T> template, T event) {
    CallbackSettings settings = template.settings;
    String rawKey = null;
    StoreKey storeKey = null;
    RuntimeException keyFailure = null;
    Function<? super T, String> keyFrom = template.correlationKeyFrom;
    if (keyFrom != null) {
      try {
        rawKey = keyFrom.apply(event);
        storeKey = settings.keys.readKey(rawKey);
      } catch (RuntimeException e) {
        keyFailure = e;
      }
    }
    String correlationKey = storeKey != null ? storeKey.correlationKey() : rawKey != null ? rawKey : "";
    // A ticket carried by the event decides when present; the store is consulted only without one.
    Tickets.Check ticket = Tickets.check(template, event);
    long now = settings.clock.millis();
    if (storeKey == null || (ticket != null && ticket.present())) {
      StoredTraceContext found = ticket == null ? null : ticket.context;
      return new CallbackLookup(correlationKey, storeKey, null, keyFailure, ticket, found, false, null,
          waited(template, found, now, found != null));
    }
    return claim(template, storeKey, ticket, now);
  }

  /** Claims {@code storeKey} in the store, counts the outcome and tells the miss listener. */
  private static CallbackLookup claim(
      CallbackTemplate<?> template, StoreKey storeKey, Tickets.@Nullable Check ticket, long now) {
    CallbackSettings settings = template.settings;
    StoredTraceContext found = null;
    RuntimeException failure = null;
    try {
      found = settings.claims.claimEntry(storeKey, template.retrievalMode, now);
    } catch (RuntimeException e) {
      failure = e;
    }
    ClaimOutcome outcome = failure != null ? ClaimOutcome.STORE_ERROR : Claims.outcomeOf(found, now);
    if (outcome == ClaimOutcome.EXPIRED) {
      found = null;
    }
    template.claims.claimed(outcome);
    if (found == null) {
      settings.notifyMiss(storeKey.correlationKey(),
          failure == null ? MissListener.Reason.NOT_FOUND : MissListener.Reason.STORE_ERROR);
    }
    return new CallbackLookup(storeKey.correlationKey(), storeKey, storeKey, null, ticket, found,
        outcome == ClaimOutcome.DUPLICATE, failure, waited(template, found, now, outcome == ClaimOutcome.HIT));
  }

  /**
   * The wait of a found context, recorded when {@code counts}: a first claim, or a valid ticket (a
   * ticket is a wait like a claimed entry: "how long do our webhooks take" counts both).
   */
  private static long waited(
      CallbackTemplate<?> template, @Nullable StoredTraceContext found, long now, boolean counts) {
    if (found == null) {
      return -1;
    }
    long elapsed = Math.max(0, now - found.parkedAtMillis());
    if (counts) {
      template.claims.waited(elapsed);
    }
    return elapsed;
  }
}
