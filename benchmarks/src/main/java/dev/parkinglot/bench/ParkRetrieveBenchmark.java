package dev.parkinglot.bench;

import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoredTraceContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * A park and the claim of the same key, one pair per operation, inside an active span: the
 * headline number. Keys cycle through a ring of {@value #RING} pre-built correlation keys, so the
 * store's map sees different hashes; the store also holds {@value BenchLot#RESIDENT} other entries.
 * Both halves are checked (a park that stored nothing, or a claim that found nothing, fails the run).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ParkRetrieveBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParkRetrieveBenchmark {
  static final int RING = 1024;

  @Param({BenchLot.MEMORY, BenchLot.CAFFEINE})
  public String store;

  private BenchLot bench;
  /** A second lot over the same store with duplicate detection off: retrieve is a take, no tombstone. */
  private ParkingLot withoutDuplicateDetection;
  private String[] keys;
  private List<Map<String, String>> metadata;
  private int next;

  @Setup(Level.Trial)
  public void open() {
    bench = BenchLot.open(store);
    withoutDuplicateDetection = BenchLot.overWithoutDuplicateDetection(store, bench.store).lot;
    keys = BenchLot.keys("order-", RING);
    metadata = SampleMetadata.threeFields(keys);
  }

  @TearDown(Level.Trial)
  public void close() {
    withoutDuplicateDetection.close();
    bench.close();
  }

  /** {@code lot.park(key)} then {@code lot.retrieve(key)}; one operation is the pair. */
  @Benchmark
  public StoredTraceContext parkThenRetrieve(ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(bench.lot, keys[advance()]);
  }

  /** As {@link #parkThenRetrieve}, parking orderId, customerId and plan with the context. */
  @Benchmark
  public StoredTraceContext parkThenRetrieveWithMetadata(ActiveSpan span) {
    int index = advance();
    String key = keys[index];
    ParkedCheck.parked(bench.lot.park(key, metadata.get(index)));
    Optional<StoredTraceContext> claimed = bench.lot.retrieve(key);
    return ParkedCheck.found(claimed.isPresent(), claimed, key).get();
  }

  /**
   * As {@link #parkThenRetrieve} on a lot with duplicate detection off ({@code
   * duplicateDetection(Duration.ZERO)}): retrieve removes the entry instead of leaving a tombstone.
   * The difference to {@code parkThenRetrieve} is what the default duplicate detection costs.
   */
  @Benchmark
  public StoredTraceContext parkThenRetrieveWithoutDuplicateDetection(ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(withoutDuplicateDetection, keys[advance()]);
  }

  /** The next index of the key ring. */
  private int advance() {
    int index = next;
    next = (index + 1) & (RING - 1);
    return index;
  }
}
