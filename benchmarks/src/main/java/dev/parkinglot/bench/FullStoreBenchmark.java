package dev.parkinglot.bench;

import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.store.memory.MemoryTraceContextStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A park refused by a full memory store, inside an active span: the lot fails open (status {@code
 * FAILED}, the exception on the span, the failure counted and logged once). The store is filled
 * with {@code entries} live one-hour contexts, so nothing can be purged; a refusal that scanned the
 * map would cost in proportion to it (issue 16 measured ~9 ms a refusal at 100 000 entries). Keys
 * of the refused parks cycle through a ring, none of them stored.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FullStoreBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FullStoreBenchmark {
  static final int RING = 1024;

  @Param({"1000", "100000"})
  public int entries;

  private MemoryTraceContextStore store;
  private ParkingLot lot;
  private String[] refused;
  private int next;

  @Setup(Level.Trial)
  public void fill() {
    store = MemoryTraceContextStore.builder().maxEntries(entries).sweepInterval(Duration.ZERO).build();
    lot = ParkingLots.builder().store(store).keyPrefix(BenchLot.PREFIX).openTelemetry(BenchTelemetry.SDK)
        .defaultTtl(Duration.ofHours(1)).build();
    ActiveSpan span = new ActiveSpan();
    span.enter();
    try {
      for (String key : BenchLot.keys("resident-", entries)) {
        ParkedCheck.parked(lot.park(key));
      }
    } finally {
      span.exit();
    }
    refused = BenchLot.keys("refused-", RING);
  }

  @TearDown(Level.Trial)
  public void close() {
    lot.close();
  }

  /** {@code lot.park(key)} on the full store; one operation is one refused park. */
  @Benchmark
  public ParkResult refusedPark(ActiveSpan span) {
    ParkResult result = lot.park(refused[next++ & (RING - 1)]);
    if (result.status() != ParkResult.Status.FAILED) {
      throw new IllegalStateException("a park on a full store was " + result.status() + ", not FAILED");
    }
    return result;
  }
}
