package dev.parkinglot.store.dynamodb;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.core.ParkingLotAttributes;
import dev.parkinglot.core.ParkingLots;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real parking lot (parking-lot-core) and the real OpenTelemetry SDK on the DynamoDB store: the
 * link across the gap when DynamoDB answers, fail-open when it cannot be reached.
 */
class DynamoDbParkingLotTest {
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  private static final CallbackConfig<String> WEBHOOK =
      CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build();

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private OpenTelemetrySdk openTelemetry;
  private Tracer tracer;
  private final AtomicReference<CallbackContext> seen = new AtomicReference<>();

  @BeforeEach
  void sdk() {
    openTelemetry =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    tracer = openTelemetry.getTracer("test");
  }

  @AfterEach
  void closeSdk() {
    openTelemetry.close();
  }

  private ParkResult parkInCheckout(ParkingLot lot) {
    Span checkout = tracer.spanBuilder("checkout").startSpan();
    try (Scope ignored = checkout.makeCurrent()) {
      return lot.park("payment:order-1", Map.of("orderId", "order-1"));
    } finally {
      checkout.end();
    }
  }

  private String handle(CallbackContext context, String orderId) {
    seen.set(context);
    return "handled " + orderId;
  }

  private SpanData span(String name) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .reduce((a, b) -> {
          throw new AssertionError("more than one span named " + name);
        })
        .orElseThrow(() -> new AssertionError("no span named " + name));
  }

  @Test
  void callbackSpanLinksBackToTheSpanParkedInDynamoDb() {
    try (DynamoDbClient client = DynamoDbTestSupport.client(DynamoDbTestSupport.endpoint())) {
      String table = DynamoDbTestSupport.uniqueTable();
      DynamoDbTables.createTable(client, table);
      try (DynamoDbTraceContextStore store = DynamoDbTraceContextStore.builder(client, table).build();
          ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(openTelemetry).build()) {
        assertThat(parkInCheckout(lot).status()).isEqualTo(ParkResult.Status.PARKED);

        assertThat(lot.traceCallback(WEBHOOK, this::handle).apply("order-1")).isEqualTo("handled order-1");

        SpanData checkout = span("checkout");
        SpanData webhook = span("payment.webhook");
        assertThat(webhook.getTraceId()).isNotEqualTo(checkout.getTraceId());
        assertThat(webhook.getLinks()).singleElement().satisfies((LinkData link) -> {
          assertThat(link.getSpanContext().getTraceId()).isEqualTo(checkout.getTraceId());
          assertThat(link.getSpanContext().getSpanId()).isEqualTo(checkout.getSpanId());
          assertThat(link.getAttributes().get(AttributeKey.stringKey("parking_lot.link.type")))
              .isEqualTo("parking_lot");
        });
        assertThat(webhook.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isTrue();
        assertThat(webhook.getAttributes().get(ParkingLotAttributes.STORE_ERROR)).isNull();
        assertThat(seen.get().parkedContext()).hasValueSatisfying(
            parked -> assertThat(parked.metadata()).containsEntry("orderId", "order-1"));
        assertThat(store.load(StoreKey.of("parkingLot:payment:order-1")))
            .as("the callback claimed the entry and left its tombstone (duplicate detection is on by default)")
            .hasValueSatisfying(tombstone -> assertThat(tombstone.isConsumed()).isTrue());
      } finally {
        DynamoDbTestSupport.deleteTable(client, table);
      }
    }
  }

  @Test
  void unreachableDynamoDbFailsOpenParkFailsAndTheCallbackRunsWithoutALink() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (DynamoDbClient client = DynamoDbUnreachableTest.unreachableClient("http://127.0.0.1:" + port);
        DynamoDbTraceContextStore store =
            DynamoDbTraceContextStore.builder(client, "parking-lot").verifyTable(false).build();
        ParkingLot lot = ParkingLots.builder().store(store).openTelemetry(openTelemetry).build()) {

      ParkResult parked = parkInCheckout(lot);
      String result = lot.traceCallback(WEBHOOK, this::handle).apply("order-1");

      assertThat(parked.status()).isEqualTo(ParkResult.Status.FAILED);
      assertThat(parked.failure()).hasValueSatisfying(failure -> assertThat(failure)
          .isInstanceOf(StoreUnavailableException.class)
          .hasCauseInstanceOf(SdkClientException.class));
      SpanData checkout = span("checkout");
      assertThat(checkout.getAttributes().get(ParkingLotAttributes.STORE_ERROR)).isTrue();
      assertThat(checkout.getEvents()).extracting(EventData::getName).containsExactly("exception");
      assertThat(checkout.getEvents().get(0).getAttributes().get(EXCEPTION_TYPE))
          .isEqualTo(StoreUnavailableException.class.getName());
      assertThat(checkout.getEvents().get(0).getAttributes().get(EXCEPTION_MESSAGE))
          .startsWith("DynamoDB PutItem on table 'parking-lot' failed at region us-east-1, endpoint http://127.0.0.1:"
              + port);

      assertThat(result).isEqualTo("handled order-1");
      SpanData webhook = span("payment.webhook");
      assertThat(webhook.getLinks()).isEmpty();
      assertThat(webhook.getAttributes().get(ParkingLotAttributes.STORE_ERROR)).isTrue();
      assertThat(webhook.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isFalse();
      assertThat(webhook.getEvents()).extracting(EventData::getName).containsExactly("exception");
      assertThat(webhook.getEvents().get(0).getAttributes().get(EXCEPTION_MESSAGE))
          .startsWith("DynamoDB UpdateItem/GetItem (claim)");
      assertThat(seen.get().storeFailed()).isTrue();
      assertThat(seen.get().parkedContext()).isEmpty();
    }
  }
}
