package dev.parkinglot.spring;

import dev.parkinglot.core.TraceContextStores;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/*
 * Design notes.
 *
 * Every store is built by the library's own code from one StoreConfig, so a setting means, and is
 * checked, exactly as without Spring. What the starter adds is where the settings come from: the
 * application's DataSource for jdbc (JdbcTraceContextStoreProvider.create(config, dataSource)), its
 * DynamoDbClient bean for dynamodb, and Spring Boot's Redis connection details (or spring.data.redis.*)
 * turned into parkinglot.redis.* for redis (SpringRedisSettings). An explicit parkinglot.<store>.url or endpoint always wins over the
 * application's infrastructure: it names a store of its own.
 */
/** Builds the store the starter's configuration names; the caller (the Spring context) owns and closes it. */
final class ParkingLotStores {
  /** The store used when {@code parkinglot.store} is unset. */
  static final String DEFAULT_STORE = "memory";

  private static final String JDBC_PROVIDER = "dev.parkinglot.store.jdbc.JdbcTraceContextStoreProvider";
  private static final String DYNAMODB_PROVIDER = "dev.parkinglot.store.dynamodb.DynamoDbTraceContextStoreProvider";
  private static final String DYNAMODB_CLIENT = "software.amazon.awssdk.services.dynamodb.DynamoDbClient";

  private ParkingLotStores() {}

  /** The store's name as configured, lower case; {@value #DEFAULT_STORE} when unset. */
  static String storeName(StoreConfig config) {
    return config.get(StoreConfig.STORE).map(name -> name.toLowerCase(Locale.ROOT)).orElse(DEFAULT_STORE);
  }

  static TraceContextStore create(
      Map<String, String> settings, Environment environment, ListableBeanFactory beans, ClassLoader classLoader) {
    StoreConfig config = StoreConfig.of(settings);
    String name = storeName(config);
    switch (name) {
      case "jdbc":
        if (config.get("parkinglot.jdbc.url").isEmpty() && ClassUtils.isPresent(JDBC_PROVIDER, classLoader)) {
          DataSource dataSource = beans.getBeanProvider(DataSource.class).getIfUnique();
          if (dataSource != null) {
            return JdbcOnDataSource.create(config, dataSource);
          }
        }
        break;
      case "redis":
        if (config.get("parkinglot.redis.url").isEmpty()) {
          config = StoreConfig.of(SpringRedisSettings.apply(settings, environment, beans, classLoader));
        }
        break;
      case "dynamodb":
        if (config.get("parkinglot.dynamodb.endpoint").isEmpty() && config.get("parkinglot.dynamodb.region").isEmpty()
            && ClassUtils.isPresent(DYNAMODB_PROVIDER, classLoader)
            && ClassUtils.isPresent(DYNAMODB_CLIENT, classLoader)) {
          TraceContextStore store = DynamoDbOnClient.create(config, beans);
          if (store != null) {
            return store;
          }
        }
        break;
      default:
        break;
    }
    return TraceContextStores.load(name, config, classLoader);
  }

  /** Loaded only when parking-lot-store-jdbc is on the class path. */
  private static final class JdbcOnDataSource {
    static TraceContextStore create(StoreConfig config, DataSource dataSource) {
      return dev.parkinglot.store.jdbc.JdbcTraceContextStoreProvider.create(config, dataSource);
    }
  }

  /** Loaded only when parking-lot-store-dynamodb and the AWS SDK are on the class path. */
  private static final class DynamoDbOnClient {
    static @Nullable TraceContextStore create(StoreConfig config, ListableBeanFactory beans) {
      software.amazon.awssdk.services.dynamodb.DynamoDbClient client =
          beans.getBeanProvider(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class).getIfUnique();
      return client == null
          ? null
          : dev.parkinglot.store.dynamodb.DynamoDbTraceContextStoreProvider.create(config, client);
    }
  }
}
