package dev.parkinglot.bench;

import dev.parkinglot.ParkResult;
import dev.parkinglot.StoredTraceContext;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/*
 * Two threads on one lot (this machine has two cores). parkThenRetrieve: each thread parks and
 * claims its own keys, so the threads share the store's map, its counters and the SDK, but never a
 * key: the scaling of the common case. claimRace: one thread parks and the other claims over the
 * same small ring of keys, so parks overwrite unclaimed entries and claims race parks of the same
 * key; the claimer counts its hits and misses (AuxCounters), which JMH reports beside throughput.
 */

/**
 * Two threads contending on one lot.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ContendedBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ContendedBenchmark {
  static final int RING = 1024;
  static final int SHARED_RING = 64;

  @Param({BenchLot.MEMORY, BenchLot.CAFFEINE})
  public String store;

  private BenchLot bench;
  private String[] sharedKeys;

  /** One thread's own keys. */
  @State(Scope.Thread)
  public static class ThreadKeys {
    String[] keys;
    int next;

    @Setup(Level.Trial)
    public void build(ThreadParams params) {
      keys = BenchLot.keys("t" + params.getThreadIndex() + "-order-", RING);
    }

    String nextKey() {
      int index = next;
      next = (index + 1) & (RING - 1);
      return keys[index];
    }
  }

  /** A position in the shared ring, per thread. */
  @State(Scope.Thread)
  public static class RingPosition {
    int next;

    int advance() {
      int index = next;
      next = (index + 1) & (SHARED_RING - 1);
      return index;
    }
  }

  /** The claimer's outcomes, reported as secondary results. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Claims {
    public long hits;
    public long misses;

    @Setup(Level.Iteration)
    public void reset() {
      hits = 0;
      misses = 0;
    }
  }

  @Setup(Level.Trial)
  public void open() {
    bench = BenchLot.open(store);
    sharedKeys = BenchLot.keys("shared-order-", SHARED_RING);
  }

  @TearDown(Level.Trial)
  public void close() {
    bench.close();
  }

  /** Two threads, each parking and claiming its own keys; one operation is one pair. */
  @Benchmark
  @Threads(2)
  public StoredTraceContext parkThenRetrieve(ThreadKeys keys, ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(bench.lot, keys.nextKey());
  }

  /** The parking half of claimRace. */
  @Benchmark
  @Group("claimRace")
  @GroupThreads(1)
  public ParkResult racePark(RingPosition position, ActiveSpan span) {
    return ParkedCheck.parked(bench.lot.park(sharedKeys[position.advance()]));
  }

  /** The claiming half of claimRace: hits and misses are counted. */
  @Benchmark
  @Group("claimRace")
  @GroupThreads(1)
  public Optional<StoredTraceContext> raceClaim(RingPosition position, Claims claims) {
    Optional<StoredTraceContext> claimed = bench.lot.retrieve(sharedKeys[position.advance()]);
    if (claimed.isPresent()) {
      claims.hits++;
    } else {
      claims.misses++;
    }
    return claimed;
  }
}
