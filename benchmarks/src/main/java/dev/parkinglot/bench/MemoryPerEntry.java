package dev.parkinglot.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * Retained heap per parked entry, read from the heap after forced collections rather than computed
 * from a layout, so it counts everything the store keeps: the store key String (prefix + key, as
 * the lot hands it over), the map's node and table slot, the StoredTraceContext and its extras.
 * Steps for each store and metadata shape: open an empty lot, warm it up (classes loaded, the
 * shared metadata key set created) and empty it, read the heap (the baseline), park N entries
 * through the real lot, each from inside its own span, read the heap again, check the entries are
 * there, divide. Reads are taken after System.gc() until two in a row agree, with the serial
 * collector (run.sh passes -XX:+UseSerialGC) whose used-bytes figure has no region rounding.
 */

/**
 * Measures the heap a store retains per parked entry, with no metadata and with three small
 * fields (orderId, customerId, plan), under keys {@code order-<n>}.
 *
 * <p>Run: {@code ./benchmarks/run.sh memory}, or
 * {@code java -XX:+UseSerialGC -Xmx2g -cp benchmarks/target/benchmarks.jar
 * dev.parkinglot.bench.MemoryPerEntry [--entries 1000000] [--stores memory]}
 */
public final class MemoryPerEntry {
  private static final int DEFAULT_ENTRIES = 1_000_000;
  private static final int WARM_UP = 10_000;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private MemoryPerEntry() {}

  /**
   * Prints one line per store and shape: entries parked and retained bytes per entry.
   *
   * @param args {@code --entries N} (default 1,000,000), {@code --stores a,b} (default memory)
   * @throws IllegalArgumentException for an unknown argument
   * @throws IllegalStateException if the store does not hold what was parked
   */
  public static void main(String[] args) {
    int entries = DEFAULT_ENTRIES;
    List<String> stores = List.of(BenchLot.MEMORY);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--entries") && i + 1 < args.length) {
        entries = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--stores") && i + 1 < args.length) {
        stores = List.of(args[++i].split(","));
      } else {
        throw new IllegalArgumentException("unknown argument '" + args[i] + "'; use --entries N --stores a,b");
      }
    }
    System.out.printf(Locale.ROOT, "JDK %s, GC %s, max heap %d MB%n", Runtime.version(), collectors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(Locale.ROOT, "%-10s %-14s %10s %16s%n", "store", "metadata", "entries", "bytes/entry");
    for (String store : stores) {
      for (boolean withMetadata : new boolean[] {false, true}) {
        double perEntry = measure(store, withMetadata, entries);
        System.out.printf(Locale.ROOT, "%-10s %-14s %10d %16.1f%n",
            store, withMetadata ? "three fields" : "none", entries, perEntry);
      }
    }
  }

  private static double measure(String store, boolean withMetadata, int entries) {
    Map<String, String> settings = Map.of("parkinglot.memory.max-entries", String.valueOf(entries + WARM_UP));
    try (BenchLot bench = BenchLot.openEmpty(store, settings)) {
      String[] warmKeys = BenchLot.keys("warm-", WARM_UP);
      parkRange(bench, "warm-", 0, WARM_UP, withMetadata);
      for (String key : warmKeys) {
        if (bench.lot.retrieve(key).isEmpty()) {
          throw new IllegalStateException(store + " store lost warm-up entry '" + key + "'");
        }
      }
      long baseline = usedAfterGc();
      parkRange(bench, "order-", 0, entries, withMetadata);
      long loaded = usedAfterGc();
      for (int n : new int[] {0, entries / 2, entries - 1}) {
        if (!bench.lot.exists("order-" + n)) {
          throw new IllegalStateException(store + " store does not hold 'order-" + n + "'");
        }
      }
      Reference.reachabilityFence(bench);
      return (double) (loaded - baseline) / entries;
    }
  }

  /** Parks {@code <stem><n>} for n in [from, to), each inside its own span; keys are built here. */
  private static void parkRange(BenchLot bench, String stem, int from, int to, boolean withMetadata) {
    Map<String, String> none = Map.of();
    String[] one = new String[1];
    for (int n = from; n < to; n++) {
      one[0] = stem + n;
      bench.parkEach(one, withMetadata ? SampleMetadata.threeFields(one[0], n) : none);
    }
  }

  /** Heap in use after forced collections, once two readings in a row agree within 64 KB. */
  private static long usedAfterGc() {
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      System.gc();
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < 64 * 1024) {
        return used;
      }
      previous = used;
    }
    return previous;
  }

  private static String collectors() {
    List<String> names = new ArrayList<>();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(collector.getName());
    }
    return String.join("+", names);
  }
}
