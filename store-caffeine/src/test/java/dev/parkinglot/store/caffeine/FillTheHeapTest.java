package dev.parkinglot.store.caffeine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreKey;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The default byte bound protects a small heap: a JVM started with {@code -Xmx64m} parks 3,000 of
 * the largest entries the limits allow (~280 MB of them) into a Caffeine store with default settings
 * and never runs out of memory; Caffeine evicts down to an eighth of the heap (the entry bound
 * alone, 100 000 entries, would let ~9 GB in).
 */
class FillTheHeapTest {
  static final int PARKS = 3_000;

  @Test
  void aDefaultStoreInA64MegabyteHeapEvictsBeforeTheHeapRunsOut() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), Fill.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!exited) {
      process.destroyForcibly();
    }

    assertThat(exited).as("the child JVM exited; output: %s", output).isTrue();
    assertThat(output).as("exit %d", process.exitValue()).contains("parked " + PARKS).doesNotContain("OutOfMemory");
    assertThat(process.exitValue()).as(output).isZero();
  }

  /** The largest entry the limits allow, with values of its own (nothing shared between entries). */
  static StoredTraceContext largest(long spanId, Instant parkedAt) {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < 32; i++) {
      metadata.put(String.format("%03d", i) + "k".repeat(125),
          (spanId + "-" + i + "-").concat("\u00e9\u4e2d".repeat(512)).substring(0, 1024));
    }
    return StoredTraceContext.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId(spanId)
        .traceFlags((byte) 1).parkedAt(parkedAt).ttl(Duration.ofHours(1))
        .metadata(metadata)
        .traceState("a=" + "b".repeat(510))
        .baggage(("k=" + spanId + "v").concat("\u4e2d".repeat(8192)).substring(0, 8192))
        .build();
  }

  /** The child JVM: parks the largest entries into a default store, then reports what it holds. */
  public static final class Fill {
    public static void main(String[] args) {
      CaffeineTraceContextStore store = CaffeineTraceContextStore.create();
      Instant now = Instant.now();
      for (int i = 1; i <= PARKS; i++) {
        store.save(StoreKey.of("order-" + i), largest(i, now));
      }
      store.cleanUp();
      long weight = store.weightedBytes();
      System.out.println("parked " + PARKS + ", holding " + store.estimatedSize() + " entries of about "
          + weight + " bytes (bound " + store.maxTotalBytes() + "), evicted " + store.evictionCount());
      if (weight > store.maxTotalBytes() || store.evictionCount() == 0) {
        System.exit(2);
      }
    }
  }
}
