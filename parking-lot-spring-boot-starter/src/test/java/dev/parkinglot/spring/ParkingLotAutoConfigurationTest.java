package dev.parkinglot.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkOptions;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.core.ParkingLotAttributes;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.store.memory.MemoryTraceContextStore;
import dev.parkinglot.tck.TckBackends;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The auto-configured lot: properties, OpenTelemetry, stores on the application's infrastructure. */
class ParkingLotAutoConfigurationTest {
  private final TestTelemetry telemetry = new TestTelemetry();
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ParkingLotAutoConfiguration.class))
      .withBean(OpenTelemetry.class, () -> telemetry.sdk, TestTelemetry::notClosedByTheContext);

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void withNoPropertyTheLotParksInMemoryOnTheApplicationsOpenTelemetryAndLinksTheCallback() {
    runner.run(context -> {
      assertThat(context.getBean(TraceContextStore.class).name()).isEqualTo("memory");
      parkThenDeliverTwice(context.getBean(ParkingLot.class), "order-" + UUID.randomUUID());
    });
  }

  @Test
  void propertiesBindRelaxedAndReachTheLibrary() {
    runner.withPropertyValues("parkinglot.defaultTtl=2h", "parkinglot.key_prefix=shop:").run(context -> {
      ParkingLot lot = context.getBean(ParkingLot.class);
      telemetry.inSpan("checkout", span -> lot.park("order-1"));
      assertThat(lot.peek("order-1")).map(StoredTraceContext::ttl).contains(Duration.ofHours(2));
      assertThat(context.getBean(TraceContextStore.class).exists(StoreKey.of("shop:", "order-1"))).isTrue();
    });
  }

  @Test
  void environmentVariablesBindInSpringsFormAndInTheLibrarysForm() {
    runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
            new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("PARKINGLOT_DEFAULT_TTL", "4h", "PARKINGLOT_KEYPREFIX", "env:"))))
        .run(context -> {
          ParkingLot lot = context.getBean(ParkingLot.class);
          telemetry.inSpan("checkout", span -> assertThat(lot.park("order-1").isParked()).isTrue());
          assertThat(lot.peek("order-1")).map(StoredTraceContext::ttl).contains(Duration.ofHours(4));
          assertThat(context.getBean(TraceContextStore.class).exists(StoreKey.of("env:", "order-1"))).isTrue();
        });
    runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
            new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("PARKINGLOT_DEFAULTTTL", "5h"))))
        .run(context -> {
          ParkingLot lot = context.getBean(ParkingLot.class);
          telemetry.inSpan("checkout", span -> assertThat(lot.park("order-1").isParked()).isTrue());
          assertThat(lot.peek("order-1")).map(StoredTraceContext::ttl).contains(Duration.ofHours(5));
        });
  }

  @Test
  void anInvalidValueFailsTheStartWithTheLibrarysMessage() {
    String expected = libraryMessage(Map.of("parkinglot.default-ttl", "forever"));
    assertThat(expected).as("as README.md quotes it")
        .isEqualTo("parkinglot.default-ttl must be a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S, was 'forever'");
    runner.withPropertyValues("parkinglot.default-ttl=forever").run(context -> {
      assertThat(context).hasFailed();
      assertThat(rootCause(context.getStartupFailure()))
          .isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
    });
    String unknownStore = libraryStoreMessage("nosuchstore");
    runner.withPropertyValues("parkinglot.store=nosuchstore").run(context ->
        assertThat(rootCause(context.getStartupFailure())).hasMessage(unknownStore));
  }

  @Test
  void profilesAndApplicationPropertiesFilesAreRead() {
    assertThat(ttlParkedByBootApp()).as("parkinglot-starter-test.properties").isEqualTo(Duration.ofHours(1));
    assertThat(ttlParkedByBootApp("slow")).as("parkinglot-starter-test-slow.properties").isEqualTo(Duration.ofHours(3));
  }

  /** Starts a Boot application reading parkinglot-starter-test[-profile].properties, parks, peeks. */
  private static Duration ttlParkedByBootApp(String... profiles) {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BootApp.class)
        .web(WebApplicationType.NONE)
        .properties("spring.config.name=parkinglot-starter-test")
        .profiles(profiles)
        .run()) {
      ParkingLot lot = context.getBean(ParkingLot.class);
      SpanContext parked = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
          TraceFlags.getSampled(), TraceState.getDefault());
      assertThat(lot.park("order-1", ParkOptions.builder().spanContext(parked).build()).isParked()).isTrue();
      assertThat(context.getBean(TraceContextStore.class).exists(StoreKey.of("profile-test:", "order-1"))).isTrue();
      return lot.peek("order-1").orElseThrow().ttl();
    }
  }

  @Test
  void theApplicationsOwnLotWins() {
    ParkingLot own = ParkingLots.builder().store(MemoryTraceContextStore.builder().build()).build();
    runner.withBean("myLot", ParkingLot.class, () -> own).run(context -> {
      assertThat(context.getBean(ParkingLot.class)).isSameAs(own);
      assertThat(context).doesNotHaveBean("parkingLotStore");
    });
  }

  @Test
  void theApplicationsOwnStoreIsUsed() {
    MemoryTraceContextStore own = MemoryTraceContextStore.builder().build();
    runner.withBean("myStore", TraceContextStore.class, () -> own).run(context -> {
      telemetry.inSpan("checkout", span -> context.getBean(ParkingLot.class).park("order-1"));
      assertThat(own.exists(StoreKey.of("parkingLot:", "order-1"))).isTrue();
    });
  }

  @Test
  void withoutAnOpenTelemetryBeanTheGlobalOneIsUsed() {
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(telemetry.sdk);
    try {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ParkingLotAutoConfiguration.class))
          .run(context -> parkThenDeliverTwice(context.getBean(ParkingLot.class), "order-" + UUID.randomUUID()));
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
  }

  @Test
  void redisStoreConnectsWhereSpringDataRedisPointsAndIsClosedWithTheContext() {
    URI redis = URI.create(TckBackends.redisUrl());
    TraceContextStore[] built = new TraceContextStore[1];
    runner.withPropertyValues(
            "parkinglot.store=redis",
            "parkinglot.key-prefix=starter-" + UUID.randomUUID() + ":",
            "spring.data.redis.host=" + redis.getHost(),
            "spring.data.redis.port=" + redis.getPort())
        .run(context -> {
          built[0] = context.getBean(TraceContextStore.class);
          assertThat(built[0].name()).isEqualTo("redis");
          parkThenDeliverTwice(context.getBean(ParkingLot.class), "order-" + UUID.randomUUID());
        });
    assertThatThrownBy(() -> built[0].exists(StoreKey.of("k")))
        .as("the store the starter built is closed with the context")
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void redisStoreConnectsWhereSpringBootsConnectionDetailsPoint() {
    // A service connection (Testcontainers, Docker Compose) is such a bean; the properties say otherwise.
    URI redis = URI.create(TckBackends.redisUrl());
    runner.withBean(DataRedisConnectionDetails.class, () -> new DataRedisConnectionDetails() {
          @Override
          public Standalone getStandalone() {
            return Standalone.of(redis.getHost(), redis.getPort());
          }
        })
        .withPropertyValues("parkinglot.store=redis", "parkinglot.key-prefix=starter-" + UUID.randomUUID() + ":",
            "spring.data.redis.host=no-such-host.invalid")
        .run(context -> {
          assertThat(context.getBean(TraceContextStore.class).name()).isEqualTo("redis");
          parkThenDeliverTwice(context.getBean(ParkingLot.class), "order-" + UUID.randomUUID());
        });
  }

  @Test
  void jdbcStoreUsesTheApplicationsDataSource() throws Exception {
    String table = "starter_" + UUID.randomUUID().toString().replace("-", "");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TckBackends.postgresJdbcUrl());
    config.setMaximumPoolSize(2);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      try {
        // The test owns the pool: the context must not close it, so that we can see the store did not either.
        runner.withBean(DataSource.class, () -> dataSource, definition -> definition.setDestroyMethodName(""))
            .withPropertyValues("parkinglot.store=jdbc", "parkinglot.jdbc.table=" + table,
                "parkinglot.jdbc.create-table=true")
            .run(context -> {
              assertThat(context.getBean(TraceContextStore.class).name()).isEqualTo("jdbc");
              String orderId = "order-" + UUID.randomUUID();
              telemetry.inSpan("checkout", span -> context.getBean(ParkingLot.class).park("payment:" + orderId));
              assertThat(rows(dataSource, table)).as("parked through the application's DataSource").isEqualTo(1);
            });
        assertThat(dataSource.isClosed()).as("the application's DataSource is left open").isFalse();
      } finally {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + table);
        }
      }
    }
  }

  @Test
  void dynamoDbStoreUsesTheApplicationsDynamoDbClientAndLeavesItOpen() {
    String table = "starter-" + UUID.randomUUID();
    try (DynamoDbClient client = DynamoDbClient.builder()
        .endpointOverride(URI.create(TckBackends.dynamoDbEndpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build()) {
      try {
        runner.withBean(DynamoDbClient.class, () -> client, definition -> definition.setDestroyMethodName(""))
            .withPropertyValues("parkinglot.store=dynamodb", "parkinglot.dynamodb.table=" + table,
                "parkinglot.dynamodb.create-table=true")
            .run(context -> {
              assertThat(context.getBean(TraceContextStore.class).name()).isEqualTo("dynamodb");
              parkThenDeliverTwice(context.getBean(ParkingLot.class), "order-" + UUID.randomUUID());
            });
        assertThat(client.listTables().tableNames()).as("the client still works after the context closed")
            .contains(table);
      } finally {
        client.deleteTable(request -> request.tableName(table));
      }
    }
  }

  /** Parks inside a checkout span, delivers the callback twice: linked both times, the second a duplicate. */
  private void parkThenDeliverTwice(ParkingLot lot, String orderId) {
    Span checkout = telemetry.inSpan("POST /checkout", span ->
        assertThat(lot.park("payment:" + orderId).isParked()).isTrue());
    CallbackConfig<String> webhook = CallbackConfig.builder("POST /webhooks/payment", (String id) -> "payment:" + id).build();
    Function<String, Boolean> deliver = lot.traceCallback(webhook, (context, id) -> context.duplicate());
    assertThat(deliver.apply(orderId)).isFalse();
    assertThat(deliver.apply(orderId)).isTrue();
    List<SpanData> deliveries = telemetry.named("POST /webhooks/payment");
    assertThat(deliveries).hasSize(2);
    for (SpanData delivery : deliveries) {
      assertThat(delivery.getLinks()).singleElement().satisfies(link -> {
        assertThat(link.getSpanContext().getTraceId()).isEqualTo(checkout.getSpanContext().getTraceId());
        assertThat(link.getSpanContext().getSpanId()).isEqualTo(checkout.getSpanContext().getSpanId());
      });
      assertThat(delivery.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isTrue();
    }
    assertThat(deliveries.get(1).getAttributes().get(ParkingLotAttributes.DUPLICATE)).isTrue();
  }

  private static int rows(DataSource dataSource, String table) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static String libraryMessage(Map<String, String> settings) {
    try {
      ParkingLots.builder().config(StoreConfig.of(settings));
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("the library accepted " + settings);
  }

  private static String libraryStoreMessage(String name) {
    try {
      dev.parkinglot.core.TraceContextStores.load(name, StoreConfig.of(Map.of()), ParkingLotAutoConfigurationTest.class.getClassLoader());
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("the library found a store named " + name);
  }

  /** The library's exception: the first IllegalArgumentException or ParkingLotException in the chain. */
  private static Throwable rootCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof IllegalArgumentException || cause instanceof dev.parkinglot.ParkingLotException) {
        return cause;
      }
    }
    throw new AssertionError("no library exception in", failure);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class BootApp {}
}
