package dev.parkinglot.core;

import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;

/** A test provider that claims the name "memory" too; registered only through a test's class loader. */
public final class DuplicateMemoryStoreProvider implements TraceContextStoreProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public TraceContextStore create(StoreConfig config) {
    return new WireStore(config.clock());
  }
}
