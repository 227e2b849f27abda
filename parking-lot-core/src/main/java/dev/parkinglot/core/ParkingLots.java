package dev.parkinglot.core;

import dev.parkinglot.ParkingLot;
import dev.parkinglot.spi.StoreConfig;

/** Entry points: build a {@link ParkingLot} explicitly or from configuration. */
public final class ParkingLots {
  private ParkingLots() {}

  /** A builder; a store must be set. */
  public static ParkingLotBuilder builder() {
    return new ParkingLotBuilder();
  }

  /** A lot configured from system properties and environment variables ({@link StoreConfig#fromSystem()}). */
  public static ParkingLot fromConfig() {
    return fromConfig(StoreConfig.fromSystem());
  }

  /** A lot configured from {@code config}; the store is found through {@link java.util.ServiceLoader}. */
  public static ParkingLot fromConfig(StoreConfig config) {
    return builder().config(config).build();
  }
}
