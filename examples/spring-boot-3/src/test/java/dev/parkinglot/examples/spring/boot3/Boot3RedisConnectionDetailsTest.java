package dev.parkinglot.examples.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.core.ParkingLotAttributes;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spring.ParkingLotAutoConfiguration;
import dev.parkinglot.tck.TckBackends;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Spring Boot 3's own Redis connection details type ({@code RedisConnectionDetails}, which Boot 4
 * renamed): the starter connects the Redis store where such a bean points (a service connection),
 * not where the properties do.
 */
class Boot3RedisConnectionDetailsTest {
  @Test
  void redisStoreConnectsWhereBoot3sConnectionDetailsPoint() {
    URI redis = URI.create(TckBackends.redisUrl());
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ParkingLotAutoConfiguration.class))
          .withBean(OpenTelemetry.class, () -> sdk)
          .withBean(RedisConnectionDetails.class, () -> new RedisConnectionDetails() {
            @Override
            public Standalone getStandalone() {
              return Standalone.of(redis.getHost(), redis.getPort());
            }
          })
          .withPropertyValues("parkinglot.store=redis", "parkinglot.key-prefix=boot3-" + UUID.randomUUID() + ":",
              "spring.data.redis.host=no-such-host.invalid")
          .run(context -> {
            assertThat(context.getBean(TraceContextStore.class).name()).isEqualTo("redis");
            ParkingLot lot = context.getBean(ParkingLot.class);
            Span checkout = sdk.getTracer("test").spanBuilder("POST /checkout").startSpan();
            try (Scope ignored = checkout.makeCurrent()) {
              assertThat(lot.park("payment:order-1").isParked()).isTrue();
            } finally {
              checkout.end();
            }
            lot.traceCallback(CallbackConfig.builder("webhook", (String id) -> "payment:" + id).build(),
                (callback, id) -> id).apply("order-1");
            assertThat(spans.getFinishedSpanItems()).filteredOn(span -> span.getName().equals("webhook"))
                .singleElement().satisfies(webhook -> {
                  assertThat(webhook.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isTrue();
                  assertThat(webhook.getLinks()).singleElement().satisfies(link ->
                      assertThat(link.getSpanContext().getSpanId()).isEqualTo(checkout.getSpanContext().getSpanId()));
                });
          });
    }
  }
}
