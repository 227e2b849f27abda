package dev.parkinglot.store.caffeine;

import com.github.benmanes.caffeine.cache.Scheduler;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TckErrorHook;
import java.util.Map;
import dev.parkinglot.tck.TraceContextStoreTck;

/*
 * The hook. Every view Caffeine offers (containsKey, getIfPresentQuietly, policy snapshots) hides an
 * expired mapping that is still in its table, so none of them can show that Caffeine really dropped
 * one. estimatedSize() can: it counts every mapping still in the table, expired or not, and reading
 * it triggers no maintenance. stochastic_ttl09 asks about a store that holds only the key in
 * question, where "any mapping left" is exact; for other stores it could only say "held" too often,
 * never too rarely, so it cannot let a store pass that keeps expired entries.
 */

/**
 * The whole store contract against the Caffeine store as the provider builds it with {@code
 * parkinglot.caffeine.scheduler=true}: nothing but Caffeine's system scheduler removes expired
 * entries from an idle store.
 */
class CaffeineTraceContextStoreTckTest extends TraceContextStoreTck {

  @Override
  protected TraceContextStore createStore(TckContext context) {
    return CaffeineTraceContextStore.builder()
        .clock(context.clock())
        .scheduler(Scheduler.systemScheduler())
        .build();
  }

  @Override
  protected boolean backendHoldsEntry(TraceContextStore store, StoreKey storeKey) {
    String key = storeKey.value();
    return ((CaffeineTraceContextStore) store).estimatedSize() > 0;
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
    return Map.of(CaffeineTraceContextStoreProvider.SCHEDULER, "true");
  }

  @Override
  protected Map<String, String> invalidProviderSettings() {
    return Map.of(
        CaffeineTraceContextStoreProvider.MAXIMUM_SIZE, "-1",
        CaffeineTraceContextStoreProvider.SCHEDULER, "sometimes");
  }
}
