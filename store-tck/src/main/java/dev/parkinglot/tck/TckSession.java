package dev.parkinglot.tck;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The state of one rule: its context and clock, and every store created for it, which {@link
 * #close()} closes. Not public API.
 */
final class TckSession implements AutoCloseable {
  private final TckContext context;
  private final TckClock clock;
  private final Function<TckContext, TraceContextStore> factory;
  private final List<TraceContextStore> created = new ArrayList<>();
  private @Nullable TraceContextStore first;
  private boolean anyCreated;

  TckSession(TckContext context, TckClock clock, Function<TckContext, TraceContextStore> factory) {
    this.context = context;
    this.clock = clock;
    this.factory = factory;
  }

  TckContext context() {
    return context;
  }

  TckClock clock() {
    return clock;
  }

  /** The store key for a correlation key under this rule's prefix. */
  StoreKey key(String correlationKey) {
    return context.key(correlationKey);
  }

  /** The rule's store on the test clock, created on first use. */
  synchronized TraceContextStore store() {
    if (first == null) {
      first = newStore();
    }
    return first;
  }

  /** Another store instance on the same context and test clock. */
  synchronized TraceContextStore newStore() {
    return create(context);
  }

  /** A store instance on the same context but the system clock, for rules that wait in real time. */
  synchronized TraceContextStore newSystemClockStore() {
    return create(context.withClock(Clock.systemUTC()));
  }

  /**
   * Registers a store the rule got some other way (a hook, a provider) so that {@link #close()}
   * closes it with the others.
   */
  synchronized TraceContextStore adopt(TraceContextStore store) {
    Objects.requireNonNull(store, () -> "a hook returned null for " + context);
    created.add(store);
    anyCreated = true;
    return store;
  }

  private TraceContextStore create(TckContext storeContext) {
    TraceContextStore store =
        Objects.requireNonNull(
            factory.apply(storeContext), () -> "createStore returned null for " + storeContext);
    created.add(store);
    anyCreated = true;
    return store;
  }

  /** Whether createStore returned a store at least once in this rule. */
  synchronized boolean anyStoreCreated() {
    return anyCreated;
  }

  /** Closes every store created for the rule, newest first; rethrows the first failure with the others suppressed. */
  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        created.get(i).close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = new IllegalStateException("closing a store after " + context.ruleName() + " failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    created.clear();
    first = null;
    if (failure != null) {
      throw failure;
    }
  }
}
