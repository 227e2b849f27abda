package dev.parkinglot.tck.selftest;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.StoreFullException;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.io.UncheckedIOException;
import java.net.ConnectException;
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

  /** Fails as a store must when its backend is down. */
  final void checkUp(String operation) {
    if (backend.down) {
      throw unavailable(operation, new UncheckedIOException(new ConnectException("Connection refused")));
    }
  }

  /** What a store throws for a failed backend call; a subject overrides it to leak the backend's exception. */
  RuntimeException unavailable(String operation, RuntimeException backendException) {
    return new StoreUnavailableException("reference store: " + operation + " failed", backendException);
  }

  /** What a store throws for an entry it cannot read; a subject overrides it to leak the decoder's exception. */
  RuntimeException corrupt(StoreKey key, RuntimeException decoderException) {
    return new CorruptEntryException(key.value(), "not the wire format", decoderException);
  }

  /** Throws {@link #corrupt} when the backend holds unreadable bytes under {@code k}. */
  final void checkReadable(StoreKey key, String k, boolean remove) {
    if (remove ? backend.unreadable.remove(k) : backend.unreadable.contains(k)) {
      throw corrupt(key, new IllegalArgumentException("Unexpected character ('%' (code 37)) at offset 0"));
    }
  }

  @Override
  public void save(StoreKey key, StoredTraceContext context) {
    String k = backendKey(key);
    Objects.requireNonNull(context, "context must not be null");
    beforeWrite(k);
    backend.entries.put(k, stored(k, context));
  }

  /** What a save does before it writes: the backend is up, a new key fits, unreadable bytes go. */
  final void beforeWrite(String k) {
    checkUp("save");
    if (!backend.entries.containsKey(k) && backend.entries.size() >= backend.capacity) {
      throw new StoreFullException("reference store: holds " + backend.capacity + " entries, its capacity",
          backend.capacity);
    }
    backend.unreadable.remove(k);
  }

  @Override
  public Optional<StoredTraceContext> load(StoreKey key) {
    String k = backendKey(key);
    checkUp("load");
    checkReadable(key, k, false);
    StoredTraceContext context = backend.entries.get(k);
    if (context == null || isExpired(k, context)) {
      return Optional.empty();
    }
    return Optional.of(context);
  }

  @Override
  public Optional<StoredTraceContext> take(StoreKey key) {
    String k = backendKey(key);
    checkUp("take");
    checkReadable(key, k, true);
    StoredTraceContext context = backend.entries.remove(k);
    if (context == null || isExpired(k, context)) {
      return Optional.empty();
    }
    return Optional.of(context);
  }

  @Override
  public void delete(StoreKey key) {
    String k = backendKey(key);
    checkUp("delete");
    backend.unreadable.remove(k);
    backend.entries.remove(k);
  }

  @Override
  public boolean exists(StoreKey key) {
    return load(key).isPresent();
  }

  @Override
  public ClaimResult claim(StoreKey key, Consumption consumption) {
    String k = backendKey(key);
    Objects.requireNonNull(consumption, "consumption must not be null");
    checkUp("claim");
    checkReadable(key, k, false);
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
