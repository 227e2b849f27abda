package dev.parkinglot.tck.selftest;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Clock;
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

  /** The backend's key of {@code key}: its value. Subjects override it to break key handling. */
  String backendKey(StoreKey key) {
    return key.value();
  }

  /** What is kept for {@code context} under {@code key}; subjects override it to lose fields. */
  StoredTraceContext stored(String key, StoredTraceContext context) {
    return context;
  }

  /** Whether the entry under {@code key} has expired; subjects override it to break expiry. */
  boolean isExpired(String key, StoredTraceContext context) {
    return context.isExpiredAt(clock.millis());
  }

  @Override
  public void save(StoreKey key, StoredTraceContext context) {
    String k = backendKey(key);
    Objects.requireNonNull(context, "context must not be null");
    backend.entries.put(k, stored(k, context));
  }

  @Override
  public Optional<StoredTraceContext> load(StoreKey key) {
    String k = backendKey(key);
    StoredTraceContext context = backend.entries.get(k);
    if (context == null || isExpired(k, context)) {
      return Optional.empty();
    }
    return Optional.of(context);
  }

  @Override
  public Optional<StoredTraceContext> take(StoreKey key) {
    String k = backendKey(key);
    StoredTraceContext context = backend.entries.remove(k);
    if (context == null || isExpired(k, context)) {
      return Optional.empty();
    }
    return Optional.of(context);
  }

  @Override
  public void delete(StoreKey key) {
    backend.entries.remove(backendKey(key));
  }

  @Override
  public boolean exists(StoreKey key) {
    return load(key).isPresent();
  }

  @Override
  public ClaimResult claim(StoreKey key, Consumption consumption) {
    String k = backendKey(key);
    Objects.requireNonNull(consumption, "consumption must not be null");
    return claimChecked(k, consumption);
  }

  /** The claim, atomic on the backend's map; subjects override it to break claims. */
  ClaimResult claimChecked(String backendKey, Consumption consumption) {
    ClaimResult[] result = {ClaimResult.notFound()};
    backend.entries.computeIfPresent(backendKey, (k, current) -> {
      if (isExpired(k, current)) {
        return current;
      }
      if (current.isConsumed()) {
        result[0] = ClaimResult.duplicate(current);
        return current;
      }
      result[0] = ClaimResult.claimed(current);
      return stored(k, tombstone(current, consumption));
    });
    return result[0];
  }

  /** The tombstone a claim leaves; subjects override it to break tombstones. */
  StoredTraceContext tombstone(StoredTraceContext live, Consumption consumption) {
    return consumption.tombstoneOf(live);
  }

  /** The SPI's default claim (take, then save), for subjects that keep it. */
  final ClaimResult defaultClaim(StoreKey key, Consumption consumption) {
    return TraceContextStore.super.claim(key, consumption);
  }

  @Override
  public boolean claimIsAtomic() {
    return true;
  }

  /** Whether the backend holds anything under {@code key}, expired or not. */
  boolean backendHolds(StoreKey key) {
    return backend.entries.containsKey(backendKey(key));
  }
}
