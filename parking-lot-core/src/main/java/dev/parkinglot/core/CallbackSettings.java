package dev.parkinglot.core;

import dev.parkinglot.MetadataAttributes;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.RetrievalMode;
import dev.parkinglot.spi.StoreKey;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * What callbacks need of their lot, and nothing more: the key prefix, the clock, the claims, the
 * metrics, the attribute policy, the fail-open setting, the tickets and the miss listener. The lot
 * makes one; every wrapped callback reads it instead of the lot's fields. Package-private: not
 * public API.
 */
final class CallbackSettings {
  final StoreKey.Prefix keys;
  final Clock clock;
  final Claims claims;
  final LotMetrics metrics;
  final MetadataAttributes metadataAttributes;
  final boolean propagateStoreErrors;
  final RetrievalMode retrievalMode;
  /** Signed tickets; null when the lot has no ticket keys. */
  final @Nullable Tickets tickets;
  private final @Nullable MissListener missListener;
  /** The lot's log of fail-open failures. */
  final FailureLog failures;

  CallbackSettings(
      StoreKey.Prefix keys, Clock clock, Claims claims, LotMetrics metrics, MetadataAttributes metadataAttributes,
      boolean propagateStoreErrors, RetrievalMode retrievalMode, @Nullable Tickets tickets,
      @Nullable MissListener missListener, FailureLog failures) {
    this.failures = failures;
    this.keys = keys;
    this.clock = clock;
    this.claims = claims;
    this.metrics = metrics;
    this.metadataAttributes = metadataAttributes;
    this.propagateStoreErrors = propagateStoreErrors;
    this.retrievalMode = retrievalMode;
    this.tickets = tickets;
    this.missListener = missListener;
  }

  /** Tells the miss listener, if any; a listener that throws is logged, never propagated. */
  void notifyMiss(String correlationKey, MissListener.Reason reason) {
    MissListener listener = missListener;
    if (listener == null) {
      return;
    }
    try {
      listener.onMiss(correlationKey, reason);
    } catch (RuntimeException e) {
      failures.failed("miss listener", "parking lot miss listener threw for key '"
          + ParkingLotLimits.printable(correlationKey) + "'", e);
    }
  }
}
