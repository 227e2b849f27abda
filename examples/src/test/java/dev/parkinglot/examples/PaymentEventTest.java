package dev.parkinglot.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaymentEventTest {

  @Test
  void anEventRoundTripsThroughItsJson() {
    PaymentEvent event = new PaymentEvent("payment.succeeded", "pay_7301", "order-\"1042\"");
    assertThat(event.toJson())
        .isEqualTo("{\"type\":\"payment.succeeded\",\"paymentId\":\"pay_7301\",\"orderId\":\"order-\\\"1042\\\"\"}");
    assertThat(PaymentEvent.parse(event.toJson())).isEqualTo(event);
  }

  @Test
  void unknownFieldsAreIgnored() {
    assertThat(PaymentEvent.parse(
            "{\"id\":\"evt_1\",\"type\":\"payment.succeeded\",\"data\":{\"x\":[1,2]},\"paymentId\":\"p\","
                + "\"orderId\":\"o\",\"livemode\":false}"))
        .isEqualTo(new PaymentEvent("payment.succeeded", "p", "o"));
  }

  @Test
  void badBodiesAreRejectedWithAReason() {
    assertThatThrownBy(() -> PaymentEvent.parse("[]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("webhook body must be a JSON object");
    assertThatThrownBy(() -> PaymentEvent.parse("{\"type\":\"payment.succeeded\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("webhook body needs type, paymentId and orderId");
    assertThatThrownBy(() -> PaymentEvent.parse("{\"type\":"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("webhook body is not valid JSON");
  }
}
