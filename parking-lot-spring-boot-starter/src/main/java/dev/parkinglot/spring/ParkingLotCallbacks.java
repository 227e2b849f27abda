package dev.parkinglot.spring;

import dev.parkinglot.CallbackContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Optional;

/**
 * The {@link CallbackContext} of the {@link TraceCallback} method running now: its span, the parked
 * context it links to, how long it waited, and whether this delivery is a duplicate. It travels in
 * the OpenTelemetry {@link Context}, so it is there wherever the callback span is current.
 */
public final class ParkingLotCallbacks {
  static final ContextKey<CallbackContext> KEY = ContextKey.named("dev.parkinglot.spring.callback");

  private ParkingLotCallbacks() {}

  /**
   * The callback context of the {@link TraceCallback} call current on this thread's OpenTelemetry
   * context.
   *
   * @return the callback context, or empty outside an annotated call
   */
  public static Optional<CallbackContext> current() {
    return Optional.ofNullable(Context.current().get(KEY));
  }
}
