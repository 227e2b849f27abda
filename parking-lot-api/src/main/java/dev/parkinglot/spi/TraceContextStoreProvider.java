package dev.parkinglot.spi;

/**
 * Makes a {@link TraceContextStore} discoverable as a Java service provider. Contract, numbered as
 * the store's ({@code parking-lot-store-tck} cites these clauses):
 *
 * <ol>
 *   <li><b>P1 Discovery.</b> The implementation is listed in {@code
 *       META-INF/services/dev.parkinglot.spi.TraceContextStoreProvider}, is public, has a public
 *       no-argument constructor, and {@link java.util.ServiceLoader} finds it under {@link #name()}.
 *   <li><b>P2 Name.</b> {@link #name()} is lowercase letters, digits and {@code -}, starting with a
 *       letter, at most 32 characters, and unique on the class path.
 *   <li><b>P3 Clock.</b> The store {@link #create(StoreConfig)} returns decides expiry on {@link
 *       StoreConfig#clock()}.
 *   <li><b>P4 Settings.</b> A missing or invalid setting makes {@link #create(StoreConfig)} throw
 *       {@link IllegalArgumentException} naming the property.
 *   <li><b>P5 Store.</b> The store it creates is a whole store (the {@link TraceContextStore}
 *       contract) on the settings given.
 *   <li><b>P6 Constructor.</b> The constructor does no work (no connection, no thread).
 * </ol>
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
   * The name that selects this store in configuration ({@code parkinglot.store}); lowercase letters,
   * digits and {@code -}, starting with a letter, at most 32 characters, unique on the class path. The built-in names are {@code memory}, {@code caffeine}, {@code redis},
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
