package dev.parkinglot.bench;

import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.store.redis.RedisTraceContextStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Redis server CPU per claim against a {@code GETDEL} of the same value, from {@code INFO
 * commandstats}: the time Redis spent executing the commands (usec per call), not the network
 * round trip and not the client.
 *
 * <p>For each value size, the same bytes are put under a key (by {@code SET}, not counted) and then
 * either claimed by {@link RedisTraceContextStore#claim} (the duplicate-detection retrieve: one
 * {@code EVALSHA}, plus a {@code GET} for values over the inline limit) or taken by a raw {@code
 * GETDEL}. The claim's cost is the {@code evalsha} time (which includes the commands the script
 * calls) plus, for large values, the store's follow-up {@code mget}. Beside it, the server process'
 * CPU ({@code used_cpu_user + used_cpu_sys} of {@code INFO cpu}) per operation, which also counts
 * reading requests and writing replies: a phase of the refills alone is measured first and
 * subtracted. Counters are read before and after each phase, so other traffic on the server
 * distorts them: use a private server.
 *
 * <p>Values: the shared JSON of a context without metadata (about 130 bytes), and the same object
 * padded to the size asked with an extra member another writer could add ({@code "pad":"xxx…"}),
 * which the store reads past.
 *
 * <pre>{@code
 * redis-server --port 6390 --save "" --appendonly no --daemonize yes
 * PARKINGLOT_BENCH_REDIS_URL=redis://127.0.0.1:6390 ./benchmarks/run.sh claim-cost
 * ./benchmarks/run.sh claim-cost --claims 500 --sizes 131,65536,196608
 * }</pre>
 */
public final class RedisClaimCost {
  private static final Duration GRACE = Duration.ofMinutes(10);
  /** The store's inline limit (RedisClaim.INLINE_MAX, package-private there). */
  private static final int INLINE_MAX = 2 * 1024;

  private RedisClaimCost() {}

  /**
   * Runs the comparison and prints one line per size.
   *
   * @param args {@code --claims N} (default 2000), {@code --sizes a,b} (default 131,196608: a value over the read bound, 262,144 bytes, is a corrupt entry),
   *     {@code --rounds R} (default 3)
   */
  public static void main(String[] args) {
    int claims = 2000;
    int rounds = 3;
    List<Integer> sizes = List.of(0, 192 << 10);
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--claims":
          claims = Integer.parseInt(args[i + 1]);
          break;
        case "--rounds":
          rounds = Integer.parseInt(args[i + 1]);
          break;
        case "--sizes":
          sizes = new ArrayList<>();
          for (String size : args[i + 1].split(",")) {
            sizes.add(Integer.parseInt(size.trim()));
          }
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]
              + "; use --claims N, --rounds R, --sizes a,b");
      }
    }
    URI url = URI.create(ServerAddresses.redisUrl());
    String tag = ServerAddresses.runTag();
    try (UnifiedJedis raw = RedisClient.builder()
            .hostAndPort(new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort())).build();
        RedisTraceContextStore store = RedisTraceContextStore.builder().url(url.toString()).build()) {
      System.out.printf(Locale.ROOT, "%-9s %5s | %11s %12s %6s | %11s %12s %6s | %s%n", "bytes", "round",
          "claim", "GETDEL", "ratio", "claim", "GETDEL", "ratio", "claim commands (calls, usec/call)");
      System.out.printf(Locale.ROOT, "%-9s %5s | %-32s | %-32s |%n", "", "",
          "commandstats usec per op", "process CPU usec per op");
      for (int size : sizes) {
        byte[] value = value(size);
        for (int round = 1; round <= rounds; round++) {
          double refill = refillPhase(raw, tag, value, claims);
          Measured claim = claimPhase(raw, store, tag, value, claims);
          Measured getdel = getdelPhase(raw, tag, value, claims);
          double claimCpu = Math.max(0, claim.processUsec - refill) / claims;
          double getdelCpu = Math.max(0, getdel.processUsec - refill) / claims;
          System.out.printf(Locale.ROOT, "%-9d %5d | %11.2f %12.2f %6.2f | %11.2f %12.2f %6.2f | %s%n",
              value.length, round, claim.usecPerOp, getdel.usecPerOp, claim.usecPerOp / getdel.usecPerOp,
              claimCpu, getdelCpu, claimCpu / getdelCpu, claim.detail);
        }
      }
    }
  }

  private static byte[] value(int size) {
    long now = System.currentTimeMillis();
    String head = "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\","
        + "\"traceFlags\":1,\"parkedAt\":" + now + ",\"ttlMs\":86400000";
    int pad = size - head.length() - 10;
    String json = pad <= 0 ? head + "}" : head + ",\"pad\":\"" + "x".repeat(pad) + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private record Measured(double usecPerOp, double processUsec, String detail) {}

  /** used_cpu_user + used_cpu_sys of the server, in microseconds. */
  private static double processCpu(UnifiedJedis raw) {
    double seconds = 0;
    for (String line : raw.info("cpu").split("\r?\n")) {
      if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
        seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return seconds * 1e6;
  }

  /** The server's process CPU of N refills alone (SET of the value), subtracted from both phases. */
  private static double refillPhase(UnifiedJedis raw, String tag, byte[] value, int claims) {
    byte[] rawKey = ("bench-claim-cost:" + tag + ":refill").getBytes(StandardCharsets.UTF_8);
    double before = processCpu(raw);
    for (int i = 0; i < claims; i++) {
      raw.set(rawKey, value);
    }
    double after = processCpu(raw);
    raw.del(rawKey);
    return after - before;
  }

  private static Measured claimPhase(UnifiedJedis raw, RedisTraceContextStore store, String tag, byte[] value,
      int claims) {
    StoreKey key = StoreKey.of("bench-claim-cost:" + tag + ":", "claim");
    byte[] rawKey = key.value().getBytes(StandardCharsets.UTF_8);
    raw.set(rawKey, value);
    store.claim(key, Consumption.of(Instant.now(), GRACE)); // loads the script outside the counters
    Map<String, long[]> before = commandStats(raw);
    double cpuBefore = processCpu(raw);
    for (int i = 0; i < claims; i++) {
      raw.set(rawKey, value);
      ClaimResult result = store.claim(key, Consumption.of(Instant.now(), GRACE));
      if (result.status() != ClaimResult.Status.CLAIMED) {
        throw new IllegalStateException("claim " + i + " of a " + value.length + "-byte value was " + result);
      }
    }
    double cpu = processCpu(raw) - cpuBefore;
    Map<String, long[]> after = commandStats(raw);
    store.delete(key);
    long[] evalsha = delta(before, after, "evalsha");
    long[] get = delta(before, after, "mget");
    // A small value comes back from the script; a larger one by an MGET the store sends after the
    // script, which is added.
    long usec = evalsha[1] + (value.length > INLINE_MAX - 64 ? get[1] : 0);
    StringBuilder detail = new StringBuilder();
    for (String command : List.of("evalsha", "strlen", "rename", "getex", "pexpire", "mget")) {
      long[] d = delta(before, after, command);
      if (d[0] > 0) {
        detail.append(String.format(Locale.ROOT, "%s %d %.2f  ", command, d[0], (double) d[1] / d[0]));
      }
    }
    return new Measured((double) usec / claims, cpu, detail.toString().trim());
  }

  private static Measured getdelPhase(UnifiedJedis raw, String tag, byte[] value, int claims) {
    byte[] rawKey = ("bench-claim-cost:" + tag + ":getdel").getBytes(StandardCharsets.UTF_8);
    Map<String, long[]> before = commandStats(raw);
    double cpuBefore = processCpu(raw);
    for (int i = 0; i < claims; i++) {
      raw.set(rawKey, value);
      if (raw.getDel(rawKey) == null) {
        throw new IllegalStateException("GETDEL " + i + " found nothing");
      }
    }
    double cpu = processCpu(raw) - cpuBefore;
    Map<String, long[]> after = commandStats(raw);
    long[] getdel = delta(before, after, "getdel");
    return new Measured((double) getdel[1] / getdel[0], cpu, "");
  }

  private static long[] delta(Map<String, long[]> before, Map<String, long[]> after, String command) {
    long[] a = after.getOrDefault(command, new long[2]);
    long[] b = before.getOrDefault(command, new long[2]);
    return new long[] {a[0] - b[0], a[1] - b[1]};
  }

  /** {@code INFO commandstats}: command name to {calls, usec}. */
  private static Map<String, long[]> commandStats(UnifiedJedis raw) {
    Map<String, long[]> stats = new HashMap<>();
    for (String line : raw.info("commandstats").split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String name = line.substring("cmdstat_".length(), line.indexOf(':'));
      long calls = 0;
      long usec = 0;
      for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
        if (field.startsWith("calls=")) {
          calls = Long.parseLong(field.substring(6));
        } else if (field.startsWith("usec=")) {
          usec = Long.parseLong(field.substring(5));
        }
      }
      stats.put(name, new long[] {calls, usec});
    }
    return stats;
  }
}
