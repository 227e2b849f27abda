package dev.parkinglot.store.memory;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TraceContextStoreTck;
import java.time.Duration;

/** The whole store contract against the memory store, its sweeper running every 50 ms. */
class MemoryTraceContextStoreTckTest extends TraceContextStoreTck {

  @Override
  protected TraceContextStore createStore(TckContext context) {
    return MemoryTraceContextStore.builder()
        .clock(context.clock())
        .sweepInterval(Duration.ofMillis(50))
        .build();
  }

  @Override
  protected boolean backendHoldsEntry(TraceContextStore store, StoreKey key) {
    return ((MemoryTraceContextStore) store).holdsEntry(key);
  }
}
