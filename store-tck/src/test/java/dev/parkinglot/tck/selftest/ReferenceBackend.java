package dev.parkinglot.tck.selftest;

import dev.parkinglot.StoredTraceContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The "server" of the self-test stores: a map shared by every store instance of one TCK context,
 * and, like Redis' own TTL, a sweeper that drops entries expired by the real clock.
 */
final class ReferenceBackend implements AutoCloseable {
  private static final Map<String, ReferenceBackend> BY_NAME = new ConcurrentHashMap<>();

  final ConcurrentHashMap<String, StoredTraceContext> entries = new ConcurrentHashMap<>();
  /** Keys under which the backend holds bytes no store can read. */
  final java.util.Set<String> unreadable = ConcurrentHashMap.newKeySet();
  /** Whether the backend answers at all; a down backend makes every store operation fail. */
  volatile boolean down;
  /** The most entries the backend holds. */
  volatile int capacity = Integer.MAX_VALUE;
  /** A backend ttl in real time, epoch ms, as a store may set one (a Redis PX); none by default. */
  final ConcurrentHashMap<String, Long> realDeadlines = new ConcurrentHashMap<>();
  private final @Nullable ScheduledExecutorService sweeper;

  private ReferenceBackend(boolean sweeps) {
    if (sweeps) {
      sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "reference-backend-sweeper");
        thread.setDaemon(true);
        return thread;
      });
      sweeper.scheduleWithFixedDelay(this::sweep, 50, 50, TimeUnit.MILLISECONDS);
    } else {
      sweeper = null;
    }
  }

  /** The backend of a TCK context name, created on first use. */
  static ReferenceBackend named(String name, boolean sweeps) {
    return BY_NAME.computeIfAbsent(name, n -> new ReferenceBackend(sweeps));
  }

  /** A backend of its own, not shared by name and without a sweeper. */
  static ReferenceBackend unnamed() {
    return new ReferenceBackend(false);
  }

  /** Closes and forgets the backend of a TCK context name. */
  static void drop(String name) {
    ReferenceBackend backend = BY_NAME.remove(name);
    if (backend != null) {
      backend.close();
    }
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    entries.forEach((key, value) -> {
      if (value.isExpiredAt(now)) {
        entries.remove(key, value);
      }
    });
    realDeadlines.forEach((key, deadline) -> {
      if (deadline <= now) {
        entries.remove(key);
        realDeadlines.remove(key, deadline);
      }
    });
  }

  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    entries.clear();
  }
}
