package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkingLot;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One webhook delivered by many threads at once: exactly one delivery does the work. */
class DuplicateRaceTest extends LotTestBase {
  private static final int THREADS = 16;
  private static final int ROUNDS = 20;

  @Test
  void ofSixteenConcurrentDeliveriesExactlyOneIsNotADuplicateAndAllLink() throws Exception {
    assertThat(store.claimIsAtomic()).as("the memory store's claim is atomic").isTrue();
    ParkingLot lot = builder().build();
    CallbackConfig<String> config =
        CallbackConfig.builder("payment.webhook", (String orderId) -> "payment:" + orderId).build();
    Function<String, String> webhook =
        lot.traceCallback(config, (ctx, id) -> ctx.duplicate() ? "skipped" : "done");
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        telemetry.exporter.reset();
        String orderId = "order-" + round;
        parkInSpan(lot, "checkout", "payment:" + orderId, Map.of());
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          results.add(pool.submit(() -> {
            ready.countDown();
            go.await();
            return webhook.apply(orderId);
          }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> result : results) {
          outcomes.add(result.get(30, TimeUnit.SECONDS));
        }

        assertThat(outcomes).as("round %d", round).containsOnlyOnce("done").hasSize(THREADS)
            .filteredOn("skipped"::equals).hasSize(THREADS - 1);
        List<SpanData> spans = telemetry.spans().stream()
            .filter(s -> s.getName().equals("payment.webhook")).toList();
        assertThat(spans).as("round %d", round).hasSize(THREADS)
            .allSatisfy(span -> assertThat(span.getLinks()).hasSize(1));
        assertThat(spans.stream().filter(s -> s.getAttributes().get(ParkingLotAttributes.DUPLICATE) == null))
            .as("round %d: spans not marked duplicate", round).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(misses).isEmpty();
  }
}
