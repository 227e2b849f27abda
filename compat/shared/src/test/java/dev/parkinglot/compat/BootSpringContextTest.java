package dev.parkinglot.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.core.ParkingLotAttributes;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.store.jdbc.JdbcTraceContextStore;
import dev.parkinglot.tck.TckBackends;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A lot defined as a bean on the DataSource that Spring Boot configures from spring.datasource.url. */
@SpringBootTest(classes = BootSpringContextTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class BootSpringContextTest {
  private static String postgresUrl;

  /** Skips (or, with PARKINGLOT_TCK_REQUIRE_ALL=true, fails) before the context is built. */
  @BeforeAll
  static void postgres() {
    postgresUrl = TckBackends.postgresJdbcUrl();
  }

  @DynamicPropertySource
  static void dataSource(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> postgresUrl);
  }

  @SpringBootApplication
  static class App {
    @Bean
    InMemorySpanExporter spanExporter() {
      return InMemorySpanExporter.create();
    }

    @Bean
    OpenTelemetrySdk openTelemetry(InMemorySpanExporter exporter) {
      return OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
          .build();
    }

    @Bean
    JdbcTraceContextStore parkingLotStore(DataSource dataSource) {
      String table = "compat_" + BootStoresTest.EXPECTED.getProperty("name") + "_ctx_" + UUID.randomUUID().toString().replace("-", "");
      return JdbcTraceContextStore.builder(dataSource).table(table).createTable(true).build();
    }

    @Bean
    ParkingLot parkingLot(JdbcTraceContextStore store, OpenTelemetry openTelemetry) {
      return ParkingLots.builder().store(store).openTelemetry(openTelemetry).build();
    }
  }

  @Autowired ParkingLot lot;
  @Autowired JdbcTraceContextStore store;
  @Autowired DataSource dataSource;
  @Autowired OpenTelemetry openTelemetry;
  @Autowired InMemorySpanExporter exporter;

  @Test
  void lotOnBootsDataSourceLinksTheCallbackToTheParkedSpan() {
    try {
      assertThat(dataSource).isInstanceOf(HikariDataSource.class);
      Span checkout = openTelemetry.getTracer("compat").spanBuilder("POST /checkout").startSpan();
      try (Scope ignored = checkout.makeCurrent()) {
        assertThat(lot.park("payment:order-1").isParked()).isTrue();
      } finally {
        checkout.end();
      }

      CallbackConfig<String> webhook = CallbackConfig.builder("webhook", (String id) -> "payment:" + id).build();
      lot.traceCallback(webhook, (context, id) -> id).apply("order-1");

      SpanData callback = exporter.getFinishedSpanItems().stream()
          .filter(span -> span.getName().equals("webhook")).findFirst().orElseThrow();
      assertThat(callback.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isTrue();
      assertThat(callback.getLinks()).singleElement().satisfies(link -> {
        assertThat(link.getSpanContext().getTraceId()).isEqualTo(checkout.getSpanContext().getTraceId());
        assertThat(link.getSpanContext().getSpanId()).isEqualTo(checkout.getSpanContext().getSpanId());
      });
    } finally {
      new JdbcTemplate(dataSource).execute("DROP TABLE IF EXISTS " + store.table());
    }
  }
}
