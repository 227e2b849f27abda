package dev.parkinglot.tck.selftest;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A correct store over a {@link ReferenceBackend}: keys checked, expiry checked on read against its
 * clock, take as one atomic remove, claim as one atomic compute. The broken stores of the self-test
 * override one thing each.
 */
class ReferenceStore implements TraceContextStore {
  final ReferenceBackend backend;
  final Clock clock;

  ReferenceStore(ReferenceBackend backend, Clock clock) {
    this.backend = backend;
    this.clock = clock;
  }

  /** The key as checked; the key under which the backend holds the entry. */
  String backendKey(String key) {
    return ParkingLotLimits.checkStoreKey(key);
  }

  /** What is stored for a saved context. */
  StoredTraceContext stored(String key, StoredTraceContext context) {
    return context;
  }

  boolean isExpired(String key, StoredTraceContext context) {
    return context.isExpiredAt(clock.millis());
  }

  @Override
  public void save(String key, StoredTraceContext context) {
    String k = backendKey(key);
    Objects.requireNonNull(context, "context must not be null");
    backend.entries.put(k, stored(key, context));
  }

  @Override
  public Optional<StoredTraceContext> load(String key) {
    String k = backendKey(key);
    StoredTraceContext context = backend.entries.get(k);
    if (context == null || isExpired(key, context)) {
      return Optional.empty();
    }
    return Optional.of(context);
  }

  @Override
  public Optional<StoredTraceContext> take(String key) {
    String k = backendKey(key);
    StoredTraceContext context = backend.entries.remove(k);
    if (context == null || isExpired(key, context)) {
      return Optional.empty();
    }
    return Optional.of(context);
  }

  @Override
  public void delete(String key) {
    backend.entries.remove(backendKey(key));
  }

  @Override
  public boolean exists(String key) {
    return load(key).isPresent();
  }

  @Override
  public ClaimResult claim(String key, Instant now, Duration tombstoneTtl) {
    String k = backendKey(key);
    Objects.requireNonNull(now, "now must not be null");
    ParkingLotLimits.checkTtl(tombstoneTtl);
    return claimChecked(key, k, now, tombstoneTtl);
  }

  /** The claim once the arguments are checked: one compute on the backend's map. */
  ClaimResult claimChecked(String key, String backendKey, Instant now, Duration tombstoneTtl) {
    ClaimResult[] result = {ClaimResult.notFound()};
    backend.entries.computeIfPresent(backendKey, (k, current) -> {
      if (isExpired(key, current)) {
        return current;
      }
      if (current.isConsumed()) {
        result[0] = ClaimResult.duplicate(current);
        return current;
      }
      result[0] = ClaimResult.claimed(current);
      return stored(key, tombstone(current, now, tombstoneTtl));
    });
    return result[0];
  }

  /** What a claim leaves in place of {@code live}. */
  StoredTraceContext tombstone(StoredTraceContext live, Instant now, Duration tombstoneTtl) {
    return live.asConsumed(now, tombstoneTtl);
  }

  /** The SPI's default claim (a take, then a save), for the subjects that keep it. */
  final ClaimResult defaultClaim(String key, Instant now, Duration tombstoneTtl) {
    return TraceContextStore.super.claim(key, now, tombstoneTtl);
  }

  @Override
  public boolean claimIsAtomic() {
    return true;
  }

  /** Whether the backend holds the key, expired or not. */
  boolean backendHolds(String key) {
    return backend.entries.containsKey(backendKey(key));
  }
}
