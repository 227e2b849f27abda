package dev.parkinglot.examples.spring;

import dev.parkinglot.CallbackContext;
import dev.parkinglot.spring.ParkingLotCallbacks;
import dev.parkinglot.spring.TraceCallback;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The shop's two endpoints: the checkout a customer calls, the webhook the provider calls. */
@RestController
public class ShopController {
  private final Checkout checkout;

  ShopController(Checkout checkout) {
    this.checkout = checkout;
  }

  /**
   * {@code POST /checkout {"amount":"42.00"}}: starts a payment; the trace is parked.
   *
   * @param body the cart, {@code amount}
   * @return the order id
   */
  @PostMapping("/checkout")
  public Map<String, String> checkout(@RequestBody Map<String, String> body) {
    String orderId = "order-" + UUID.randomUUID();
    checkout.start(orderId, body.getOrDefault("amount", "0.00"));
    return Map.of("orderId", orderId);
  }

  /**
   * {@code POST /webhooks/payment {"orderId":"…","status":"succeeded"}}: the provider's callback,
   * linked to the checkout's trace. A redelivery is linked too and answered as a duplicate.
   *
   * @param event the provider's event
   * @return what the shop did
   */
  @PostMapping("/webhooks/payment")
  @TraceCallback(key = "'payment:' + #event.orderId()", name = "payment webhook")
  public Map<String, String> paymentWebhook(@RequestBody PaymentEvent event) {
    CallbackContext callback = ParkingLotCallbacks.current().orElseThrow();
    if (callback.duplicate()) {
      return Map.of("orderId", event.orderId(), "result", "duplicate, ignored");
    }
    return Map.of("orderId", event.orderId(), "result", "order paid",
        "linked", String.valueOf(callback.parkedContext().isPresent()));
  }

  /**
   * The provider's webhook body.
   *
   * @param orderId the shop's order id, sent along when the payment was created
   * @param status the payment's status
   */
  public record PaymentEvent(String orderId, String status) {}
}
