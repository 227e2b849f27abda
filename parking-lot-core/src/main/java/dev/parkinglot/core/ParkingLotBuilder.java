package dev.parkinglot.core;

import dev.parkinglot.MetadataAttributes;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.RetrievalMode;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;

/** Builds a {@link ParkingLot}. STUB: signatures only; the core issue fills them in. */
public final class ParkingLotBuilder {
  ParkingLotBuilder() {}

  /** The store; the lot does not close a store it was given. */
  public ParkingLotBuilder store(TraceContextStore store) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Reads lot settings and selects the store (through ServiceLoader) from {@code config}; the lot owns that store. */
  public ParkingLotBuilder config(StoreConfig config) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public ParkingLotBuilder defaultTtl(Duration ttl) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public ParkingLotBuilder keyPrefix(String prefix) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public ParkingLotBuilder retrievalMode(RetrievalMode mode) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public ParkingLotBuilder missListener(MissListener listener) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public ParkingLotBuilder openTelemetry(OpenTelemetry openTelemetry) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public ParkingLotBuilder clock(Clock clock) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public ParkingLotBuilder propagateStoreErrors(boolean propagate) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public ParkingLotBuilder metadataAttributes(MetadataAttributes policy) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public ParkingLot build() {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
