package dev.parkinglot.core;

import dev.parkinglot.ParkingLot;
import dev.parkinglot.spi.StoreConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Entry points: build a {@link ParkingLot} explicitly or from configuration.
 *
 * <pre>{@code
 * // Explicit:
 * ParkingLot lot = ParkingLots.builder().store(myStore).openTelemetry(otel).build();
 *
 * // From system properties and environment variables, e.g. PARKINGLOT_STORE=redis:
 * ParkingLot lot = ParkingLots.fromConfig();
 * }</pre>
 */
public final class ParkingLots {
  /** The instrumentation scope name of every span the lot starts. */
  public static final String INSTRUMENTATION_NAME = "dev.parkinglot";

  /** This library's version, the instrumentation scope version; {@code "unknown"} if it cannot be read. */
  public static final String VERSION = readVersion();

  private ParkingLots() {}

  /**
   * A builder; set a store, or a configuration naming one, before {@link
   * ParkingLotBuilder#build()}.
   *
   * @return a new builder with the defaults
   */
  public static ParkingLotBuilder builder() {
    return new ParkingLotBuilder();
  }

  /**
   * A lot configured from system properties and environment variables ({@link StoreConfig#fromSystem()}),
   * with the global {@code OpenTelemetry}. The lot owns its store.
   *
   * @return a lot that owns its store
   * @throws dev.parkinglot.ParkingLotException if the store cannot be found
   * @throws IllegalArgumentException if a setting is invalid
   */
  public static ParkingLot fromConfig() {
    return fromConfig(StoreConfig.fromSystem());
  }

  /**
   * A lot configured from {@code config}; the store is found through {@link java.util.ServiceLoader}
   * and owned by the lot. See {@link ParkingLotBuilder} for the settings.
   *
   * @param config the settings, the store's name among them
   * @return a lot that owns its store
   * @throws dev.parkinglot.ParkingLotException if the store cannot be found
   * @throws IllegalArgumentException if a setting is invalid
   */
  public static ParkingLot fromConfig(StoreConfig config) {
    return builder().config(config).build();
  }

  static Tracer tracer(OpenTelemetry openTelemetry) {
    return openTelemetry.tracerBuilder(INSTRUMENTATION_NAME).setInstrumentationVersion(VERSION).build();
  }

  private static String readVersion() {
    try (InputStream in = ParkingLots.class.getResourceAsStream("parking-lot-core.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
