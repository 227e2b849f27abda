package dev.parkinglot.core;

import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test provider named "extra", registered only through a class loader a test builds (never on
 * the test class path). It remembers the last store and config it created, for assertions.
 */
public final class ExtraStoreProvider implements TraceContextStoreProvider {
  static final AtomicReference<WireStore> LAST = new AtomicReference<>();
  static final AtomicReference<StoreConfig> LAST_CONFIG = new AtomicReference<>();

  @Override
  public String name() {
    return "extra";
  }

  @Override
  public TraceContextStore create(StoreConfig config) {
    WireStore store = new WireStore(config.clock());
    LAST_CONFIG.set(config);
    LAST.set(store);
    return store;
  }
}
