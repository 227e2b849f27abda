package dev.parkinglot.spring;

import dev.parkinglot.CallbackSpanRelation;
import io.opentelemetry.api.trace.SpanKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method as a traced callback, as {@link
 * dev.parkinglot.ParkingLot#traceCallback} does: each call computes the correlation key from the
 * method's arguments, claims the parked context, starts the callback span with the link to it,
 * runs the method with the span current and the {@link dev.parkinglot.CallbackContext} available
 * ({@link ParkingLotCallbacks#current()}, or a parameter of that type), records an exception it
 * throws (and rethrows it unchanged), and ends the span. A redelivery of a consumed context is
 * linked too and marked duplicate.
 *
 * <pre>{@code
 * @PostMapping("/webhooks/payment")
 * @TraceCallback(key = "'payment:' + #event.orderId()", name = "POST /webhooks/payment")
 * public String paymentWebhook(@RequestBody PaymentEvent event) {
 *   boolean duplicate = ParkingLotCallbacks.current().map(CallbackContext::duplicate).orElse(false);
 *   ...
 * }
 * }</pre>
 *
 * <p>A method returning a {@link java.util.concurrent.CompletionStage} or a Reactor {@code Mono}
 * keeps its span open until the result completes (a {@code Mono} when it is subscribed, and each
 * subscription is a call; a subscriber that cancels, such as a client that went away, cancels the
 * method's {@code Mono} and ends the span marked as an error). Works on any Spring bean: Spring MVC
 * and WebFlux controllers, message listeners, services.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TraceCallback {
  /**
   * The correlation key: a SpEL expression over the method's arguments, by name ({@code
   * #event.orderId()}, which needs the {@code -parameters} compiler flag that Spring Boot's parent
   * sets) or by position ({@code #p0}, {@code #a0}); the bean is {@code #root.target}. It must
   * give a non-blank value; one that does not is recorded on the span and the method runs unlinked,
   * as with {@code traceCallback}. May be empty when {@link #ticket()} is set.
   *
   * @return the expression
   */
  String key() default "";

  /**
   * The signed ticket the callback carries (see the README, "Signed tickets"): a SpEL expression
   * over the method's arguments, as {@link #key()}, giving the ticket text, or null or blank when
   * the call carries none; then the key, if any, is looked up as usual. Needs {@code
   * parkinglot.tickets.keys}.
   *
   * @return the expression, or empty for none
   */
  String ticket() default "";

  /**
   * The callback span's name; the class's simple name, a dot and the method's name when empty.
   *
   * @return the span name
   */
  String name() default "";

  /**
   * The callback span's kind. Unset, the lot chooses per call as {@code traceCallback} does: {@link
   * SpanKind#SERVER}, or {@link SpanKind#INTERNAL} under an HTTP server span that is already
   * current (the Java agent's or the OpenTelemetry starter's). Set one value to always use it.
   *
   * @return the span kind, or none for the lot's choice
   */
  SpanKind[] kind() default {};

  /**
   * Whether a missing parked context fails the call with {@link
   * dev.parkinglot.ParkedContextNotFoundException} naming the key, before the method runs.
   *
   * @return true to require a parked context
   */
  boolean requireParkedContext() default false;

  /**
   * How the callback span relates to the parked context: a link (the default), or a child span
   * in the parked trace that also carries the link.
   *
   * @return the relation
   */
  CallbackSpanRelation relation() default CallbackSpanRelation.LINK;
}
