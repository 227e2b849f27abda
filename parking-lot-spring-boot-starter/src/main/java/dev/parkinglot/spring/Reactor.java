package dev.parkinglot.spring;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** The Reactor side of the annotations; loaded only when Reactor is on the class path. */
final class Reactor {
  private Reactor() {}

  static boolean isMono(Class<?> type) {
    return Mono.class.isAssignableFrom(type);
  }

  /** Subscribes to a Mono the method returned; the stage completes as it does. */
  static CompletionStage<Object> toStage(@Nullable Object mono) {
    if (mono == null) {
      return CompletableFuture.completedFuture(null);
    }
    @SuppressWarnings("unchecked")
    Mono<Object> typed = (Mono<Object>) mono;
    return typed.toFuture();
  }

  /** A Mono that makes the stage at each subscription. */
  static Mono<Object> deferred(Supplier<CompletionStage<Object>> stage) {
    return Mono.defer(() -> Mono.fromCompletionStage(stage.get()));
  }

  static Mono<Object> onValue(Object mono, Consumer<Object> action) {
    @SuppressWarnings("unchecked")
    Mono<Object> typed = (Mono<Object>) mono;
    return typed.doOnNext(action);
  }
}
