package dev.parkinglot.core;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real store whose backend is always down: every operation throws the failure it was given (a
 * RuntimeException, or an Error such as the NoClassDefFoundError of a client library too old).
 */
final class FailingStore implements TraceContextStore {
  private final Supplier<? extends Throwable> failure;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger closes = new AtomicInteger();
  private final boolean failOnClose;

  FailingStore(Supplier<? extends Throwable> failure) {
    this(failure, false);
  }

  FailingStore(Supplier<? extends Throwable> failure, boolean failOnClose) {
    this.failure = failure;
    this.failOnClose = failOnClose;
  }

  /** The failure to throw: a RuntimeException is returned for the caller to throw, an Error thrown here. */
  private RuntimeException fail() {
    calls.incrementAndGet();
    Throwable t = failure.get();
    if (t instanceof Error) {
      throw (Error) t;
    }
    return (RuntimeException) t;
  }

  @Override
  public void save(StoreKey key, StoredTraceContext context) {
    throw fail();
  }

  @Override
  public Optional<StoredTraceContext> load(StoreKey key) {
    throw fail();
  }

  @Override
  public Optional<StoredTraceContext> take(StoreKey key) {
    throw fail();
  }

  @Override
  public void delete(StoreKey key) {
    throw fail();
  }

  @Override
  public boolean exists(StoreKey key) {
    throw fail();
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    if (failOnClose) {
      throw new IllegalStateException("close failed on purpose");
    }
  }
}
