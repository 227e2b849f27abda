package dev.parkinglot.tck;

/**
 * The hooks of the error-contract rules ({@code optional_err}): ways a store's TCK class can put
 * its backend in a state in which the store must throw one of the contract's exceptions. A store
 * that cannot be put in that state at all (an in-process store has no connection to lose) names the
 * hook in {@link TraceContextStoreTck#errorHooksThatCannotApply()} with the reason, and the rule is
 * then not generated for it, rather than skipped.
 */
public enum TckErrorHook {
  /** {@link TraceContextStoreTck#createUnreachableStore(TckContext)}: rule {@code optional_err01}. */
  UNREACHABLE_BACKEND,
  /** {@link TraceContextStoreTck#writeCorruptEntry(dev.parkinglot.spi.TraceContextStore, dev.parkinglot.spi.StoreKey)}: rule {@code optional_err02}. */
  CORRUPT_ENTRY,
  /** {@link TraceContextStoreTck#createBoundedStore(TckContext, int)}: rule {@code optional_err03}. */
  FULL_STORE
}
