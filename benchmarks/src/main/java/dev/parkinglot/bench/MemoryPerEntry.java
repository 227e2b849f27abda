package dev.parkinglot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * Retained heap per parked entry, read from the heap after forced collections rather than computed
 * from a layout, so it counts everything the store keeps: the store key String (prefix + key, as
 * the lot hands it over), the map's node and table slot, the StoredTraceContext and its extras.
 *
 * Each store and metadata shape is measured in a JVM of its own (this main starts one per
 * measurement with its own JVM options): measured one after another in one JVM, the entries of a
 * closed lot were seen to stay reachable through the first collections after it, which made the
 * next baseline too high. In the child: open an empty lot, warm it up (classes loaded, the shared
 * metadata key set created) and empty it, read the heap (the baseline), park N entries through the
 * real lot, each from inside its own span, read the heap again, check the entries are there,
 * divide. A reading is taken after System.gc() until two in a row agree, twice, with the serial
 * collector (run.sh passes -XX:+UseSerialGC), whose used bytes have no region rounding.
 */

/**
 * Measures the heap a store retains per parked entry, with no metadata and with three small
 * fields (orderId, customerId, plan), under keys {@code order-<n>} and the lot's default prefix.
 *
 * <p>Run: {@code ./benchmarks/run.sh memory}, or {@code java -XX:+UseSerialGC -Xms3g -Xmx3g -cp
 * benchmarks/target/benchmarks.jar dev.parkinglot.bench.MemoryPerEntry [--entries 1000000]
 * [--stores memory] [--metadata none|three|both]}
 */
public final class MemoryPerEntry {
  private static final int DEFAULT_ENTRIES = 1_000_000;
  private static final int WARM_UP = 10_000;
  private static final String RESULT = "bytes-per-entry ";
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private MemoryPerEntry() {}

  /**
   * Prints one line per store and metadata shape: entries parked and retained bytes per entry.
   *
   * @param args {@code --entries N} (default 1,000,000), {@code --stores a,b} (default memory,caffeine),
   *     {@code --metadata none|three|both} (default both)
   * @throws IllegalArgumentException for an unknown argument
   * @throws IllegalStateException if a store does not hold what was parked, or a measurement fails
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int entries = DEFAULT_ENTRIES;
    List<String> stores = List.of(BenchLot.MEMORY, BenchLot.CAFFEINE);
    List<String> shapes = List.of("none", "three");
    String single = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--entries") && i + 1 < args.length) {
        entries = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--stores") && i + 1 < args.length) {
        stores = List.of(args[++i].split(","));
      } else if (args[i].equals("--metadata") && i + 1 < args.length) {
        String shape = args[++i];
        shapes = shape.equals("both") ? shapes : List.of(checkShape(shape));
      } else if (args[i].equals("--single") && i + 1 < args.length) {
        single = args[++i];
      } else {
        throw new IllegalArgumentException(
            "unknown argument '" + args[i] + "'; use --entries N --stores a,b --metadata none|three|both");
      }
    }
    if (single != null) {
      System.out.println(RESULT + measure(single, shapes.get(0).equals("three"), entries));
      return;
    }
    System.out.printf(Locale.ROOT, "JDK %s, GC %s, max heap %d MB, one JVM per line%n", Runtime.version(),
        collectors(), Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(Locale.ROOT, "%-10s %-14s %10s %12s%n", "store", "metadata", "entries", "bytes/entry");
    for (String store : stores) {
      for (String shape : shapes) {
        double perEntry = inChildJvm(store, shape, entries);
        System.out.printf(Locale.ROOT, "%-10s %-14s %10d %12.1f%n",
            store, shape.equals("three") ? "three fields" : "none", entries, perEntry);
      }
    }
  }

  private static String checkShape(String shape) {
    if (!shape.equals("none") && !shape.equals("three")) {
      throw new IllegalArgumentException("--metadata must be none, three or both, was '" + shape + "'");
    }
    return shape;
  }

  /** Runs one measurement in a new JVM with this JVM's options and class path. */
  private static double inChildJvm(String store, String shape, int entries)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryPerEntry.class.getName(),
        "--single", store, "--metadata", shape, "--entries", String.valueOf(entries)));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        output.add(line);
      }
    }
    int exit = child.waitFor();
    for (String line : output) {
      if (exit == 0 && line.startsWith(RESULT)) {
        return Double.parseDouble(line.substring(RESULT.length()));
      }
    }
    throw new IllegalStateException("measuring " + store + "/" + shape + " failed (exit " + exit + "):\n"
        + String.join("\n", output));
  }

  private static double measure(String store, boolean withMetadata, int entries) {
    String bound = String.valueOf(entries + WARM_UP);
    Map<String, String> settings =
        Map.of("parkinglot.memory.max-entries", bound, "parkinglot.caffeine.maximum-size", bound);
    try (BenchLot bench = BenchLot.openEmpty(store, settings)) {
      String[] warmKeys = BenchLot.keys("warm-", WARM_UP);
      parkRange(bench, "warm-", WARM_UP, withMetadata);
      for (String key : warmKeys) {
        if (bench.lot.retrieve(key).isEmpty()) {
          throw new IllegalStateException(store + " store lost warm-up entry '" + key + "'");
        }
      }
      usedAfterGc();
      long baseline = usedAfterGc();
      parkRange(bench, "order-", entries, withMetadata);
      usedAfterGc();
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

  /** Parks {@code <stem><n>} for n in [0, count), each inside its own span; keys are built here. */
  private static void parkRange(BenchLot bench, String stem, int count, boolean withMetadata) {
    Map<String, String> none = Map.of();
    String[] one = new String[1];
    for (int n = 0; n < count; n++) {
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
