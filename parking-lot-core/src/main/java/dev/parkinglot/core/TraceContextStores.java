package dev.parkinglot.core;

import dev.parkinglot.ParkingLotException;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/*
 * Why duplicates fail: two jars that both claim "redis" would otherwise be resolved by class-path
 * order, which differs between a fat jar, an IDE and a test run. Only the name being selected is
 * checked, so an unrelated duplicate does not stop an application that does not use it; with no
 * name, several providers already fail because the choice would be a guess.
 */

/**
 * Finds a {@link TraceContextStore} by name through {@link ServiceLoader} over {@link
 * TraceContextStoreProvider}s.
 *
 * <pre>{@code
 * TraceContextStore store = TraceContextStores.load("redis",
 *     StoreConfig.of(Map.of("parkinglot.redis.url", "redis://127.0.0.1:6379")),
 *     Thread.currentThread().getContextClassLoader());
 * }</pre>
 */
public final class TraceContextStores {
  /** The stores this project ships, each in artifact {@code dev.parkinglot:parking-lot-store-<name>}. */
  static final Set<String> BUILT_IN = Set.of("memory", "caffeine", "redis", "dynamodb", "jdbc");

  private TraceContextStores() {}

  /**
   * Creates the store named {@code name}, or the one named by {@value StoreConfig#STORE} (variable
   * {@code PARKINGLOT_STORE}) in {@code config} when {@code name} is null. With no name anywhere, the
   * only store on the class path is used. The caller owns, and closes, the returned store.
   *
   * @param name the provider name ({@code memory}, {@code redis}, …), or null to read it from config
   * @param config the settings passed to the provider
   * @param classLoader where providers are looked up
   * @return a new store, owned by the caller
   * @throws ParkingLotException if no provider has the name (the message lists the names found and
   *     the artifact to add), if two providers have it (naming both classes), if no name is given and
   *     there are none or several, or if a provider cannot be instantiated
   * @throws IllegalArgumentException if the provider finds a setting missing or invalid
   */
  public static TraceContextStore load(@Nullable String name, StoreConfig config, ClassLoader classLoader) {
    Objects.requireNonNull(config, "config must not be null");
    Objects.requireNonNull(classLoader, "classLoader must not be null");
    String wanted = name != null ? name : config.get(StoreConfig.STORE).orElse(null);
    if (wanted != null) {
      wanted = wanted.trim().toLowerCase(Locale.ROOT);
      if (wanted.isEmpty()) {
        throw new IllegalArgumentException("store name must not be blank");
      }
    }
    TraceContextStoreProvider provider = select(wanted, providers(classLoader));
    TraceContextStore store = provider.create(config);
    if (store == null) {
      throw new ParkingLotException(
          "store provider " + provider.getClass().getName() + " ('" + provider.name() + "') returned null");
    }
    return store;
  }

  private static List<TraceContextStoreProvider> providers(ClassLoader classLoader) {
    List<TraceContextStoreProvider> found = new ArrayList<>();
    try {
      ServiceLoader<TraceContextStoreProvider> loader =
          ServiceLoader.load(TraceContextStoreProvider.class, classLoader);
      for (TraceContextStoreProvider provider : loader) {
        found.add(provider);
      }
    } catch (ServiceConfigurationError e) {
      throw new ParkingLotException("a parking lot store provider could not be loaded: " + e.getMessage(), e);
    }
    return found;
  }

  private static TraceContextStoreProvider select(
      @Nullable String wanted, List<TraceContextStoreProvider> all) {
    TreeMap<String, List<TraceContextStoreProvider>> byName = new TreeMap<>();
    for (TraceContextStoreProvider provider : all) {
      byName.computeIfAbsent(provider.name(), n -> new ArrayList<>()).add(provider);
    }
    if (wanted == null) {
      if (all.isEmpty()) {
        throw new ParkingLotException(
            "no parking lot store on the class path: add the dependency "
                + "dev.parkinglot:parking-lot-store-memory (or another store) and, with several, choose"
                + " one with "
                + StoreConfig.STORE + " (environment variable PARKINGLOT_STORE)");
      }
      if (all.size() > 1) {
        throw new ParkingLotException(
            "several parking lot stores on the class path " + describe(byName) + ": choose one with "
                + StoreConfig.STORE + " (environment variable PARKINGLOT_STORE)");
      }
      return all.get(0);
    }
    List<TraceContextStoreProvider> matching = byName.get(wanted);
    if (matching == null) {
      String artifact = BUILT_IN.contains(wanted)
          ? "add the dependency dev.parkinglot:parking-lot-store-" + wanted
          : "add the jar that provides it (a TraceContextStoreProvider listed in "
              + "META-INF/services/dev.parkinglot.spi.TraceContextStoreProvider)";
      throw new ParkingLotException(
          "no parking lot store named '" + wanted + "' on the class path (found: " + byName.keySet() + "); "
              + artifact);
    }
    if (matching.size() > 1) {
      List<String> classes = new ArrayList<>();
      for (TraceContextStoreProvider provider : matching) {
        classes.add(provider.getClass().getName());
      }
      throw new ParkingLotException(
          "more than one parking lot store is named '" + wanted + "': " + classes
              + "; remove one of them from the class path");
    }
    return matching.get(0);
  }

  private static String describe(TreeMap<String, List<TraceContextStoreProvider>> byName) {
    List<String> parts = new ArrayList<>();
    byName.forEach((name, providers) -> {
      for (TraceContextStoreProvider provider : providers) {
        parts.add(name + " (" + provider.getClass().getName() + ")");
      }
    });
    return parts.toString();
  }
}
