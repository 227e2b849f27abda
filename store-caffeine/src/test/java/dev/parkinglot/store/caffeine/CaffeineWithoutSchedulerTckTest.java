package dev.parkinglot.store.caffeine;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TckErrorHook;
import java.util.Map;
import dev.parkinglot.tck.TraceContextStoreTck;

/**
 * The whole store contract against the Caffeine store with its defaults: no scheduler, so expired
 * entries are removed by the maintenance that operations trigger, here {@link
 * CaffeineTraceContextStore#cleanUp()} as the hook asks. The hook's view is the same as in {@link
 * CaffeineTraceContextStoreTckTest}: every mapping Caffeine still holds, expired or not.
 */
class CaffeineWithoutSchedulerTckTest extends TraceContextStoreTck {

  @Override
  protected TraceContextStore createStore(TckContext context) {
    return CaffeineTraceContextStore.builder().clock(context.clock()).build();
  }

  @Override
  protected boolean backendHoldsEntry(TraceContextStore store, StoreKey storeKey) {
    String key = storeKey.value();
    CaffeineTraceContextStore caffeine = (CaffeineTraceContextStore) store;
    caffeine.cleanUp();
    return caffeine.estimatedSize() > 0;
  }

  @Override
  protected Map<TckErrorHook, String> errorHooksThatCannotApply() {
    return CaffeineTckHooks.ERROR_HOOKS_THAT_CANNOT_APPLY;
  }

  @Override
  protected String providerName() {
    return "caffeine";
  }

  @Override
  protected Map<String, String> providerSettings(TckContext context) {
    return Map.of();
  }

  @Override
  protected Map<String, String> invalidProviderSettings() {
    return Map.of(
        CaffeineTraceContextStoreProvider.MAXIMUM_SIZE, "-1",
        CaffeineTraceContextStoreProvider.SCHEDULER, "sometimes");
  }
}
