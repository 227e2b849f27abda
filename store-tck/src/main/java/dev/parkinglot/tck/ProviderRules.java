package dev.parkinglot.tck;

import static dev.parkinglot.tck.TckAssertions.assertEntry;
import static dev.parkinglot.tck.TckAssertions.assertNoEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/*
 * The provider is looked up the way an application finds it: ServiceLoader over the class loader of
 * the store's TCK class, which sees the store's jar (or its target/classes) with its
 * META-INF/services file. Settings come only from what the TCK class gives, never from the
 * environment, so a developer's PARKINGLOT_* variables cannot change what is tested.
 */

/** The bodies of the {@code prov} rules. Not public API. */
final class ProviderRules {
  /** The names {@link TraceContextStoreProvider#name()} may have. */
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Duration HOUR = Duration.ofHours(1);

  private ProviderRules() {}

  /** Every provider ServiceLoader finds through {@code loader}, by name. */
  private static List<TraceContextStoreProvider> providers(ClassLoader loader) {
    List<TraceContextStoreProvider> found = new ArrayList<>();
    try {
      ServiceLoader.load(TraceContextStoreProvider.class, loader).forEach(found::add);
    } catch (ServiceConfigurationError e) {
      throw new AssertionError("ServiceLoader cannot load a TraceContextStoreProvider listed in"
          + " META-INF/services/" + TraceContextStoreProvider.class.getName() + ": " + e.getMessage(), e);
    }
    return found;
  }

  static TraceContextStoreProvider find(String name, ClassLoader loader) {
    List<TraceContextStoreProvider> found = providers(loader);
    List<TraceContextStoreProvider> named = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (TraceContextStoreProvider provider : found) {
      names.add(provider.name() + " (" + provider.getClass().getName() + ")");
      if (name.equals(provider.name())) {
        named.add(provider);
      }
    }
    if (named.isEmpty()) {
      fail("ServiceLoader found no TraceContextStoreProvider named '%s' (found: %s): list the provider class"
          + " in src/main/resources/META-INF/services/%s and check that its name() returns '%s'",
          name, names, TraceContextStoreProvider.class.getName(), name);
    }
    if (named.size() > 1) {
      fail("ServiceLoader found %d providers named '%s' (%s): a name must be unique on the class path",
          named.size(), name, names);
    }
    return named.get(0);
  }

  static void providerIsFoundUnderItsName(String name, ClassLoader loader) {
    TraceContextStoreProvider provider = find(name, loader);
    assertThat(provider.name()).as("name() of %s, asked twice", provider.getClass().getName()).isEqualTo(name);
  }

  static void nameFollowsTheRules(String name, ClassLoader loader) {
    assertThat(name)
        .as("the provider name '%s': lowercase letters, digits and '-', starting with a letter, at most 32"
            + " chars (it is a configuration value: parkinglot.store=%s)", name, name)
        .matches(NAME);
    Class<?> type = find(name, loader).getClass();
    assertThat(java.lang.reflect.Modifier.isPublic(type.getModifiers()))
        .as("the provider class %s of '%s' is public", type.getName(), name).isTrue();
    assertThat(catchThrowable(type::getConstructor))
        .as("the provider class %s of '%s' has a public no-argument constructor", type.getName(), name).isNull();
  }

  private static TraceContextStore create(TckSession s, TraceContextStoreProvider provider, Map<String, String> settings) {
    StoreConfig config = StoreConfig.builder().properties(settings).clock(s.clock()).build();
    TraceContextStore store = provider.create(config);
    assertThat(store).as("%s.create(config) returned null", provider.getClass().getName()).isNotNull();
    return s.adopt(store);
  }

  static void configClockDecidesExpiry(TckSession s, String name, ClassLoader loader, Map<String, String> settings) {
    TraceContextStore store = create(s, find(name, loader), settings);
    StoredTraceContext entry = TckData.entry(1, s.clock().instant(), HOUR);
    StoreKey key = s.key("provider-clock");
    store.save(key, entry);
    s.clock().set(entry.expiresAt().minusMillis(1));
    assertEntry("load through the provider's store 1 ms before expiresAt on config.clock()", store.load(key), entry);
    s.clock().set(entry.expiresAt());
    assertNoEntry("load through the provider's store at expiresAt on config.clock() (the store must use"
        + " config.clock(), not the system clock)", store.load(key));
    assertThat(store.exists(key)).as("exists through the provider's store at expiresAt on config.clock()").isFalse();
  }

  static void badSettingFailsNamingTheProperty(
      TckSession s, String name, ClassLoader loader, Map<String, String> settings, Map<String, String> invalid) {
    TraceContextStoreProvider provider = find(name, loader);
    List<String> wrong = new ArrayList<>();
    invalid.forEach((property, value) -> {
      Map<String, String> bad = new java.util.HashMap<>(settings);
      bad.put(property, value);
      StoreConfig config = StoreConfig.builder().properties(bad).clock(s.clock()).build();
      TraceContextStore[] created = {null};
      Throwable thrown = catchThrowable(() -> created[0] = provider.create(config));
      if (created[0] != null) {
        s.adopt(created[0]);
        wrong.add(property + "=" + value + ": create returned a store");
      } else if (!(thrown instanceof IllegalArgumentException)) {
        wrong.add(property + "=" + value + ": create threw " + thrown + ", not an IllegalArgumentException");
      } else if (thrown.getMessage() == null || !thrown.getMessage().contains(property)) {
        wrong.add(property + "=" + value + ": the message does not name the property: " + thrown.getMessage());
      }
    });
    if (!wrong.isEmpty()) {
      fail("provider '%s' given an invalid setting must throw IllegalArgumentException naming the property;"
          + " instead:%n  %s", name, String.join("\n  ", wrong));
    }
  }

  static void storeFromConfigRoundTrips(TckSession s, String name, ClassLoader loader, Map<String, String> settings) {
    TraceContextStore store = create(s, find(name, loader), settings);
    StoredTraceContext entry = TckData.rich(s.clock().instant());
    StoreKey key = s.key("provider-round-trip");
    store.save(key, entry);
    assertThat(store.exists(key)).as("exists after a save through the provider's store").isTrue();
    assertEntry("load through the provider's store", store.load(key), entry);
    assertEntry("take through the provider's store", store.take(key), entry);
    assertNoEntry("load after take through the provider's store", store.load(key));
  }
}
