package dev.parkinglot.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.core.ParkingLotAttributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The shop over real HTTP on a random port, with the real SDK exporting to memory: a checkout
 * parks; the provider's webhook, delivered twice, is linked to the checkout both times and the
 * second delivery is marked duplicate; Actuator shows the store's health and the lot's metrics.
 * Subclasses pick the store by properties alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "demo.auto-checkout=false")
@Import(ShopFlowTest.Exporter.class)
abstract class ShopFlowTest {
  private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");

  /** The exported spans, beside the application's logging exporter. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Exporter {
    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
      return InMemorySpanExporter.create();
    }
  }

  @Autowired InMemorySpanExporter spans;
  @Autowired Environment environment;
  private final HttpClient http = HttpClient.newHttpClient();

  /** The store this run must be on, as the health endpoint names it. */
  abstract String expectedStore();

  @BeforeEach
  void clear() {
    spans.reset();
  }

  @Test
  void checkoutParksTheWebhookLinksAndTheRedeliveryIsMarkedDuplicate() throws Exception {
    HttpResponse<String> checkout = post("/checkout", "{\"amount\":\"42.00\"}");
    assertThat(checkout.statusCode()).isEqualTo(200);
    Matcher matcher = ORDER_ID.matcher(checkout.body());
    assertThat(matcher.find()).as(checkout.body()).isTrue();
    String orderId = matcher.group(1);

    List<SpanData> webhooks = awaitSpans("payment webhook", 2);
    // The server span of a request ends after its response is written: wait for both.
    awaitSpans("POST /webhooks/payment", 2);
    SpanData checkoutSpan = spans.getFinishedSpanItems().stream()
        .filter(span -> span.getName().equals("POST /checkout")).findFirst().orElseThrow();

    for (SpanData webhook : webhooks) {
      assertThat(webhook.getTraceId()).as("the webhook is a trace of its own").isNotEqualTo(checkoutSpan.getTraceId());
      assertThat(webhook.getLinks()).singleElement().satisfies(link -> {
        assertThat(link.getSpanContext().getTraceId()).isEqualTo(checkoutSpan.getTraceId());
        assertThat(link.getSpanContext().getSpanId()).isEqualTo(checkoutSpan.getSpanId());
        assertThat(link.getAttributes().get(ParkingLotAttributes.LINK_TYPE)).isEqualTo("parking_lot");
      });
      assertThat(webhook.getAttributes().get(ParkingLotAttributes.CORRELATION_KEY)).isEqualTo("payment:" + orderId);
      assertThat(webhook.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isTrue();
      assertThat(webhook.getAttributes().get(ParkingLotAttributes.ORIGINAL_TRACE_ID)).isEqualTo(checkoutSpan.getTraceId());
      // Inside the HTTP server span of the webhook request.
      SpanData server = spans.getFinishedSpanItems().stream()
          .filter(span -> span.getSpanId().equals(webhook.getParentSpanId())).findFirst().orElseThrow();
      assertThat(server.getName()).isEqualTo("POST /webhooks/payment");
      assertThat(webhook.getKind()).as("under the HTTP server span").isEqualTo(SpanKind.INTERNAL);
    }
    assertThat(webhooks.get(0).getAttributes().get(ParkingLotAttributes.DUPLICATE)).isNotEqualTo(Boolean.TRUE);
    assertThat(webhooks.get(1).getAttributes().get(ParkingLotAttributes.DUPLICATE)).isTrue();
    afterFlow();
  }

  /** What a store's test checks once the flow ran. */
  void afterFlow() {}

  @Test
  void runsOnTheSpringBootOfItsModule() {
    assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("example.spring-boot.version"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void actuatorShowsTheStoresHealthAndTheLotsMetrics() throws Exception {
    post("/checkout", "{\"amount\":\"1.00\"}");
    awaitSpans("payment webhook", 2);

    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    Map<String, Object> parkingLot = (Map<String, Object>) ((Map<String, Object>)
        JsonParserFactory.getJsonParser().parseMap(health.body()).get("components")).get("parkingLot");
    assertThat(parkingLot).containsEntry("status", "UP")
        .containsEntry("details", Map.of("store", expectedStore()));

    HttpResponse<String> parks = get("/actuator/metrics/parking_lot.parks?tag=parking_lot.park.outcome:stored");
    assertThat(parks.statusCode()).as(get("/actuator/metrics").body()).isEqualTo(200);
    assertThat(parks.body()).contains("\"statistic\":\"COUNT\"").contains("parking_lot.store");
    HttpResponse<String> duplicates = get("/actuator/metrics/parking_lot.claims?tag=parking_lot.claim.outcome:duplicate");
    assertThat(duplicates.statusCode()).as(duplicates.body()).isEqualTo(200);
  }

  private List<SpanData> awaitSpans(String name, int count) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    List<SpanData> found;
    do {
      found = spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name))
          .collect(Collectors.toList());
      if (found.size() >= count) {
        return found;
      }
      Thread.sleep(20);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("expected " + count + " '" + name + "' spans within 20 s, got " + found.size()
        + ": " + spans.getFinishedSpanItems());
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") + path);
  }

}
