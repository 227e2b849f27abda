package dev.parkinglot.core;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.util.Optional;

/**
 * The store of a lot built with ticket keys and no store: it holds nothing, and every operation
 * throws {@link IllegalStateException} saying so. Such a lot issues and verifies tickets; wrapping
 * a callback that looks up a correlation key is refused at wrap time. Package-private: not public
 * API.
 */
final class TicketsOnlyStore implements TraceContextStore {
  static final TicketsOnlyStore INSTANCE = new TicketsOnlyStore();

  static final String MESSAGE = "this parking lot has no store (it was built with ticket keys only, to"
      + " issue and verify tickets); give ParkingLotBuilder a store(TraceContextStore) or config(StoreConfig)"
      + " to park contexts";

  private TicketsOnlyStore() {}

  @Override
  public void save(StoreKey key, StoredTraceContext context) {
    throw new IllegalStateException(MESSAGE);
  }

  @Override
  public Optional<StoredTraceContext> load(StoreKey key) {
    throw new IllegalStateException(MESSAGE);
  }

  @Override
  public Optional<StoredTraceContext> take(StoreKey key) {
    throw new IllegalStateException(MESSAGE);
  }

  @Override
  public void delete(StoreKey key) {
    throw new IllegalStateException(MESSAGE);
  }

  @Override
  public boolean exists(StoreKey key) {
    throw new IllegalStateException(MESSAGE);
  }

  @Override
  public String name() {
    return "none";
  }

  @Override
  public String toString() {
    return "TicketsOnlyStore{no store}";
  }
}
