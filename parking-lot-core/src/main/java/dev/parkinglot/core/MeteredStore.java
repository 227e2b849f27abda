package dev.parkinglot.core;

import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.LotMetrics.Operation;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.util.Optional;

/*
 * A decorator rather than timing at each call site: every store call the lot makes goes through
 * one place, so no operation is left untimed, and the lot's code keeps calling "store.x(...)". The
 * claim is forwarded to the store's own claim (its atomic one where it has one), and timed as one
 * operation even when it is the SPI's default take-then-save. Time is System.nanoTime, never a wall
 * clock.
 *
 * When the histogram is disabled (no MeterProvider, or a view that drops it), LotMetrics hands out
 * no start time and records nothing, so calls go through without reading the clock.
 * Package-private: not public API.
 */
final class MeteredStore implements TraceContextStore {
  private final TraceContextStore delegate;
  private final LotMetrics metrics;

  MeteredStore(TraceContextStore delegate, LotMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public void save(StoreKey key, StoredTraceContext context) {
    long start = metrics.operationStarted();
    try {
      delegate.save(key, context);
    } catch (RuntimeException | LinkageError e) {
      metrics.operationFailed(Operation.SAVE, start, e);
      throw unchecked(e);
    }
    metrics.operationEnded(Operation.SAVE, start);
  }

  @Override
  public Optional<StoredTraceContext> load(StoreKey key) {
    long start = metrics.operationStarted();
    Optional<StoredTraceContext> result;
    try {
      result = delegate.load(key);
    } catch (RuntimeException | LinkageError e) {
      metrics.operationFailed(Operation.LOAD, start, e);
      throw unchecked(e);
    }
    metrics.operationEnded(Operation.LOAD, start);
    return result;
  }

  @Override
  public Optional<StoredTraceContext> take(StoreKey key) {
    long start = metrics.operationStarted();
    Optional<StoredTraceContext> result;
    try {
      result = delegate.take(key);
    } catch (RuntimeException | LinkageError e) {
      metrics.operationFailed(Operation.TAKE, start, e);
      throw unchecked(e);
    }
    metrics.operationEnded(Operation.TAKE, start);
    return result;
  }

  @Override
  public ClaimResult claim(StoreKey key, Consumption consumption) {
    long start = metrics.operationStarted();
    ClaimResult result;
    try {
      result = delegate.claim(key, consumption);
    } catch (RuntimeException | LinkageError e) {
      metrics.operationFailed(Operation.CLAIM, start, e);
      throw unchecked(e);
    }
    metrics.operationEnded(Operation.CLAIM, start);
    return result;
  }

  @Override
  public void delete(StoreKey key) {
    long start = metrics.operationStarted();
    try {
      delegate.delete(key);
    } catch (RuntimeException | LinkageError e) {
      metrics.operationFailed(Operation.DELETE, start, e);
      throw unchecked(e);
    }
    metrics.operationEnded(Operation.DELETE, start);
  }

  @Override
  public boolean exists(StoreKey key) {
    long start = metrics.operationStarted();
    boolean result;
    try {
      result = delegate.exists(key);
    } catch (RuntimeException | LinkageError e) {
      metrics.operationFailed(Operation.EXISTS, start, e);
      throw unchecked(e);
    }
    metrics.operationEnded(Operation.EXISTS, start);
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

  /**
   * A store's exception as it reaches the lot: a RuntimeException as it is; a LinkageError (a store
   * client library of a version the store was not built for: a missing class or method) as a
   * {@link StoreUnavailableException}, so that fail-open handles it like any store failure instead
   * of letting an Error break the business operation.
   */
  static RuntimeException unchecked(Throwable e) {
    if (e instanceof RuntimeException) {
      return (RuntimeException) e;
    }
    return new StoreUnavailableException("the store failed with " + e + "; is a client library on the"
        + " class path older than the floor in the README's compatibility table?", e);
  }
}
