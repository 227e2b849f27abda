package dev.parkinglot.core;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.TraceContextStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A real store whose backend is always down: every operation throws the failure it was given. */
final class FailingStore implements TraceContextStore {
  private final Supplier<RuntimeException> failure;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger closes = new AtomicInteger();
  private final boolean failOnClose;

  FailingStore(Supplier<RuntimeException> failure) {
    this(failure, false);
  }

  FailingStore(Supplier<RuntimeException> failure, boolean failOnClose) {
    this.failure = failure;
    this.failOnClose = failOnClose;
  }

  private RuntimeException fail() {
    calls.incrementAndGet();
    return failure.get();
  }

  @Override
  public void save(String key, StoredTraceContext context) {
    throw fail();
  }

  @Override
  public Optional<StoredTraceContext> load(String key) {
    throw fail();
  }

  @Override
  public Optional<StoredTraceContext> take(String key) {
    throw fail();
  }

  @Override
  public void delete(String key) {
    throw fail();
  }

  @Override
  public boolean exists(String key) {
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
