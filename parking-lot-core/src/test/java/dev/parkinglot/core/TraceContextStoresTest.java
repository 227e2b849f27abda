package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.ParkingLotException;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.store.memory.MemoryTraceContextStore;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceContextStoresTest {
  private static final StoreConfig EMPTY = StoreConfig.of(Map.of());
  private final ClassLoader testLoader = TraceContextStoresTest.class.getClassLoader();

  @TempDir Path dir;

  @Test
  void withoutANameTheOnlyProviderOnTheClassPathIsUsed() {
    try (TraceContextStore store = TraceContextStores.load(null, EMPTY, testLoader)) {
      assertThat(store).isInstanceOf(MemoryTraceContextStore.class);
    }
  }

  @Test
  void findsAStoreByNameFromTheArgumentThePropertyOrTheEnvironment() {
    StoreConfig property = StoreConfig.of(Map.of("parkinglot.store", "memory"));
    StoreConfig environment = StoreConfig.builder().environment(Map.of("PARKINGLOT_STORE", "memory")).build();

    try (TraceContextStore byArgument = TraceContextStores.load(" Memory ", EMPTY, testLoader);
        TraceContextStore byProperty = TraceContextStores.load(null, property, testLoader);
        TraceContextStore byEnvironment = TraceContextStores.load(null, environment, testLoader)) {
      assertThat(byArgument).isInstanceOf(MemoryTraceContextStore.class);
      assertThat(byProperty).isInstanceOf(MemoryTraceContextStore.class);
      assertThat(byEnvironment).isInstanceOf(MemoryTraceContextStore.class);
    }
  }

  @Test
  void passesTheConfigToTheProvider() {
    StoreConfig config = StoreConfig.of(Map.of("parkinglot.memory.max-entries", "7"));

    try (TraceContextStore store = TraceContextStores.load("memory", config, testLoader)) {
      assertThat(((MemoryTraceContextStore) store).maxEntries()).isEqualTo(7);
    }
  }

  @Test
  void anUnknownBuiltInNameListsWhatWasFoundAndTheArtifactToAdd() {
    assertThatThrownBy(() -> TraceContextStores.load("redis", EMPTY, testLoader))
        .isExactlyInstanceOf(ParkingLotException.class)
        .hasMessage("no parking lot store named 'redis' on the class path (found: [memory]);"
            + " add the dependency dev.parkinglot:parking-lot-store-redis");
  }

  @Test
  void anUnknownCustomNameSaysToAddTheJarThatProvidesIt() {
    assertThatThrownBy(() -> TraceContextStores.load("acme", EMPTY, testLoader))
        .isExactlyInstanceOf(ParkingLotException.class)
        .hasMessage("no parking lot store named 'acme' on the class path (found: [memory]); add the jar that"
            + " provides it (a TraceContextStoreProvider listed in"
            + " META-INF/services/dev.parkinglot.spi.TraceContextStoreProvider)");
  }

  @Test
  void twoProvidersWithTheSelectedNameFailNamingBothClasses() throws Exception {
    try (URLClassLoader loader = ServiceDirs.withProviders(dir, DuplicateMemoryStoreProvider.class.getName())) {
      assertThatThrownBy(() -> TraceContextStores.load("memory", EMPTY, loader))
          .isExactlyInstanceOf(ParkingLotException.class)
          .hasMessageStartingWith("more than one parking lot store is named 'memory': [")
          .hasMessageContaining("dev.parkinglot.store.memory.MemoryTraceContextStoreProvider")
          .hasMessageContaining("dev.parkinglot.core.DuplicateMemoryStoreProvider")
          .hasMessageEndingWith("]; remove one of them from the class path");
    }
  }

  @Test
  void severalProvidersWithoutANameFailListingThem() throws Exception {
    try (URLClassLoader loader = ServiceDirs.withProviders(dir, ExtraStoreProvider.class.getName())) {
      assertThatThrownBy(() -> TraceContextStores.load(null, EMPTY, loader))
          .isExactlyInstanceOf(ParkingLotException.class)
          .hasMessage("several parking lot stores on the class path [extra (dev.parkinglot.core.ExtraStoreProvider),"
              + " memory (dev.parkinglot.store.memory.MemoryTraceContextStoreProvider)]: choose one with"
              + " parkinglot.store (environment variable PARKINGLOT_STORE)");
      try (TraceContextStore chosen = TraceContextStores.load("extra", EMPTY, loader)) {
        assertThat(chosen).isInstanceOf(WireStore.class);
      }
    }
  }

  @Test
  void noProviderAtAllSaysToAddTheMemoryStore() throws Exception {
    try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> TraceContextStores.load(null, EMPTY, bare))
          .isExactlyInstanceOf(ParkingLotException.class)
          .hasMessageStartingWith("no parking lot store on the class path: add the dependency"
              + " dev.parkinglot:parking-lot-store-memory");
      assertThatThrownBy(() -> TraceContextStores.load("memory", EMPTY, bare))
          .isExactlyInstanceOf(ParkingLotException.class)
          .hasMessage("no parking lot store named 'memory' on the class path (found: []);"
              + " add the dependency dev.parkinglot:parking-lot-store-memory");
    }
  }

  @Test
  void aProviderThatCannotBeLoadedIsReportedAsAParkingLotException() throws Exception {
    try (URLClassLoader loader = ServiceDirs.withProviders(dir, "dev.parkinglot.core.NoSuchProvider")) {
      assertThatThrownBy(() -> TraceContextStores.load("memory", EMPTY, loader))
          .isExactlyInstanceOf(ParkingLotException.class)
          .hasMessageStartingWith("a parking lot store provider could not be loaded: ")
          .hasMessageContaining("dev.parkinglot.core.NoSuchProvider")
          .hasCauseInstanceOf(java.util.ServiceConfigurationError.class);
    }
  }
}
