package dev.parkinglot.core;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real, minimal serialising store for tests: entries are the wire format's bytes in a map, as a
 * remote store would hold them, so a test can plant bytes another writer (or a corruption) left.
 */
final class WireStore implements TraceContextStore {
  private final ConcurrentHashMap<String, byte[]> entries = new ConcurrentHashMap<>();
  private final WireFormat format = WireFormat.json();
  final Clock clock;
  volatile boolean closed;

  WireStore(Clock clock) {
    this.clock = clock;
  }

  /** Puts raw bytes under a store key, as another writer would. */
  void plant(String storeKey, String json) {
    entries.put(storeKey, json.getBytes(StandardCharsets.UTF_8));
  }

  /** The raw JSON under a store key, or null. */
  String raw(String storeKey) {
    byte[] bytes = entries.get(storeKey);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  boolean containsKey(String storeKey) {
    return entries.containsKey(storeKey);
  }

  @Override
  public void save(String key, StoredTraceContext context) {
    entries.put(key, format.encode(context));
  }

  @Override
  public Optional<StoredTraceContext> load(String key) {
    byte[] bytes = entries.get(key);
    return bytes == null ? Optional.empty() : live(format.decode(key, bytes));
  }

  @Override
  public Optional<StoredTraceContext> take(String key) {
    byte[] bytes = entries.remove(key);
    return bytes == null ? Optional.empty() : live(format.decode(key, bytes));
  }

  private Optional<StoredTraceContext> live(StoredTraceContext context) {
    return context.isExpiredAt(clock.millis()) ? Optional.empty() : Optional.of(context);
  }

  @Override
  public void delete(String key) {
    entries.remove(key);
  }

  @Override
  public boolean exists(String key) {
    return load(key).isPresent();
  }

  @Override
  public void close() {
    closed = true;
  }
}
