package dev.parkinglot.spi;

import dev.parkinglot.ParkingLotException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/** Finds the registered {@link WireFormat} once, on first use; retries after a failure. Not public API. */
final class WireFormatLoader {
  private static volatile @Nullable WireFormat instance;

  private WireFormatLoader() {}

  static WireFormat get() {
    WireFormat found = instance;
    if (found == null) {
      found = load();
      instance = found;
    }
    return found;
  }

  private static WireFormat load() {
    List<WireFormat> found = new ArrayList<>();
    ServiceLoader.load(WireFormat.class, WireFormat.class.getClassLoader()).forEach(found::add);
    if (found.isEmpty()) {
      ServiceLoader.load(WireFormat.class).forEach(found::add);
    }
    if (found.isEmpty()) {
      throw new ParkingLotException(
          "no JSON wire format on the class path: add the dependency dev.parkinglot:parking-lot-core");
    }
    if (found.stream().map(Object::getClass).distinct().count() > 1) {
      throw new ParkingLotException("more than one JSON wire format on the class path: " + found);
    }
    return found.get(0);
  }
}
