package dev.parkinglot.store.memory;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TraceContextStoreTck;
import dev.parkinglot.tck.TckErrorHook;
import java.time.Duration;
import java.util.Map;

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

  @Override
  protected Map<TckErrorHook, String> errorHooksThatCannotApply() {
    return Map.of(
        TckErrorHook.UNREACHABLE_BACKEND, "an in-process map: there is no backend to lose",
        TckErrorHook.CORRUPT_ENTRY, "it keeps StoredTraceContext objects, which cannot be malformed, not bytes");
  }

  @Override
  protected TraceContextStore createBoundedStore(TckContext context, int capacity) {
    return MemoryTraceContextStore.builder()
        .clock(context.clock())
        .sweepInterval(Duration.ofMillis(50))
        .maxEntries(capacity)
        .build();
  }

  @Override
  protected String providerName() {
    return "memory";
  }

  @Override
  protected Map<String, String> providerSettings(TckContext context) {
    return Map.of(MemoryTraceContextStoreProvider.SWEEP_INTERVAL, "50ms");
  }

  @Override
  protected Map<String, String> invalidProviderSettings() {
    return Map.of(
        MemoryTraceContextStoreProvider.MAX_ENTRIES, "-5",
        MemoryTraceContextStoreProvider.SWEEP_INTERVAL, "soon");
  }
}
