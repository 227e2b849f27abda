package dev.parkinglot.bench;

import java.util.UUID;

/** Where the server-backed benchmarks find their servers: this machine's services unless told otherwise. */
final class ServerAddresses {
  private ServerAddresses() {}

  /** {@code PARKINGLOT_BENCH_REDIS_URL}, default {@code redis://127.0.0.1:6379}. */
  static String redisUrl() {
    return env("PARKINGLOT_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
  }

  /** {@code PARKINGLOT_BENCH_POSTGRES_URL}, default the local {@code test} database as {@code postgres}. */
  static String postgresUrl() {
    return env("PARKINGLOT_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  }

  /** A short random tag, so that runs sharing a server never see each other's keys or tables. */
  static String runTag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
