package dev.parkinglot.core;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.wire.JsonWireFormat;
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
  public void save(StoreKey key, StoredTraceContext context) {
    entries.put(key.value(), JsonWireFormat.encode(context));
  }

  @Override
  public Optional<StoredTraceContext> load(StoreKey key) {
    byte[] bytes = entries.get(key.value());
    return bytes == null ? Optional.empty() : live(JsonWireFormat.decode(key.value(), bytes));
  }

  @Override
  public Optional<StoredTraceContext> take(StoreKey key) {
    byte[] bytes = entries.remove(key.value());
    return bytes == null ? Optional.empty() : live(JsonWireFormat.decode(key.value(), bytes));
  }

  private Optional<StoredTraceContext> live(StoredTraceContext context) {
    return context.isExpiredAt(clock.millis()) ? Optional.empty() : Optional.of(context);
  }

  @Override
  public void delete(StoreKey key) {
    entries.remove(key.value());
  }

  @Override
  public boolean exists(StoreKey key) {
    return load(key).isPresent();
  }

  @Override
  public void close() {
    closed = true;
  }
}
