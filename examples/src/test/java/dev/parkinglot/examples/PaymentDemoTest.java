package dev.parkinglot.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.spi.StoreConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the demo's flow in-process, against the real SDK, and checks the spans it leaves. */
class PaymentDemoTest {
  private static final AttributeKey<String> CORRELATION_KEY = AttributeKey.stringKey("parking_lot.correlation_key");

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private static final AttributeKey<Boolean> DUPLICATE = AttributeKey.booleanKey("parking_lot.duplicate");
  private static final AttributeKey<String> STORE = AttributeKey.stringKey("parking_lot.store");
  private static final AttributeKey<String> CALLBACK = AttributeKey.stringKey("parking_lot.callback.name");
  private static final AttributeKey<String> CLAIM_OUTCOME = AttributeKey.stringKey("parking_lot.claim.outcome");

  private final SpanCollector collector = new SpanCollector();
  private final InMemoryMetricReader metricReader = InMemoryMetricReader.create();
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void sdk() {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .addSpanProcessor(collector)
            .build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metricReader).build())
        .build();
  }

  @AfterEach
  void close() {
    sdk.close();
  }

  private PaymentDemo.Outcome runDemo(ByteArrayOutputStream log) throws Exception {
    StoreConfig memory = StoreConfig.of(Map.of("parkinglot.store", "memory"));
    return PaymentDemo.run(sdk, memory, Duration.ofMillis(50),
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void theWebhookSpanLinksToThePaymentSpanOfTheCheckout() throws Exception {
    PaymentDemo.Outcome outcome = runDemo(new ByteArrayOutputStream());

    assertThat(outcome.checkout().statusCode()).isEqualTo(201);
    assertThat(outcome.webhook().statusCode()).isEqualTo(200);
    assertThat(outcome.orderState()).isEqualTo("PAID");
    String key = "payment:" + outcome.orderId();

    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData checkout = only(spans, "POST /checkout");
    SpanData payment = only(spans, "POST /v1/payments");
    List<SpanData> webhooks = named(spans, "POST /webhooks/payment");
    assertThat(webhooks).hasSize(3);
    SpanData webhook = webhooks.stream()
        .filter(s -> key.equals(s.getAttributes().get(CORRELATION_KEY)))
        .filter(s -> s.getAttributes().get(DUPLICATE) == null)
        .findFirst().orElseThrow();

    // The checkout trace: SERVER root, CLIENT child that parked its context.
    assertThat(checkout.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(SpanId.isValid(checkout.getParentSpanId())).isFalse();
    assertThat(payment.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(payment.getTraceId()).isEqualTo(checkout.getTraceId());
    assertThat(payment.getParentSpanId()).isEqualTo(checkout.getSpanId());
    EventData parked = onlyEvent(payment.getEvents(), "trace_context_parked");
    assertThat(parked.getAttributes().get(CORRELATION_KEY)).isEqualTo(key);

    // The webhook trace: a new trace, whose SERVER span links to the payment span.
    assertThat(webhook.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(webhook.getTraceId()).isNotEqualTo(checkout.getTraceId());
    assertThat(SpanId.isValid(webhook.getParentSpanId())).isFalse();
    assertThat(webhook.getLinks()).hasSize(1);
    LinkData link = webhook.getLinks().get(0);
    assertThat(link.getSpanContext().getTraceId()).isEqualTo(payment.getTraceId());
    assertThat(link.getSpanContext().getSpanId()).isEqualTo(payment.getSpanId());
    assertThat(link.getSpanContext().isRemote()).isTrue();
    assertThat(link.getSpanContext().isSampled()).isTrue();
    assertThat(link.getAttributes().get(AttributeKey.stringKey("parking_lot.link.type"))).isEqualTo("parking_lot");
    assertThat(link.getAttributes().get(AttributeKey.stringKey("link.type"))).isEqualTo("parking_lot");
    assertThat(link.getAttributes().get(AttributeKey.longKey("parking_lot.parked_at")))
        .isBetween(checkout.getStartEpochNanos() / 1_000_000 - 1, checkout.getEndEpochNanos() / 1_000_000 + 1);

    assertThat(webhook.getAttributes().get(AttributeKey.stringKey("parking_lot.original_trace_id")))
        .isEqualTo(payment.getTraceId());
    assertThat(webhook.getAttributes().get(AttributeKey.stringKey("parking_lot.original_span_id")))
        .isEqualTo(payment.getSpanId());
    assertThat(webhook.getAttributes().get(AttributeKey.longKey("parking_lot.elapsed_ms"))).isNotNegative();
    assertThat(webhook.getAttributes().get(AttributeKey.stringKey("parking_lot.metadata.orderId")))
        .isEqualTo(outcome.orderId());
    assertThat(webhook.getAttributes().get(AttributeKey.stringKey("parking_lot.metadata.amount")))
        .isEqualTo("49.90");
    assertThat(webhook.getAttributes().get(AttributeKey.stringKey("parking_lot.metadata.currency")))
        .isEqualTo("EUR");
    assertThat(webhook.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/webhooks/payment");
    assertThat(webhook.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(webhook.getEvents()).extracting(EventData::getName).contains("parked_context_retrieved");

    // The handler's own work is a child of the webhook span.
    SpanData fulfil = only(spans, "fulfil order");
    assertThat(fulfil.getParentSpanId()).isEqualTo(webhook.getSpanId());
    assertThat(fulfil.getTraceId()).isEqualTo(webhook.getTraceId());
  }

  @Test
  void theRedeliveredWebhookLinksToThePaymentSpanIsMarkedADuplicateAndIsNotFulfilledAgain() throws Exception {
    PaymentDemo.Outcome outcome = runDemo(new ByteArrayOutputStream());

    assertThat(outcome.redeliveredWebhook().statusCode()).isEqualTo(200);
    assertThat(outcome.redeliveredWebhook().body())
        .isEqualTo(outcome.orderId() + " already paid: duplicate delivery, nothing done");
    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData payment = only(spans, "POST /v1/payments");
    List<SpanData> duplicates = named(spans, "POST /webhooks/payment").stream()
        .filter(s -> Boolean.TRUE.equals(s.getAttributes().get(DUPLICATE))).collect(Collectors.toList());
    assertThat(duplicates).hasSize(1);
    SpanData redelivery = duplicates.get(0);
    assertThat(redelivery.getAttributes().get(CORRELATION_KEY)).isEqualTo("payment:" + outcome.orderId());
    assertThat(redelivery.getAttributes().get(AttributeKey.booleanKey("parking_lot.context_found"))).isTrue();
    assertThat(redelivery.getLinks()).hasSize(1);
    assertThat(redelivery.getLinks().get(0).getSpanContext().getSpanId()).isEqualTo(payment.getSpanId());
    assertThat(redelivery.getLinks().get(0).getSpanContext().getTraceId()).isEqualTo(payment.getTraceId());
    assertThat(only(spans, "fulfil order").getParentSpanId()).as("fulfilled by the first delivery only")
        .isNotEqualTo(redelivery.getSpanId());
  }

  @Test
  void theLotsMetricsCountTheParkTheHitTheDuplicateTheMissAndTheWait() throws Exception {
    runDemo(new ByteArrayOutputStream());

    Map<Attributes, Long> claims = new HashMap<>();
    HistogramPointData wait = null;
    long parks = 0;
    for (MetricData metric : metricReader.collectAllMetrics()) {
      assertThat(metric.getInstrumentationScopeInfo().getName()).isEqualTo("dev.parkinglot");
      switch (metric.getName()) {
        case "parking_lot.parks" -> parks = metric.getLongSumData().getPoints().stream()
            .mapToLong(p -> p.getValue()).sum();
        case "parking_lot.claims" -> metric.getLongSumData().getPoints().forEach(p -> claims.put(
            Attributes.builder().putAll(p.getAttributes()).build(), p.getValue()));
        case "parking_lot.wait.duration" -> wait = metric.getHistogramData().getPoints().iterator().next();
        default -> { }
      }
    }
    assertThat(parks).isEqualTo(1);
    assertThat(claims).isEqualTo(Map.of(
        claim("hit"), 1L, claim("duplicate"), 1L, claim("miss"), 1L));
    assertThat(wait).isNotNull();
    assertThat(wait.getCount()).isEqualTo(1);
    assertThat(wait.getAttributes().get(CALLBACK)).isEqualTo("POST /webhooks/payment");
    long elapsedMs = named(exporter.getFinishedSpanItems(), "POST /webhooks/payment").stream()
        .filter(s -> s.getAttributes().get(DUPLICATE) == null && !s.getLinks().isEmpty())
        .findFirst().orElseThrow().getAttributes().get(AttributeKey.longKey("parking_lot.elapsed_ms"));
    assertThat(wait.getSum()).as("the wait in seconds, as the span's elapsed_ms").isEqualTo(elapsedMs / 1000.0);
  }

  private static Attributes claim(String outcome) {
    return Attributes.of(STORE, "memory", CALLBACK, "POST /webhooks/payment", CLAIM_OUTCOME, outcome);
  }

  @Test
  void aWebhookForAnUnknownOrderRunsWithoutALinkAndSaysSo() throws Exception {
    PaymentDemo.Outcome outcome = runDemo(new ByteArrayOutputStream());

    assertThat(outcome.unknownOrderWebhook().statusCode()).isEqualTo(202);
    SpanData miss = named(exporter.getFinishedSpanItems(), "POST /webhooks/payment").stream()
        .filter(s -> ("payment:" + PaymentDemo.UNKNOWN_ORDER).equals(s.getAttributes().get(CORRELATION_KEY)))
        .findFirst().orElseThrow();
    assertThat(miss.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(miss.getLinks()).isEmpty();
    assertThat(miss.getAttributes().get(AttributeKey.booleanKey("parking_lot.context_found"))).isFalse();
    assertThat(miss.getAttributes().get(AttributeKey.longKey("parking_lot.elapsed_ms"))).isNull();
    assertThat(miss.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(202L);
  }

  @Test
  void thePrintoutShowsBothTracesTheLinkAndTheWait() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PaymentDemo.Outcome outcome = runDemo(log);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream printer = new PrintStream(printed, true, StandardCharsets.UTF_8);
    new TracePrinter(printer).print(collector.spans());
    new MetricsPrinter(printer).print(metricReader.collectAllMetrics());

    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData payment = only(spans, "POST /v1/payments");
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("Trace 1  " + payment.getTraceId())
        .contains("`-- POST /v1/payments  [CLIENT]")
        .contains("--link--> POST /v1/payments, trace 1 (trace " + payment.getTraceId() + ", span "
            + payment.getSpanId() + ")")
        .contains("(parking_lot.elapsed_ms)")
        .contains("parking_lot.context_found=false")
        .contains("no link: nothing was parked under this key")
        .contains("parking_lot.duplicate=true")
        .contains("a redelivery (parking_lot.duplicate=true): the first delivery consumed the context")
        .contains("Metrics  (scope dev.parkinglot; store memory; callback 'POST /webhooks/payment')")
        .containsPattern("parking_lot.parks \\(\\{park\\}\\) +stored=1\\R")
        .containsPattern("parking_lot.claims \\(\\{claim\\}\\) +duplicate=1  hit=1  miss=1\\R")
        .containsPattern("parking_lot.wait.duration \\(s\\) +count=1  sum=\\d+\\.\\d{3} s\\R")
        .containsPattern("parking_lot.store.operation.duration \\(s\\) +claim=3 \\([0-9.]+ ms\\)  save=1 ");
    assertThat(text.lines().filter(l -> l.startsWith("Trace ")).count()).isEqualTo(4);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("(" + outcome.orderId() + ", redelivered) -> 200, " + outcome.orderId() + " already paid:"
            + " duplicate delivery, nothing done")
        .contains("POST /checkout -> 201, " + outcome.orderId())
        .contains("(" + PaymentDemo.UNKNOWN_ORDER + ") -> 202");
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> matching = named(spans, name);
    assertThat(matching).as("spans named '%s'", name).hasSize(1);
    return matching.get(0);
  }

  private static EventData onlyEvent(List<EventData> events, String name) {
    List<EventData> matching = events.stream().filter(e -> e.getName().equals(name)).collect(Collectors.toList());
    assertThat(matching).as("events named '%s'", name).hasSize(1);
    return matching.get(0);
  }

  private static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }
}
