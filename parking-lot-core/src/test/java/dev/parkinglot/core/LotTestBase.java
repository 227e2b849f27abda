package dev.parkinglot.core;

import java.time.Instant;
import dev.parkinglot.tck.TckClock;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.store.memory.MemoryTraceContextStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/** A real SDK, the real in-memory store, and a test clock, fresh for every test. */
abstract class LotTestBase {
  /** The park time FACTS.md shows the original writing. */
  static final long START = 1_795_722_583_654L;

  final TckClock clock = TckClock.at(Instant.ofEpochMilli(START));
  final TestTelemetry telemetry = new TestTelemetry();
  final MemoryTraceContextStore store =
      MemoryTraceContextStore.builder().clock(clock).sweepInterval(Duration.ZERO).build();
  /** What the miss listener heard, as "key=REASON". */
  final List<String> misses = new CopyOnWriteArrayList<>();

  ParkingLotBuilder builder() {
    return ParkingLots.builder()
        .store(store)
        .clock(clock)
        .openTelemetry(telemetry.sdk)
        .missListener((key, reason) -> misses.add(key + "=" + reason));
  }

  /** Parks {@code key} inside a fresh span named {@code spanName}, which is ended afterwards. */
  ParkResult parkInSpan(ParkingLot lot, String spanName, String key, Map<String, String> metadata) {
    Span span = telemetry.tracer.spanBuilder(spanName).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return lot.park(key, metadata);
    } finally {
      span.end();
    }
  }

  @AfterEach
  void closeStoreAndSdk() {
    store.close();
    telemetry.close();
  }
}
