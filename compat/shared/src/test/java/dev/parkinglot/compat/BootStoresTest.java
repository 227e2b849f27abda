package dev.parkinglot.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.core.JsonFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CorrelationKeys;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.core.ParkingLotAttributes;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.store.jdbc.JdbcTraceContextStore;
import dev.parkinglot.store.memory.MemoryTraceContextStore;
import dev.parkinglot.store.redis.RedisTraceContextStore;
import dev.parkinglot.tck.TckBackends;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A consumer under spring-boot-starter-parent (3.x or 4.x: the module's
 * expected-versions.properties names its versions) with Boot's managed versions: the class path
 * really holds them, and a lot on the memory, Redis and PostgreSQL stores parks, links and marks a
 * redelivery, with the real OpenTelemetry SDK of that version.
 */
class BootStoresTest {
  /** The versions Boot manages in this module, and the module's short name. */
  static final java.util.Properties EXPECTED = CompatVersions.expected();

  private static final String WEBHOOK_SPAN = "POST /webhooks/payment";
  private static final CallbackConfig<String> WEBHOOK =
      CallbackConfig.builder(WEBHOOK_SPAN, (String orderId) -> CorrelationKeys.of("payment", orderId)).build();

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
          .build();

  @AfterEach
  void closeSdk() {
    sdk.close();
  }

  @Test
  void classPathHoldsTheVersionsSpringBootManages() throws IOException {
    assertThat(jarManifestVersion(OpenTelemetry.class)).isEqualTo(EXPECTED.getProperty("opentelemetry"));
    assertThat(jarManifestVersion(UnifiedJedis.class)).isEqualTo(EXPECTED.getProperty("jedis"));
    assertThat(jarManifestVersion(HikariDataSource.class)).isEqualTo(EXPECTED.getProperty("hikaricp"));
    assertThat(jarManifestVersion(Caffeine.class)).isEqualTo(EXPECTED.getProperty("caffeine"));
    assertThat(jarManifestVersion(JsonFactory.class)).isEqualTo(EXPECTED.getProperty("jackson"));
    // What the library must do without on these versions.
    assertThat(Arrays.stream(DoubleHistogram.class.getMethods()).map(Method::getName))
        .as("DoubleHistogram.isEnabled first appears in opentelemetry-api 1.61.0")
        .doesNotContain("isEnabled");
    assertThatThrownBy(() -> Class.forName("redis.clients.jedis.RedisClient"))
        .as("RedisClient is not in Jedis %s", EXPECTED.getProperty("jedis"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void memoryStoreParksAndLinks() {
    try (MemoryTraceContextStore store = MemoryTraceContextStore.builder().build()) {
      parkThenDeliverTwice(store, "parkingLot:");
    }
  }

  @Test
  void redisStoreParksAndLinks() {
    String url = TckBackends.redisUrl();
    try (RedisTraceContextStore store = RedisTraceContextStore.builder().url(url).build()) {
      parkThenDeliverTwice(store, "compat-" + EXPECTED.getProperty("name") + "-" + UUID.randomUUID() + ":");
    }
  }

  @Test
  void postgresqlStoreParksAndLinks() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TckBackends.postgresJdbcUrl());
    config.setMaximumPoolSize(2);
    String table = "compat_" + EXPECTED.getProperty("name") + "_" + UUID.randomUUID().toString().replace("-", "");
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      try (JdbcTraceContextStore store =
          JdbcTraceContextStore.builder(dataSource).table(table).createTable(true).build()) {
        parkThenDeliverTwice(store, "parkingLot:");
      } finally {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + table);
        }
      }
    }
  }

  /** Parks inside a checkout span, then delivers the webhook twice: a link each time, the second a duplicate. */
  private void parkThenDeliverTwice(TraceContextStore store, String keyPrefix) {
    try (ParkingLot lot = ParkingLots.builder()
        .store(store)
        .keyPrefix(keyPrefix)
        .defaultTtl(Duration.ofMinutes(5))
        .duplicateDetection(Duration.ofMinutes(5))
        .openTelemetry(sdk)
        .build()) {
      String orderId = "order-" + UUID.randomUUID();
      Span checkout = sdk.getTracer("compat").spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER).startSpan();
      ParkResult parked;
      try (Scope ignored = checkout.makeCurrent()) {
        parked = lot.park(CorrelationKeys.of("payment", orderId));
      } finally {
        checkout.end();
      }
      assertThat(parked.isParked()).as("park on %s", store.name()).isTrue();

      Function<String, String> webhook =
          lot.traceCallback(WEBHOOK, (context, id) -> context.duplicate() ? "already paid" : "paid");
      assertThat(webhook.apply(orderId)).isEqualTo("paid");
      assertThat(webhook.apply(orderId)).isEqualTo("already paid");

      List<SpanData> deliveries = exporter.getFinishedSpanItems().stream()
          .filter(span -> span.getName().equals(WEBHOOK_SPAN))
          .collect(Collectors.toList());
      assertThat(deliveries).hasSize(2);
      SpanContext parkedBy = checkout.getSpanContext();
      for (SpanData delivery : deliveries) {
        assertThat(delivery.getTraceId()).as("a new trace").isNotEqualTo(parkedBy.getTraceId());
        assertThat(delivery.getLinks()).singleElement().satisfies(link -> {
          assertThat(link.getSpanContext().getTraceId()).isEqualTo(parkedBy.getTraceId());
          assertThat(link.getSpanContext().getSpanId()).isEqualTo(parkedBy.getSpanId());
        });
        assertThat(delivery.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isTrue();
      }
      assertThat(deliveries.get(0).getAttributes().get(ParkingLotAttributes.DUPLICATE)).isNotEqualTo(Boolean.TRUE);
      assertThat(deliveries.get(1).getAttributes().get(ParkingLotAttributes.DUPLICATE)).isTrue();
    }
  }

  /** The version in the manifest of the jar a class was loaded from (Implementation- or Bundle-Version). */
  private static String jarManifestVersion(Class<?> type) throws IOException {
    Path jar;
    try {
      jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      var attributes = file.getManifest().getMainAttributes();
      String version = attributes.getValue("Implementation-Version");
      return version != null ? version : attributes.getValue("Bundle-Version");
    }
  }
}
