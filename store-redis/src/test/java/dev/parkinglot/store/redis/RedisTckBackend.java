package dev.parkinglot.store.redis;

import org.junit.jupiter.api.Assumptions;

/**
 * The shared Redis of the TCK: {@code PARKINGLOT_TCK_REDIS_URL}. Without it the TCK class is
 * skipped with a reason, or fails when {@code PARKINGLOT_TCK_REQUIRE_ALL=true}.
 */
// TODO: use dev.parkinglot.tck.TckBackends.redisUrl() (Testcontainers fallback) once the tck branch has it.
final class RedisTckBackend {
  private RedisTckBackend() {}

  static String url() {
    String url = System.getenv("PARKINGLOT_TCK_REDIS_URL");
    if (url != null && !url.isBlank()) {
      return url.trim();
    }
    String reason = "PARKINGLOT_TCK_REDIS_URL is not set, so there is no Redis for the TCK";
    if ("true".equalsIgnoreCase(System.getenv("PARKINGLOT_TCK_REQUIRE_ALL"))) {
      throw new IllegalStateException(reason + " and PARKINGLOT_TCK_REQUIRE_ALL=true");
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }
}
