package dev.parkinglot.store.caffeine;

import dev.parkinglot.StoredTraceContext;
import java.time.Duration;

/** Test values. */
final class Contexts {
  private Contexts() {}

  /** A context parked at {@code parkedAtMillis} with a distinct span id per {@code n}. */
  static StoredTraceContext parked(long parkedAtMillis, Duration ttl, long n) {
    return StoredTraceContext.builder()
        .traceId(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L)
        .spanId(n + 1)
        .traceFlags((byte) 1)
        .parkedAtMillis(parkedAtMillis)
        .ttl(ttl)
        .build();
  }
}
