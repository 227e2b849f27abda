package dev.parkinglot.examples.spring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A payment provider, simulated in the shop's process: it accepts a payment, then calls the shop's
 * webhook over HTTP from its own thread, with no trace context (as a real provider does), and
 * delivers the same event {@code demo.provider.deliveries} times (2 by default: a redelivery).
 */
@Component
public class PaymentProvider implements AutoCloseable {
  private static final Log LOG = LogFactory.getLog(PaymentProvider.class);

  private final ExecutorService threads = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "payment-provider");
    thread.setDaemon(true);
    return thread;
  });
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Environment environment;
  private final int deliveries;

  PaymentProvider(Environment environment, @Value("${demo.provider.deliveries:2}") int deliveries) {
    this.environment = environment;
    this.deliveries = deliveries;
  }

  /**
   * Accepts a payment; the webhook follows on the provider's thread.
   *
   * @param orderId the shop's order id, sent back in the webhook
   * @param amount the amount
   */
  public void createPayment(String orderId, String amount) {
    threads.execute(() -> {
      for (int i = 0; i < deliveries; i++) {
        deliver(orderId);
      }
    });
  }

  private void deliver(String orderId) {
    String port = environment.getRequiredProperty("local.server.port");
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/payment"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + orderId + "\",\"status\":\"succeeded\"}"))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      LOG.info("provider delivered the webhook of " + orderId + ": " + response.statusCode() + " " + response.body());
    } catch (Exception e) {
      LOG.warn("provider could not deliver the webhook of " + orderId + ": " + e);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
