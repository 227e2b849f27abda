package dev.parkinglot.tck.selftest;

import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.time.Clock;

/**
 * The provider of the self-test's {@link ReferenceStore}: {@code parkinglot.tck-reference.namespace}
 * names the backend (required), {@code parkinglot.tck-reference.sweeps} whether it sweeps.
 */
public class ReferenceStoreProvider implements TraceContextStoreProvider {
  static final String NAMESPACE = "parkinglot.tck-reference.namespace";
  static final String SWEEPS = "parkinglot.tck-reference.sweeps";

  /** For ServiceLoader. */
  public ReferenceStoreProvider() {}

  @Override
  public String name() {
    return "tck-reference";
  }

  /** The clock the store gets; the broken variant overrides it. */
  Clock clock(StoreConfig config) {
    return config.clock();
  }

  @Override
  public TraceContextStore create(StoreConfig config) {
    String namespace = config.require(NAMESPACE);
    boolean sweeps = config.getBoolean(SWEEPS, true);
    return new ReferenceStore(ReferenceBackend.named(namespace, sweeps), clock(config));
  }

  /** A provider that ignores {@code config.clock()} and builds its store on the system clock. */
  public static final class OnTheSystemClock extends ReferenceStoreProvider {
    /** For ServiceLoader. */
    public OnTheSystemClock() {}

    @Override
    public String name() {
      return "tck-reference-system-clock";
    }

    @Override
    Clock clock(StoreConfig config) {
      return Clock.systemUTC();
    }
  }
}
