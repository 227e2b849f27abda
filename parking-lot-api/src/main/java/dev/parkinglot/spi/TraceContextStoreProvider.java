package dev.parkinglot.spi;

/**
 * Makes a {@link TraceContextStore} discoverable as a Java service provider: list the
 * implementation in {@code META-INF/services/dev.parkinglot.spi.TraceContextStoreProvider}. An
 * implementation has a public no-argument constructor and does no work in it.
 *
 * <pre>{@code
 * public final class MyStoreProvider implements TraceContextStoreProvider {
 *   public String name() { return "my-store"; }
 *   public TraceContextStore create(StoreConfig config) {
 *     return new MyStore(config.require("parkinglot.my-store.url"), config.clock());
 *   }
 * }
 * }</pre>
 */
public interface TraceContextStoreProvider {

  /**
   * The name that selects this store in configuration ({@code parkinglot.store}); lowercase, unique
   * on the class path. The built-in names are {@code memory}, {@code caffeine}, {@code redis},
   * {@code dynamodb} and {@code jdbc}.
   *
   * @return the store's name
   */
  String name();

  /**
   * Creates a store from configuration. The returned store is owned by the caller, who closes it.
   *
   * @param config the settings, the clock included
   * @return a new store
   * @throws IllegalArgumentException if a setting is missing or invalid; the message names the
   *     property and, where there is one, the limit
   * @throws dev.parkinglot.StoreUnavailableException if the backend cannot be reached and the store
   *     checks that at creation
   */
  TraceContextStore create(StoreConfig config);
}
