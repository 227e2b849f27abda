package dev.parkinglot.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.core.ParkingLotAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A WebFlux controller whose handler returns a Mono, over real HTTP (Netty, random port): the
 * callback span is linked, covers the work the Mono does on another thread after the handler
 * method returned, and the redelivery is marked duplicate.
 */
class WebFluxCallbackTest {
  private static final TestTelemetry TELEMETRY = new TestTelemetry();

  @RestController
  static class Webhooks {
    @PostMapping("/checkout/{orderId}")
    @Park(key = "'payment:' + #orderId")
    Mono<String> checkout(@PathVariable String orderId) {
      return Mono.just("parked");
    }

    @PostMapping("/webhooks/{orderId}")
    @TraceCallback(key = "'payment:' + #orderId", name = "reactive webhook")
    Mono<String> webhook(@PathVariable String orderId) {
      Context callback = Context.current();
      boolean duplicate = ParkingLotCallbacks.current().orElseThrow().duplicate();
      return Mono.delay(Duration.ofMillis(20)).map(tick -> {
        // Work done on a Reactor thread after the handler method returned, inside the callback span.
        Span work = TELEMETRY.sdk.getTracer("test").spanBuilder("after the delay").setParent(callback).startSpan();
        work.end();
        return duplicate ? "duplicate" : "paid";
      });
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Webhooks.class)
  static class App {
    @Bean
    OpenTelemetry openTelemetry() {
      return TELEMETRY.sdk;
    }
  }

  @Test
  void aMonoHandlersSpanIsLinkedAndEndsWhenTheMonoCompletes() throws Exception {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.REACTIVE)
        .properties("server.port=0", "spring.config.name=none")
        .run()) {
      String port = context.getEnvironment().getRequiredProperty("local.server.port");
      Span checkout = TELEMETRY.inSpan("POST /checkout", span -> { });
      // The checkout request itself has no server span here: park under an explicit one.
      try (io.opentelemetry.context.Scope ignored = checkout.makeCurrent()) {
        context.getBean(Webhooks.class).checkout("order-7").block();
      }
      assertThat(post(port, "/webhooks/order-7")).isEqualTo("paid");
      assertThat(post(port, "/webhooks/order-7")).isEqualTo("duplicate");

      List<SpanData> webhooks = TELEMETRY.named("reactive webhook");
      assertThat(webhooks).hasSize(2);
      List<SpanData> work = TELEMETRY.named("after the delay");
      for (int i = 0; i < 2; i++) {
        SpanData webhook = webhooks.get(i);
        assertThat(webhook.getLinks()).singleElement().satisfies(link ->
            assertThat(link.getSpanContext().getSpanId()).isEqualTo(checkout.getSpanContext().getSpanId()));
        assertThat(webhook.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isTrue();
        assertThat(work.get(i).getParentSpanId()).isEqualTo(webhook.getSpanId());
        assertThat(webhook.getEndEpochNanos()).as("the span ends after the Mono's work")
            .isGreaterThanOrEqualTo(work.get(i).getEndEpochNanos());
      }
      assertThat(webhooks.get(1).getAttributes().get(ParkingLotAttributes.DUPLICATE)).isTrue();
    } finally {
      TELEMETRY.close();
    }
  }

  private static String post(String port, String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
