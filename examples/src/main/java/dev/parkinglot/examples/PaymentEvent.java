package dev.parkinglot.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The body of the provider's webhook:
 * {@code {"type":"payment.succeeded","paymentId":"pay_1","orderId":"order-1042"}}.
 *
 * @param type what happened, {@code payment.succeeded}
 * @param paymentId the provider's payment id
 * @param orderId the shop's order id, which the shop sent along when it created the payment
 */
public record PaymentEvent(String type, String paymentId, String orderId) {
  private static final JsonFactory JSON = new JsonFactory();

  public PaymentEvent {
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(paymentId, "paymentId must not be null");
    Objects.requireNonNull(orderId, "orderId must not be null");
  }

  /** The event as the provider sends it. */
  public String toJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("type", type);
      json.writeStringField("paymentId", paymentId);
      json.writeStringField("orderId", orderId);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Reads an event; unknown fields are ignored.
   *
   * @throws IllegalArgumentException if the body is not such an object or a field is missing
   */
  public static PaymentEvent parse(String body) {
    String type = null;
    String paymentId = null;
    String orderId = null;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("webhook body must be a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          json.skipChildren();
          continue;
        }
        switch (field) {
          case "type" -> type = json.getValueAsString();
          case "paymentId" -> paymentId = json.getValueAsString();
          case "orderId" -> orderId = json.getValueAsString();
          default -> { }
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("webhook body is not valid JSON: " + e.getMessage(), e);
    }
    if (type == null || paymentId == null || orderId == null) {
      throw new IllegalArgumentException("webhook body needs type, paymentId and orderId");
    }
    return new PaymentEvent(type, paymentId, orderId);
  }
}
