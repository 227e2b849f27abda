package dev.parkinglot.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A shop on Spring Boot with parking-lot-spring-boot-starter: {@code POST /checkout} starts a payment
 * and parks the trace ({@link Checkout}, {@code @Park}); the payment provider ({@link
 * PaymentProvider}, simulated in this process) later calls {@code POST /webhooks/payment}, whose
 * handler is linked back to the checkout's trace ({@link PaymentWebhook}, {@code @TraceCallback}),
 * and then delivers the same event once more, which is marked a duplicate. The only parking-lot
 * configuration is in {@code application.properties}.
 *
 * <p>Run it from the repository root (README, "Spring Boot"):
 *
 * <pre>
 * mvn -q -pl examples/spring-boot -am -Prun -DskipTests verify
 * </pre>
 */
@SpringBootApplication
public class WebhookApplication {
  /**
   * Starts the shop.
   *
   * @param args Spring Boot arguments, such as {@code --parkinglot.store=redis}
   */
  public static void main(String[] args) {
    SpringApplication.run(WebhookApplication.class, args);
  }
}
