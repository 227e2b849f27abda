package dev.parkinglot.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Parks the trace context current when the annotated method is called, as {@link
 * dev.parkinglot.ParkingLot#park(String, dev.parkinglot.ParkOptions)} does, under a correlation key
 * computed from the method's arguments, and with {@code #result} from what it returns.
 *
 * <pre>{@code
 * @PostMapping("/checkout")
 * @Park(key = "'payment:' + #result.orderId()")
 * public Order checkout(@RequestBody Cart cart) {
 *   return payments.start(cart);  // the provider calls the webhook later with the order id
 * }
 * }</pre>
 *
 * <p>A key without {@code #result} is computed and parked before the method runs: prefer it when the
 * callback may arrive while the method is still running (a provider that calls back at once), since
 * a key with {@code #result} parks only after the method returned. A key with
 * {@code #result} is parked once the method has returned, or once a returned {@link
 * java.util.concurrent.CompletionStage} or Reactor {@code Mono} has completed with a value, always
 * with the context that was current when the method was called; a method that throws parks
 * nothing. Parking fails open as the lot does: a store error is recorded on the span, counted, and
 * never fails the method. A key that cannot be computed, is blank or breaks a limit of {@link
 * dev.parkinglot.ParkingLotLimits} fails the call before the method runs ({@link
 * IllegalArgumentException} naming the expression and the method), as {@code park} does; with
 * {@code #result} the method has already run, so the failure is logged and recorded on the span
 * instead.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Park {
  /**
   * The correlation key: a SpEL expression over the method's arguments (as for {@link
   * TraceCallback#key()}) and, after the call, its result as {@code #result}. It must give a
   * non-blank value.
   *
   * @return the expression
   */
  String key();
}
