package dev.parkinglot.core;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.LotMetrics.Operation;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/*
 * A decorator rather than timing at each call site: every store call the lot makes goes through
 * one place, so no operation is left untimed, and the lot's code keeps calling "store.x(...)". The
 * claim is forwarded to the store's own claim (its atomic one where it has one), and timed as one
 * operation even when it is the SPI's default take-then-save. The two-part lookups (prefix and
 * correlation key apart) are forwarded as such, so a store that finds entries without joining the
 * key keeps that saving behind the decorator. Time is System.nanoTime, never a wall clock.
 *
 * When the histogram is disabled (no MeterProvider, or a view that drops it), calls go straight
 * through without reading the clock: DoubleHistogram.isEnabled is asked on every call, as the API
 * recommends, since a MeterProvider may turn it on later. Package-private: not public API.
 */
final class MeteredStore implements TraceContextStore {
  private final TraceContextStore delegate;
  private final LotMetrics metrics;

  MeteredStore(TraceContextStore delegate, LotMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public void save(String key, StoredTraceContext context) {
    if (!metrics.timesOperations()) {
      delegate.save(key, context);
      return;
    }
    long start = System.nanoTime();
    try {
      delegate.save(key, context);
    } catch (RuntimeException e) {
      metrics.operationFailed(Operation.SAVE, System.nanoTime() - start, e);
      throw e;
    }
    metrics.operation(Operation.SAVE, System.nanoTime() - start);
  }

  @Override
  public void save(String keyPrefix, String correlationKey, StoredTraceContext context) {
    if (!metrics.timesOperations()) {
      delegate.save(keyPrefix, correlationKey, context);
      return;
    }
    long start = System.nanoTime();
    try {
      delegate.save(keyPrefix, correlationKey, context);
    } catch (RuntimeException e) {
      metrics.operationFailed(Operation.SAVE, System.nanoTime() - start, e);
      throw e;
    }
    metrics.operation(Operation.SAVE, System.nanoTime() - start);
  }

  @Override
  public Optional<StoredTraceContext> load(String key) {
    if (!metrics.timesOperations()) {
      return delegate.load(key);
    }
    long start = System.nanoTime();
    Optional<StoredTraceContext> result;
    try {
      result = delegate.load(key);
    } catch (RuntimeException e) {
      metrics.operationFailed(Operation.LOAD, System.nanoTime() - start, e);
      throw e;
    }
    metrics.operation(Operation.LOAD, System.nanoTime() - start);
    return result;
  }

  @Override
  public Optional<StoredTraceContext> load(String keyPrefix, String correlationKey) {
    if (!metrics.timesOperations()) {
      return delegate.load(keyPrefix, correlationKey);
    }
    long start = System.nanoTime();
    Optional<StoredTraceContext> result;
    try {
      result = delegate.load(keyPrefix, correlationKey);
    } catch (RuntimeException e) {
      metrics.operationFailed(Operation.LOAD, System.nanoTime() - start, e);
      throw e;
    }
    metrics.operation(Operation.LOAD, System.nanoTime() - start);
    return result;
  }

  @Override
  public Optional<StoredTraceContext> take(String key) {
    if (!metrics.timesOperations()) {
      return delegate.take(key);
    }
    long start = System.nanoTime();
    Optional<StoredTraceContext> result;
    try {
      result = delegate.take(key);
    } catch (RuntimeException e) {
      metrics.operationFailed(Operation.TAKE, System.nanoTime() - start, e);
      throw e;
    }
    metrics.operation(Operation.TAKE, System.nanoTime() - start);
    return result;
  }

  @Override
  public Optional<StoredTraceContext> take(String keyPrefix, String correlationKey) {
    if (!metrics.timesOperations()) {
      return delegate.take(keyPrefix, correlationKey);
    }
    long start = System.nanoTime();
    Optional<StoredTraceContext> result;
    try {
      result = delegate.take(keyPrefix, correlationKey);
    } catch (RuntimeException e) {
      metrics.operationFailed(Operation.TAKE, System.nanoTime() - start, e);
      throw e;
    }
    metrics.operation(Operation.TAKE, System.nanoTime() - start);
    return result;
  }

  @Override
  public ClaimResult claim(String key, Instant now, Duration tombstoneTtl) {
    if (!metrics.timesOperations()) {
      return delegate.claim(key, now, tombstoneTtl);
    }
    long start = System.nanoTime();
    ClaimResult result;
    try {
      result = delegate.claim(key, now, tombstoneTtl);
    } catch (RuntimeException e) {
      metrics.operationFailed(Operation.CLAIM, System.nanoTime() - start, e);
      throw e;
    }
    metrics.operation(Operation.CLAIM, System.nanoTime() - start);
    return result;
  }

  @Override
  public ClaimResult claim(String keyPrefix, String correlationKey, Instant now, Duration tombstoneTtl) {
    if (!metrics.timesOperations()) {
      return delegate.claim(keyPrefix, correlationKey, now, tombstoneTtl);
    }
    long start = System.nanoTime();
    ClaimResult result;
    try {
      result = delegate.claim(keyPrefix, correlationKey, now, tombstoneTtl);
    } catch (RuntimeException e) {
      metrics.operationFailed(Operation.CLAIM, System.nanoTime() - start, e);
      throw e;
    }
    metrics.operation(Operation.CLAIM, System.nanoTime() - start);
    return result;
  }

  @Override
  public void delete(String key) {
    if (!metrics.timesOperations()) {
      delegate.delete(key);
      return;
    }
    long start = System.nanoTime();
    try {
      delegate.delete(key);
    } catch (RuntimeException e) {
      metrics.operationFailed(Operation.DELETE, System.nanoTime() - start, e);
      throw e;
    }
    metrics.operation(Operation.DELETE, System.nanoTime() - start);
  }

  @Override
  public boolean exists(String key) {
    if (!metrics.timesOperations()) {
      return delegate.exists(key);
    }
    long start = System.nanoTime();
    boolean result;
    try {
      result = delegate.exists(key);
    } catch (RuntimeException e) {
      metrics.operationFailed(Operation.EXISTS, System.nanoTime() - start, e);
      throw e;
    }
    metrics.operation(Operation.EXISTS, System.nanoTime() - start);
    return result;
  }

  @Override
  public boolean claimIsAtomic() {
    return delegate.claimIsAtomic();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
