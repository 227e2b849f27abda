package dev.parkinglot.examples.spring;

import dev.parkinglot.spring.Park;
import org.springframework.stereotype.Service;

/** Starts a payment at the provider; the provider calls the webhook later with the order id. */
@Service
public class Checkout {
  private final PaymentProvider provider;

  Checkout(PaymentProvider provider) {
    this.provider = provider;
  }

  /**
   * Parks the current trace under {@code payment:<orderId>} (the key the webhook will carry), then
   * creates the payment: parking comes first, since the provider may call back at once.
   *
   * @param orderId the order's id
   * @param amount the amount to pay
   */
  @Park(key = "'payment:' + #orderId")
  public void start(String orderId, String amount) {
    provider.createPayment(orderId, amount);
  }
}
