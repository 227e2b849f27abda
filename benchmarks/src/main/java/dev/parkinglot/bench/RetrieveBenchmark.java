package dev.parkinglot.bench;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.StoredTraceContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Retrieve alone. A claim consumes its entry, so a ring of entries parked once would be used up
 * within milliseconds, and a ring big enough for a whole iteration would need millions of entries
 * and turn the measurement into one of the garbage collector. Instead each invocation claims a
 * batch of BATCH keys, and before it, outside the measured part, the batch's contexts (parked
 * through the lot once, in the trial set-up) are put back into the store directly. An invocation
 * lasts tens of microseconds, so JMH's per-invocation timestamps are noise; the entries claimed
 * were saved moments before, so caches are warm, as in a park+retrieve pair.
 *
 * The refill runs in the iteration, so -prof gc counts its allocation too: one map node per entry
 * in the memory store. refillBaseline does the same refill and removes the entries through the
 * store without the lot, so gc.alloc.rate.norm of retrieve minus that of refillBaseline is what a
 * retrieve itself allocates.
 */

/**
 * Retrieve alone (a claim that finds its entry), a miss, and the refill baseline.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RetrieveBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RetrieveBenchmark {
  static final int BATCH = 1024;

  @Param({BenchLot.MEMORY, BenchLot.CAFFEINE})
  public String store;

  private BenchLot bench;
  private String[] keys;
  private String[] storeKeys;
  private StoredTraceContext[] contexts;
  private String[] missingKeys;

  @Setup(Level.Trial)
  public void open() {
    bench = BenchLot.open(store);
    keys = BenchLot.keys("order-", BATCH);
    storeKeys = new String[BATCH];
    for (int i = 0; i < BATCH; i++) {
      storeKeys[i] = BenchLot.storeKey(keys[i]);
    }
    List<StoredTraceContext> parked = bench.parkEach(keys, Map.of());
    contexts = parked.toArray(new StoredTraceContext[0]);
    missingKeys = BenchLot.keys("never-parked-", BATCH);
  }

  /** Outside the measured part: the batch's contexts are back in the store. */
  @Setup(Level.Invocation)
  public void refillBatch() {
    for (int i = 0; i < BATCH; i++) {
      bench.store.save(StoreKey.of(storeKeys[i]), contexts[i]);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    bench.close();
  }

  /** {@code lot.retrieve(key)} of a parked key: the claim takes the entry out of the store. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void retrieve(Blackhole blackhole) {
    for (String key : keys) {
      Optional<StoredTraceContext> claimed = bench.lot.retrieve(key);
      blackhole.consume(ParkedCheck.found(claimed.isPresent(), claimed, key));
    }
  }

  /** {@code lot.retrieve(key)} of a key that was never parked. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void retrieveMiss(Blackhole blackhole) {
    for (String key : missingKeys) {
      Optional<StoredTraceContext> claimed = bench.lot.retrieve(key);
      if (claimed.isPresent()) {
        throw new IllegalStateException("benchmark expected a miss under '" + key + "'");
      }
      blackhole.consume(claimed);
    }
  }

  /** Not the library: the refill's own cost, the entries removed from the store directly. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void refillBaseline() {
    for (String storeKey : storeKeys) {
      bench.store.delete(StoreKey.of(storeKey));
    }
  }
}
