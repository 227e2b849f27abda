package dev.parkinglot.store.caffeine;

import dev.parkinglot.tck.TckErrorHook;
import java.util.Map;

/** What the Caffeine TCK classes share. */
final class CaffeineTckHooks {
  /**
   * Why no error-contract rule applies to the Caffeine store: it lives in the process, holds
   * objects, and its size bound evicts (as documented on {@link CaffeineTraceContextStore}, counted
   * by {@code evictionCount()}) instead of refusing a save.
   */
  static final Map<TckErrorHook, String> ERROR_HOOKS_THAT_CANNOT_APPLY = Map.of(
      TckErrorHook.UNREACHABLE_BACKEND, "an in-process cache: there is no backend to lose",
      TckErrorHook.CORRUPT_ENTRY, "it keeps StoredTraceContext objects, which cannot be malformed, not bytes",
      TckErrorHook.FULL_STORE, "its maximumSize evicts (documented, counted by evictionCount()) instead of"
          + " refusing a save with StoreFullException");

  private CaffeineTckHooks() {}
}
