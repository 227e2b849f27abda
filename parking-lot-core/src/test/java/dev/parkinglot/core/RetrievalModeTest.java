package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.RetrievalMode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The retrieval modes with duplicate detection off, as they were before it existed;
 * DuplicateDetectionTest has it on.
 */
class RetrievalModeTest extends LotTestBase {
  private static final CallbackConfig<String> WEBHOOK =
      CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build();
  private static final BiFunction<CallbackContext, String, String> OK = (ctx, id) -> "ok";

  @Override
  ParkingLotBuilder builder() {
    return super.builder().duplicateDetection(Duration.ZERO);
  }

  private List<Boolean> linkedPerSpan() {
    List<Boolean> linked = new ArrayList<>();
    for (SpanData span : telemetry.spans()) {
      if (span.getName().equals("payment.webhook")) {
        linked.add(!span.getLinks().isEmpty());
      }
    }
    return linked;
  }

  @Test
  void consumeOnSuccessKeepsTheContextForARedeliveryAfterAFailedHandler() {
    ParkingLot lot = builder().retrievalMode(RetrievalMode.CONSUME_ON_SUCCESS).build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    AtomicBoolean fail = new AtomicBoolean(true);
    Function<String, String> wrapped = lot.traceCallback(WEBHOOK, (ctx, id) -> {
      if (fail.get()) {
        throw new IllegalStateException("downstream timeout");
      }
      return "ok";
    });

    assertThatThrownBy(() -> wrapped.apply("order-1")).hasMessage("downstream timeout");
    assertThat(store.size()).isEqualTo(1);
    fail.set(false);
    assertThat(wrapped.apply("order-1")).isEqualTo("ok");
    assertThat(store.size()).isZero();
    wrapped.apply("order-1");

    assertThat(linkedPerSpan()).containsExactly(true, true, false);
    assertThat(misses).containsExactly("payment:order-1=NOT_FOUND");
  }

  @Test
  void consumeOnClaimRemovesTheContextEvenWhenTheHandlerFails() {
    ParkingLot lot = builder().build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    Function<String, String> failing = lot.traceCallback(WEBHOOK, (ctx, id) -> {
      throw new IllegalStateException("downstream timeout");
    });

    assertThatThrownBy(() -> failing.apply("order-1")).hasMessage("downstream timeout");
    lot.traceCallback(WEBHOOK, OK).apply("order-1");

    assertThat(linkedPerSpan()).containsExactly(true, false);
  }

  @Test
  void keepUntilExpiryServesEveryCallbackUntilTheTtlRunsOut() {
    ParkingLot lot = builder().retrievalMode(RetrievalMode.KEEP_UNTIL_EXPIRY).build();
    parkInSpan(lot, "approval.requested", "approval:42", Map.of());
    CallbackConfig<String> approval = CallbackConfig.builder("payment.webhook", (String id) -> "approval:" + id)
        .build();
    Function<String, String> wrapped = lot.traceCallback(approval, OK);

    wrapped.apply("42");
    wrapped.apply("42");
    assertThat(store.size()).isEqualTo(1);
    clock.advance(Duration.ofMillis(86_400_000L));
    wrapped.apply("42");

    assertThat(linkedPerSpan()).containsExactly(true, true, false);
  }

  @Test
  void theCallbacksModeOverridesTheLots() {
    ParkingLot lot = builder().retrievalMode(RetrievalMode.KEEP_UNTIL_EXPIRY).build();
    parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    CallbackConfig<String> claiming = CallbackConfig.builder("payment.webhook", (String id) -> "payment:" + id)
        .retrievalMode(RetrievalMode.CONSUME_ON_CLAIM).build();

    lot.traceCallback(claiming, OK).apply("order-1");
    lot.traceCallback(claiming, OK).apply("order-1");

    assertThat(linkedPerSpan()).containsExactly(true, false);
  }

  @Test
  void ofManyConcurrentCallbacksForOneKeyExactlyOneLinks() throws Exception {
    int threads = 16;
    ParkingLot lot = builder().build();
    Function<String, String> wrapped = lot.traceCallback(WEBHOOK, OK);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 20; round++) {
        telemetry.exporter.reset();
        String orderId = "order-" + round;
        parkInSpan(lot, "checkout", "payment:" + orderId, Map.of());
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(pool.submit(() -> {
            ready.countDown();
            go.await();
            return wrapped.apply(orderId);
          }));
        }
        ready.await(10, TimeUnit.SECONDS);
        go.countDown();
        for (Future<String> result : results) {
          assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
        }

        List<Boolean> linked = linkedPerSpan();
        assertThat(linked).as("round %d", round).hasSize(threads);
        assertThat(linked.stream().filter(l -> l).count()).as("round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(misses).hasSize(20 * (threads - 1));
  }
}
