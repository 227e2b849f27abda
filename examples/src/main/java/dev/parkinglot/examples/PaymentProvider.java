package dev.parkinglot.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * The provider is deliberately outside the shop's tracing: like a real payment provider it knows
 * nothing of the shop's trace context and sends no traceparent header. The only thing that connects
 * its webhook to the checkout is the order id in the body, which is exactly the gap the parking lot
 * bridges.
 */

/**
 * A simulated payment provider. {@link #createPayment} answers at once with a payment id and, some
 * time later, calls the shop's webhook over HTTP, as a real provider does once the customer has
 * paid.
 */
public final class PaymentProvider implements AutoCloseable {
  private final HttpClient http;
  private final URI webhookUri;
  private final Duration webhookDelay;
  private final AtomicInteger payments = new AtomicInteger(0x7300);
  private final Map<String, CompletableFuture<HttpResponse<String>>> deliveries = new ConcurrentHashMap<>();
  private final Map<String, PaymentEvent> events = new ConcurrentHashMap<>();

  /**
   * @param webhookUri where the shop receives webhooks
   * @param webhookDelay how long after a payment is created its webhook is sent
   */
  public PaymentProvider(URI webhookUri, Duration webhookDelay) {
    this.webhookUri = Objects.requireNonNull(webhookUri, "webhookUri must not be null");
    this.webhookDelay = Objects.requireNonNull(webhookDelay, "webhookDelay must not be null");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A payment the provider accepted; its webhook arrives at the shop later. */
  public record Payment(String paymentId, CompletableFuture<HttpResponse<String>> webhookDelivery) {}

  /**
   * Accepts a payment for {@code orderId} and schedules its {@code payment.succeeded} webhook.
   *
   * @return the payment id and the future of the webhook delivery (the shop's HTTP response)
   */
  public Payment createPayment(String orderId) {
    String paymentId = "pay_" + Integer.toHexString(payments.incrementAndGet());
    PaymentEvent event = new PaymentEvent("payment.succeeded", paymentId, orderId);
    events.put(paymentId, event);
    Executor later = CompletableFuture.delayedExecutor(webhookDelay.toMillis(), TimeUnit.MILLISECONDS);
    CompletableFuture<HttpResponse<String>> delivery =
        CompletableFuture.supplyAsync(() -> null, later).thenCompose(ignored -> sendWebhook(event));
    deliveries.put(paymentId, delivery);
    return new Payment(paymentId, delivery);
  }

  /**
   * The delivery of the webhook of a payment this provider created: completes with the shop's
   * response once the webhook was sent and answered.
   *
   * @throws IllegalArgumentException for an unknown payment id
   */
  public CompletableFuture<HttpResponse<String>> webhookDelivery(String paymentId) {
    CompletableFuture<HttpResponse<String>> delivery = deliveries.get(paymentId);
    if (delivery == null) {
      throw new IllegalArgumentException("no payment " + paymentId + " was created");
    }
    return delivery;
  }

  /**
   * Sends the webhook of a payment again, the same event, as a provider does when it got no answer
   * to the first delivery (a timeout, a lost response): providers deliver at least once.
   *
   * @throws IllegalArgumentException for an unknown payment id
   */
  public CompletableFuture<HttpResponse<String>> redeliver(String paymentId) {
    PaymentEvent event = events.get(paymentId);
    if (event == null) {
      throw new IllegalArgumentException("no payment " + paymentId + " was created");
    }
    return sendWebhook(event);
  }

  /** Sends one webhook now. */
  public CompletableFuture<HttpResponse<String>> sendWebhook(PaymentEvent event) {
    HttpRequest request = HttpRequest.newBuilder(webhookUri)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("User-Agent", "FakePay-Webhooks/1.0")
        .POST(HttpRequest.BodyPublishers.ofString(event.toJson()))
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    // java.net.http.HttpClient is AutoCloseable only from Java 21; on 17 its threads end on their own.
    if (http instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the HTTP client failed", e);
      }
    }
  }
}
