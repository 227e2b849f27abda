package dev.parkinglot.examples;

import dev.parkinglot.ParkingLot;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.StoreConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/*
 * main() is what a person runs; run() is the flow itself, which the test drives in-process against
 * an SDK with an in-memory exporter. The store is chosen by configuration alone (parkinglot.store /
 * PARKINGLOT_STORE, memory when unset), so the same demo runs on Redis, JDBC or DynamoDB once their
 * store modules are on the class path.
 */

/**
 * The demo: a customer checks out, the shop parks its trace context and asks the payment provider
 * for a payment, the provider calls the shop's webhook about 1.5 s later, and the webhook's span
 * links back to the checkout. The provider then delivers the same webhook again, as providers do
 * when a response is lost: it links too, is marked a duplicate, and the shop skips the work. Then a
 * webhook for an order the shop never parked shows a miss. At the end the lot's metrics are printed.
 *
 * <pre>{@code
 * mvn -q -pl examples -am -Pdemo -DskipTests verify
 * }</pre>
 */
public final class PaymentDemo {
  /** The delay of the provider's webhook in the runnable demo. */
  public static final Duration WEBHOOK_DELAY = Duration.ofMillis(1500);
  /** The order id of the webhook the shop never parked anything for. */
  public static final String UNKNOWN_ORDER = "order-9999";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private PaymentDemo() {}

  /** What one run of the flow produced. */
  public record Outcome(String orderId, String paymentId, String orderState,
      HttpResponse<String> checkout, HttpResponse<String> webhook, HttpResponse<String> redeliveredWebhook,
      HttpResponse<String> unknownOrderWebhook) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> environment = System.getenv();
    StoreConfig config = storeConfig(environment);
    SpanCollector collector = new SpanCollector();
    MetricCollector metrics = new MetricCollector();
    OpenTelemetrySdk sdk = DemoTelemetry.create(collector, metrics, environment);
    PrintStream out = System.out;
    try {
      out.println("Parking Lot demo: a checkout, a payment webhook 1.5 s later, and the link between them");
      out.println("  store:  " + config.get(StoreConfig.STORE).orElse("memory")
          + "  (parkinglot.store / PARKINGLOT_STORE)");
      out.println("  spans and metrics:  " + DemoTelemetry.exportTarget(environment));
      out.println();
      run(sdk, config, WEBHOOK_DELAY, out);
      sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
      new TracePrinter(out).print(collector.spans());
      new MetricsPrinter(out).print(metrics.collect());
    } finally {
      sdk.close();
    }
  }

  /**
   * Runs the whole flow: a shop on a loopback port, a checkout, the provider's webhook after {@code
   * webhookDelay}, the same webhook redelivered, and a webhook for {@link #UNKNOWN_ORDER}. Every span
   * has ended when it returns.
   *
   * @throws IOException if the shop cannot listen or a request fails
   */
  public static Outcome run(
      OpenTelemetry openTelemetry, StoreConfig config, Duration webhookDelay, PrintStream out)
      throws IOException, InterruptedException {
    Objects.requireNonNull(openTelemetry, "openTelemetry must not be null");
    try (ParkingLot lot = ParkingLots.builder().config(config).openTelemetry(openTelemetry).build();
        Shop shop = new Shop(lot, openTelemetry);
        PaymentProvider provider = new PaymentProvider(shop.webhookUri(), webhookDelay)) {
      shop.usePaymentProvider(provider);
      out.println("shop      listening on " + shop.baseUri());

      HttpClient customer = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpResponse<String> checkout = customer.send(
          HttpRequest.newBuilder(shop.baseUri().resolve("/checkout")).timeout(TIMEOUT)
              .POST(HttpRequest.BodyPublishers.ofString("{\"cart\":[\"parking-lot-tshirt\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      String[] created = checkout.body().split(" ");
      if (checkout.statusCode() != 201 || created.length != 2) {
        throw new IOException("checkout failed: " + checkout.statusCode() + " " + checkout.body());
      }
      String orderId = created[0];
      String paymentId = created[1];
      out.printf("customer  POST /checkout -> %d, %s, payment %s; context parked under payment:%s%n",
          checkout.statusCode(), orderId, paymentId, orderId);
      out.printf("provider  will call the webhook in %d ms ...%n", webhookDelay.toMillis());

      HttpResponse<String> webhook = await(provider.webhookDelivery(paymentId));
      out.printf("provider  POST /webhooks/payment (%s) -> %d, %s%n",
          orderId, webhook.statusCode(), webhook.body());

      out.printf("provider  the response was lost, so it delivers the same event again ...%n");
      HttpResponse<String> redelivered = await(provider.redeliver(paymentId));
      out.printf("provider  POST /webhooks/payment (%s, redelivered) -> %d, %s%n",
          orderId, redelivered.statusCode(), redelivered.body());

      HttpResponse<String> unknown =
          await(provider.sendWebhook(new PaymentEvent("payment.succeeded", "pay_0000", UNKNOWN_ORDER)));
      out.printf("provider  POST /webhooks/payment (%s) -> %d, %s%n",
          UNKNOWN_ORDER, unknown.statusCode(), unknown.body());

      String state = shop.orderState(orderId).orElse("UNKNOWN");
      return new Outcome(orderId, paymentId, state, checkout, webhook, redelivered, unknown);
    }
  }

  private static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> delivery)
      throws IOException, InterruptedException {
    try {
      return delivery.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("webhook delivery failed: " + e, e);
    }
  }

  /**
   * Settings from system properties and the environment, with {@code parkinglot.store=memory} when
   * neither names a store.
   */
  static StoreConfig storeConfig(Map<String, String> environment) {
    StoreConfig.Builder builder = StoreConfig.builder().environment(environment);
    System.getProperties()
        .forEach((key, value) -> builder.property(String.valueOf(key), String.valueOf(value)));
    StoreConfig config = builder.build();
    if (config.get(StoreConfig.STORE).isEmpty()) {
      builder.property(StoreConfig.STORE, "memory");
      config = builder.build();
    }
    return config;
  }
}
