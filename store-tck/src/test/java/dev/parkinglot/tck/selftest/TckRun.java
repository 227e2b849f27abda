package dev.parkinglot.tck.selftest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs one TCK subclass through the JUnit Platform Launcher and records each rule's outcome. */
final class TckRun {
  /** Outcome of one rule. */
  enum Outcome { PASSED, FAILED, ABORTED, SKIPPED }

  /** One rule's outcome and, for a failure or an abort, its message. */
  static final class Result {
    final Outcome outcome;
    final @Nullable Throwable throwable;

    Result(Outcome outcome, @Nullable Throwable throwable) {
      this.outcome = outcome;
      this.throwable = throwable;
    }

    String message() {
      return throwable == null ? "" : String.valueOf(throwable.getMessage());
    }

    @Override
    public String toString() {
      return outcome + (throwable == null ? "" : " (" + throwable + ")");
    }
  }

  private static final Map<Class<?>, CompletableFuture<Map<String, Result>>> CACHE = new ConcurrentHashMap<>();
  /** Runs side by side: they mostly wait for real time in the stochastic expiry rules. */
  private static final ExecutorService RUNNERS = Executors.newFixedThreadPool(6, runnable -> {
    Thread thread = new Thread(runnable, "tck-selftest-run");
    thread.setDaemon(true);
    return thread;
  });

  private TckRun() {}

  /** Starts {@link #run(Class)} in the background, once per class and JVM. */
  static CompletableFuture<Map<String, Result>> start(Class<?> tckSubclass) {
    return CACHE.computeIfAbsent(tckSubclass, c -> CompletableFuture.supplyAsync(() -> run(c), RUNNERS));
  }

  /** {@link #run(Class)}, once per class and JVM: several tests look at one run. */
  static Map<String, Result> cached(Class<?> tckSubclass) {
    return start(tckSubclass).join();
  }

  /** Rule method name to outcome, sorted by name. */
  static Map<String, Result> run(Class<?> tckSubclass) {
    Map<String, Result> results = java.util.Collections.synchronizedMap(new TreeMap<>());
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tckSubclass)).build();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier test, String reason) {
        rule(test).ifPresent(name -> results.put(name, new Result(Outcome.SKIPPED, null)));
      }

      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
          result.getThrowable().ifPresent(t -> {
            throw new IllegalStateException("the TCK container itself failed for " + tckSubclass, t);
          });
          return;
        }
        Outcome outcome;
        switch (result.getStatus()) {
          case SUCCESSFUL:
            outcome = Outcome.PASSED;
            break;
          case ABORTED:
            outcome = Outcome.ABORTED;
            break;
          default:
            outcome = Outcome.FAILED;
        }
        rule(test).ifPresent(name -> results.put(name, new Result(outcome, result.getThrowable().orElse(null))));
      }
    });
    return results;
  }

  private static java.util.Optional<String> rule(TestIdentifier test) {
    return test.getSource()
        .filter(MethodSource.class::isInstance)
        .map(source -> ((MethodSource) source).getMethodName());
  }
}
