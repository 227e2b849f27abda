package dev.parkinglot.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.StoreFullException;
import dev.parkinglot.spi.StoreKey;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The default byte bound protects a small heap: a JVM started with {@code -Xmx64m} parks the largest
 * entries the limits allow into a store with default settings until the store refuses, and never
 * runs out of memory (the entry bound alone, 100 000 entries of ~93 KB, would need ~9 GB).
 */
class FillTheHeapTest {

  @Test
  void aDefaultStoreInA64MegabyteHeapRefusesBeforeTheHeapRunsOut() throws Exception {
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
    assertThat(output).as("exit %d", process.exitValue()).contains("refused after ").doesNotContain("OutOfMemory");
    assertThat(process.exitValue()).as(output).isZero();
  }

  /** The child JVM: parks the largest entries until the default store refuses one. */
  public static final class Fill {
    public static void main(String[] args) {
      MemoryTraceContextStore store = MemoryTraceContextStore.create();
      Instant now = Instant.now();
      for (int i = 1; i <= 100_000; i++) {
        try {
          store.save(StoreKey.of("order-" + i), MemoryStoreBoundsTest.largest(i, now));
        } catch (StoreFullException e) {
          System.out.println("refused after " + (i - 1) + " entries, about " + store.estimatedBytes()
              + " bytes of " + store.maxTotalBytes() + ": " + e.getMessage());
          return;
        }
      }
      System.out.println("never refused");
      System.exit(2);
    }
  }
}
