package dev.parkinglot.tck.selftest;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * A correct store over a {@link ReferenceBackend}: keys checked, expiry checked on read against its
 * clock, take as one atomic remove. The broken stores of the self-test override one thing each.
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

  /** Whether the backend holds the key, expired or not. */
  boolean backendHolds(String key) {
    return backend.entries.containsKey(backendKey(key));
  }
}
