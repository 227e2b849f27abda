package dev.parkinglot.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.core.ParkingLotBuilder;
import dev.parkinglot.core.TicketKeys;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.store.caffeine.CaffeineTraceContextStore;
import dev.parkinglot.store.caffeine.CaffeineTraceContextStoreProvider;
import dev.parkinglot.store.dynamodb.DynamoDbStoreSettings;
import dev.parkinglot.store.jdbc.JdbcStoreSettings;
import dev.parkinglot.store.memory.MemoryTraceContextStore;
import dev.parkinglot.store.memory.MemoryTraceContextStoreProvider;
import dev.parkinglot.store.redis.RedisStoreSettings;
import dev.parkinglot.store.redis.RedisTraceContextStore;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The IDE metadata that spring-boot-configuration-processor generated names every setting the
 * library and its stores read, with the library's defaults, and ParkingLotProperties hands every
 * one of them to the library under its own name.
 */
class ParkingLotPropertiesTest {
  /** Every class that declares the names of settings the library reads. */
  private static final List<Class<?>> SETTINGS = List.of(
      StoreConfig.class, ParkingLotBuilder.class, TicketKeys.class, MemoryTraceContextStoreProvider.class,
      CaffeineTraceContextStoreProvider.class, RedisStoreSettings.class, JdbcStoreSettings.class,
      DynamoDbStoreSettings.class);

  @Test
  void metadataNamesEverySettingTheLibraryReadsAndNoOther() throws IOException {
    assertThat(metadataNames()).filteredOn(name -> name.startsWith("parkinglot."))
        .containsExactlyInAnyOrderElementsOf(libraryNames());
    assertThat(metadataNames()).filteredOn(name -> !name.startsWith("parkinglot."))
        .containsExactly("management.health.parkinglot.enabled");
  }

  @Test
  void everyMetadataEntryHasADescription() throws IOException {
    for (Map<String, Object> property : metadataProperties()) {
      assertThat((String) property.get("description")).as("%s", property.get("name")).isNotBlank();
    }
  }

  @Test
  void metadataDefaultsAreTheLibrarysDefaults() throws IOException {
    Map<String, Object> defaults = new LinkedHashMap<>();
    for (Map<String, Object> property : metadataProperties()) {
      if (property.get("defaultValue") != null && ((String) property.get("name")).startsWith("parkinglot.")) {
        defaults.put((String) property.get("name"), property.get("defaultValue"));
      }
    }
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put(StoreConfig.STORE, ParkingLotStores.DEFAULT_STORE);
    expected.put(ParkingLotBuilder.DEFAULT_TTL, ParkingLotBuilder.DEFAULT_TTL_VALUE);
    expected.put(ParkingLotBuilder.KEY_PREFIX, ParkingLotBuilder.DEFAULT_KEY_PREFIX);
    expected.put(ParkingLotBuilder.RETRIEVAL_MODE, "consume-on-claim");
    expected.put(ParkingLotBuilder.PROPAGATE_STORE_ERRORS, "false");
    expected.put(ParkingLotBuilder.METADATA_ATTRIBUTES, "all");
    expected.put(ParkingLotBuilder.DUPLICATE_GRACE, ParkingLotBuilder.DEFAULT_DUPLICATE_GRACE);
    expected.put(MemoryTraceContextStoreProvider.MAX_ENTRIES, String.valueOf(MemoryTraceContextStore.DEFAULT_MAX_ENTRIES));
    expected.put(MemoryTraceContextStoreProvider.SWEEP_INTERVAL, MemoryTraceContextStore.DEFAULT_SWEEP_INTERVAL);
    expected.put(CaffeineTraceContextStoreProvider.MAXIMUM_SIZE, String.valueOf(CaffeineTraceContextStore.DEFAULT_MAXIMUM_SIZE));
    expected.put(CaffeineTraceContextStoreProvider.RECORD_STATS, "false");
    expected.put(CaffeineTraceContextStoreProvider.SCHEDULER, "false");
    expected.put(RedisStoreSettings.CLUSTER, "auto");
    expected.put(RedisStoreSettings.POOL_SIZE, String.valueOf(RedisTraceContextStore.DEFAULT_POOL_SIZE));
    expected.put(RedisStoreSettings.TIMEOUT, RedisTraceContextStore.DEFAULT_TIMEOUT);
    expected.put(JdbcStoreSettings.POOL_SIZE, String.valueOf(JdbcStoreSettings.DEFAULT_POOL_SIZE));
    expected.put(JdbcStoreSettings.CONNECTION_TIMEOUT, JdbcStoreSettings.DEFAULT_CONNECTION_TIMEOUT);
    expected.put(JdbcStoreSettings.STATEMENT_TIMEOUT, JdbcStoreSettings.DEFAULT_STATEMENT_TIMEOUT);
    expected.put(JdbcStoreSettings.TABLE, JdbcStoreSettings.DEFAULT_TABLE);
    expected.put(JdbcStoreSettings.CREATE_TABLE, "false");
    expected.put(JdbcStoreSettings.PURGE_INTERVAL, JdbcStoreSettings.DEFAULT_PURGE_INTERVAL);
    expected.put(JdbcStoreSettings.PURGE_BATCH_SIZE, String.valueOf(JdbcStoreSettings.DEFAULT_PURGE_BATCH_SIZE));
    expected.put(DynamoDbStoreSettings.PARTITION_KEY, DynamoDbStoreSettings.DEFAULT_PARTITION_KEY);
    expected.put(DynamoDbStoreSettings.TTL_ATTRIBUTE, DynamoDbStoreSettings.DEFAULT_TTL_ATTRIBUTE);
    expected.put(DynamoDbStoreSettings.CREATE_TABLE, "false");
    expected.put(DynamoDbStoreSettings.API_CALL_TIMEOUT, DynamoDbStoreSettings.DEFAULT_API_CALL_TIMEOUT);
    expected.put(DynamoDbStoreSettings.API_CALL_ATTEMPT_TIMEOUT, DynamoDbStoreSettings.DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
    expected.put(DynamoDbStoreSettings.PURGE_INTERVAL, Duration.ZERO);
    expected.put(DynamoDbStoreSettings.PURGE_PAGE_SIZE, String.valueOf(DynamoDbStoreSettings.DEFAULT_PURGE_PAGE_SIZE));

    assertThat(defaults.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((name, value) -> {
      String written = (String) defaults.get(name);
      if (value instanceof Duration) {
        // Read as the library reads it: "24h" and PT24H are the same default.
        assertThat(StoreConfig.of(Map.of(name, written)).getDuration(name, Duration.ZERO, Duration.ZERO,
            Duration.ofDays(400))).as(name).isEqualTo(value);
      } else {
        assertThat(written).as(name).isEqualTo(value);
      }
    });
  }

  @Test
  void toMapHandsEveryBoundSettingToTheLibraryUnderItsOwnName() throws IOException {
    ParkingLotProperties properties = new ParkingLotProperties();
    org.springframework.boot.context.properties.bind.Binder binder =
        new org.springframework.boot.context.properties.bind.Binder(
            new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                metadataNames().stream().filter(name -> name.startsWith("parkinglot."))
                    .collect(Collectors.toMap(name -> name, name -> "v:" + name))));
    binder.bind("parkinglot", org.springframework.boot.context.properties.bind.Bindable.ofInstance(properties));

    Map<String, String> handedOver = properties.toMap();
    handedOver.keySet().forEach(name -> assertThat(name).startsWith("parkinglot."));
    assertThat(handedOver.keySet()).containsExactlyInAnyOrderElementsOf(libraryNames());
    handedOver.forEach((name, value) -> assertThat(value).isEqualTo("v:" + name));
  }

  private static Set<String> libraryNames() {
    Set<String> names = new TreeSet<>();
    for (Class<?> type : SETTINGS) {
      for (Field field : type.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          try {
            String value = (String) field.get(null);
            if (value.startsWith("parkinglot.")) {
              names.add(value);
            }
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
    assertThat(names).as("settings found by reflection").hasSizeGreaterThan(40);
    return names;
  }

  private static Set<String> metadataNames() throws IOException {
    return metadataProperties().stream().map(p -> (String) p.get("name")).collect(Collectors.toCollection(TreeSet::new));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> metadataProperties() throws IOException {
    try (InputStream in = ParkingLotPropertiesTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata on the class path").isNotNull();
      Map<String, Object> json = JsonParserFactory.getJsonParser().parseMap(new String(in.readAllBytes(), "UTF-8"));
      return (List<Map<String, Object>>) json.get("properties");
    }
  }
}
