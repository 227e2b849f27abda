package dev.parkinglot.spring;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** The Reactor side of the annotations; loaded only when Reactor is on the class path. */
final class Reactor {
  private Reactor() {}

  static boolean isMono(Class<?> type) {
    return Mono.class.isAssignableFrom(type);
  }

  /** Subscribes to a Mono the method returned; the future completes as it does, and cancels it. */
  static CompletableFuture<Object> subscribe(@Nullable Object mono) {
    if (mono == null) {
      return CompletableFuture.completedFuture(null);
    }
    @SuppressWarnings("unchecked")
    Mono<Object> typed = (Mono<Object>) mono;
    return typed.toFuture();
  }

  /**
   * A Mono that makes a call and its stage at each subscription, and cancels the call when its
   * subscriber cancels.
   */
  static <C> Mono<Object> deferred(
      Supplier<C> call, Function<C, CompletionStage<Object>> stage, Consumer<C> cancel) {
    return Mono.defer(() -> {
      C made = call.get();
      return Mono.fromCompletionStage(stage.apply(made)).doOnCancel(() -> cancel.accept(made));
    });
  }

  static Mono<Object> onValue(Object mono, Consumer<Object> action) {
    @SuppressWarnings("unchecked")
    Mono<Object> typed = (Mono<Object>) mono;
    return typed.doOnNext(action);
  }
}
