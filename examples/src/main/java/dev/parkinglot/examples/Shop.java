package dev.parkinglot.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.CorrelationKeys;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/*
 * The shop is a plain JDK HTTP server with two endpoints, traced by hand as an HTTP instrumentation
 * would trace them. The checkout parks its context inside the CLIENT span of the payment call, so
 * the webhook's link points at the exact operation that started the wait. The webhook endpoint is
 * the handler wrapped by ParkingLot.traceCallback: the wrapper starts its SERVER span with the link
 * already on the builder, and sets the parking_lot.* attributes.
 */

/** A tiny shop: {@code POST /checkout} and {@code POST /webhooks/payment} on a loopback port. */
public final class Shop implements AutoCloseable {
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("shop.order_id");
  static final AttributeKey<String> PAYMENT_ID = AttributeKey.stringKey("shop.payment_id");

  /** An order the shop knows, and its state. */
  record Order(String orderId, String amount, String currency, String state) {
    Order paid() {
      return new Order(orderId, amount, currency, "PAID");
    }
  }

  private final ParkingLot lot;
  private final Tracer tracer;
  private final HttpServer server;
  private final ExecutorService workers;
  private final Map<String, Order> orders = new ConcurrentHashMap<>();
  private final AtomicInteger nextOrder = new AtomicInteger(1041);
  private final Function<PaymentEvent, Response> webhook;
  private volatile @Nullable PaymentProvider provider;

  /** What an endpoint answers. */
  record Response(int status, String body) {}

  /**
   * Starts the shop on an ephemeral loopback port.
   *
   * @throws IOException if the server cannot bind
   */
  public Shop(ParkingLot lot, OpenTelemetry openTelemetry) throws IOException {
    this.lot = Objects.requireNonNull(lot, "lot must not be null");
    this.tracer = openTelemetry.getTracer("dev.parkinglot.examples.shop");
    this.webhook = lot.traceCallback(
        CallbackConfig
            .builder("POST /webhooks/payment", (PaymentEvent e) -> CorrelationKeys.of("payment", e.orderId()))
            .attributes(Attributes.of(HTTP_METHOD, "POST", HTTP_ROUTE, "/webhooks/payment"))
            .build(),
        this::onPaymentEvent);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.workers = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "shop-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(workers);
    server.createContext("/checkout", exchange -> serve(exchange, this::checkout));
    server.createContext("/webhooks/payment", exchange -> serve(exchange, this::webhook));
    server.start();
  }

  /** The provider the checkout calls; set once both exist (the provider needs the shop's address). */
  public void usePaymentProvider(PaymentProvider provider) {
    this.provider = Objects.requireNonNull(provider, "provider must not be null");
  }

  public URI baseUri() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  public URI webhookUri() {
    return baseUri().resolve("/webhooks/payment");
  }

  /** The checkout: an order is created, a payment requested, and the context parked for its webhook. */
  private Response checkout(String body) {
    Span server = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER)
        .setAttribute(HTTP_METHOD, "POST").setAttribute(HTTP_ROUTE, "/checkout").startSpan();
    try (Scope ignored = server.makeCurrent()) {
      Order order = new Order("order-" + nextOrder.incrementAndGet(), "49.90", "EUR", "PENDING_PAYMENT");
      orders.put(order.orderId(), order);
      server.setAttribute(ORDER_ID, order.orderId());
      String paymentId = requestPayment(order);
      server.setAttribute(HTTP_STATUS, 201L);
      return new Response(201, order.orderId() + " " + paymentId);
    } finally {
      server.end();
    }
  }

  /** The outgoing call to the provider; its span is the one the webhook will link to. */
  private String requestPayment(Order order) {
    Span client = tracer.spanBuilder("POST /v1/payments").setSpanKind(SpanKind.CLIENT)
        .setAttribute(HTTP_METHOD, "POST").setAttribute("server.address", "api.fakepay.example")
        .setAttribute(ORDER_ID, order.orderId()).startSpan();
    try (Scope ignored = client.makeCurrent()) {
      // Park before the gap: the provider may call back before the call below even returns.
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("orderId", order.orderId());
      metadata.put("amount", order.amount());
      metadata.put("currency", order.currency());
      ParkResult parked = lot.park(CorrelationKeys.of("payment", order.orderId()), metadata);
      if (!parked.isParked()) {
        // Fail-open: the checkout goes on; the webhook will simply not link.
        client.setAttribute("shop.parked", false);
      }
      PaymentProvider current = provider;
      if (current == null) {
        throw new IllegalStateException("no payment provider configured");
      }
      PaymentProvider.Payment payment = current.createPayment(order.orderId());
      client.setAttribute(PAYMENT_ID, payment.paymentId());
      return payment.paymentId();
    } finally {
      client.end();
    }
  }

  /** Runs inside the callback span that traceCallback started (current while this runs). */
  private Response onPaymentEvent(CallbackContext ctx, PaymentEvent event) {
    Order order = orders.get(event.orderId());
    Response response;
    if (ctx.duplicate()) {
      // A redelivery of a webhook that was already handled: the span links to the checkout all the
      // same, but the order is not fulfilled twice.
      response = new Response(200, event.orderId() + " already paid: duplicate delivery, nothing done");
    } else if (order == null) {
      response = new Response(202, "unknown order " + event.orderId() + ", ignored");
    } else {
      Span fulfil = tracer.spanBuilder("fulfil order").setAttribute(ORDER_ID, order.orderId()).startSpan();
      try (Scope ignored = fulfil.makeCurrent()) {
        orders.put(order.orderId(), order.paid());
      } finally {
        fulfil.end();
      }
      response = new Response(200, order.orderId() + " paid"
          + ctx.elapsed().map(d -> ", " + d.toMillis() + " ms after checkout").orElse(""));
    }
    ctx.span().setAttribute(PAYMENT_ID, event.paymentId());
    ctx.span().setAttribute(HTTP_STATUS, (long) response.status());
    return response;
  }

  private Response webhook(String body) {
    PaymentEvent event;
    try {
      event = PaymentEvent.parse(body);
    } catch (IllegalArgumentException e) {
      return new Response(400, e.getMessage());
    }
    return webhook.apply(event);
  }

  private static void serve(HttpExchange exchange, Function<String, Response> endpoint) throws IOException {
    try {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Response response;
      try {
        response = endpoint.apply(body);
      } catch (RuntimeException e) {
        response = new Response(500, String.valueOf(e));
      }
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(response.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      exchange.close();
    }
  }

  /** The order's state, {@code PENDING_PAYMENT} or {@code PAID}; empty for an unknown order. */
  public Optional<String> orderState(String orderId) {
    return Optional.ofNullable(orders.get(orderId)).map(Order::state);
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
