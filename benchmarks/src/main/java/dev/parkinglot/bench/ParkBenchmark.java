package dev.parkinglot.bench;

import dev.parkinglot.spi.StoreKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/*
 * Park alone: each call parks a key that the store does not hold, so every park is an insert, as it
 * is in a service (a payment is parked once). One invocation parks a batch of BATCH distinct keys;
 * before each invocation, outside the measured part, the batch's keys are deleted from the store
 * directly (a map removal that allocates nothing in the memory store, so -prof gc sees only the
 * parks). Why Level.Invocation is affordable here: an invocation is a batch of about a hundred
 * microseconds, and JMH's two timestamps around it cost some tens of nanoseconds.
 */

/**
 * Park alone, inside an active span: with no metadata, and with three small fields.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ParkBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParkBenchmark {
  static final int BATCH = 1024;

  @Param({BenchLot.MEMORY, BenchLot.CAFFEINE})
  public String store;

  private BenchLot bench;
  private String[] keys;
  private String[] storeKeys;
  private List<Map<String, String>> metadata;

  @Setup(Level.Trial)
  public void open() {
    bench = BenchLot.open(store);
    keys = BenchLot.keys("order-", BATCH);
    storeKeys = new String[BATCH];
    for (int i = 0; i < BATCH; i++) {
      storeKeys[i] = BenchLot.storeKey(keys[i]);
    }
    metadata = SampleMetadata.threeFields(keys);
  }

  /** Outside the measured part: the batch's keys leave the store, so the next parks insert. */
  @Setup(Level.Invocation)
  public void clearBatch() {
    for (String storeKey : storeKeys) {
      bench.store.delete(StoreKey.of(storeKey));
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    bench.close();
  }

  /** {@code lot.park(key)}: the current span's context under a new key, default ttl. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void park(ActiveSpan span, Blackhole blackhole) {
    for (String key : keys) {
      blackhole.consume(ParkedCheck.parked(bench.lot.park(key)));
    }
  }

  /** {@code lot.park(key, metadata)} with orderId, customerId and plan. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void parkWithMetadata(ActiveSpan span, Blackhole blackhole) {
    for (int i = 0; i < BATCH; i++) {
      blackhole.consume(ParkedCheck.parked(bench.lot.park(keys[i], metadata.get(i))));
    }
  }
}
