package dev.parkinglot.bench;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/*
 * A service parks from inside the span of the request that starts the payment: that span is
 * already current when park runs. So the benchmark thread gets a current span before each
 * iteration and loses it after, outside the measured part. Iteration level, not trial level: JMH
 * runs one iteration's set-up, calls and tear-down on one thread, and the context is thread-local.
 * Each park adds an event to that span; past the SDK's limit of 128 events a span counts the rest
 * as dropped, which a request span that parks once never reaches; the event is built either way.
 */

/**
 * Per benchmark thread: a real SDK span, current for the length of each iteration. A benchmark
 * method that takes this state as a parameter runs inside the span.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class ActiveSpan {
  private @Nullable Span span;
  private @Nullable Scope scope;

  /** Starts a span and makes it current on this thread. */
  @Setup(Level.Iteration)
  public void enter() {
    Span started = BenchTelemetry.TRACER.spanBuilder("checkout").startSpan();
    if (!started.getSpanContext().isValid()) {
      throw new IllegalStateException("the benchmark tracer gives invalid span contexts: nothing would be parked");
    }
    span = started;
    scope = started.makeCurrent();
  }

  /** Closes the scope and ends the span, on the thread that entered it. */
  @TearDown(Level.Iteration)
  public void exit() {
    if (scope != null) {
      scope.close();
      scope = null;
    }
    if (span != null) {
      span.end();
      span = null;
    }
  }
}
