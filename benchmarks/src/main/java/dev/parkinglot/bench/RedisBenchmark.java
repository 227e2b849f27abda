package dev.parkinglot.bench;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.store.redis.RedisTraceContextStore;
import dev.parkinglot.wire.JsonWireFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/*
 * The Redis store against raw Jedis in the same run, on the same client and pool: the lot's
 * park+retrieve (SET PX with the JSON wire format, then GETDEL and decode, inside an active span)
 * against a bare SET PX of the same bytes and a GETDEL. The difference is what the library adds
 * (validation, encoding, decoding, tracing); the round trips are the same two. Keys carry a per-run
 * tag, so runs sharing the server never meet, and every pair leaves nothing behind (tombstones
 * expire after the grace period).
 *
 * The lot's retrieve with the default duplicate detection is a claim (EVALSHA of the claim script,
 * which reads the JSON and writes the tombstone on the server), not the raw pair's GETDEL:
 * lotWithoutDuplicateDetection* turn detection off, so the lot sends the raw pair's two commands
 * and the difference is the library's own work.
 */

/**
 * Redis park+retrieve through the lot vs raw Jedis, with 1 and 16 threads. Needs Redis at
 * {@code PARKINGLOT_BENCH_REDIS_URL} (default {@code redis://127.0.0.1:6379}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RedisBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisBenchmark {
  static final int RING = 1024;
  static final int POOL_SIZE = 16;
  static final long TTL_MILLIS = 86_400_000L;
  static final String TAG = ServerAddresses.runTag();

  private UnifiedJedis client;
  private BenchLot bench;
  /** A second lot over the same store, with duplicate detection off: the raw pair's commands exactly. */
  private BenchLot plain;
  private byte[] wireValue;

  /** One thread's keys, for the lot and, joined with the prefix and encoded, for raw Jedis. */
  @State(Scope.Thread)
  public static class ThreadKeys {
    String[] keys;
    byte[][] rawKeys;
    int next;

    @Setup(Level.Trial)
    public void build(ThreadParams params) {
      keys = BenchLot.keys("bench-" + TAG + "-t" + params.getThreadIndex() + "-order-", RING);
      rawKeys = new byte[RING][];
      for (int i = 0; i < RING; i++) {
        rawKeys[i] = BenchLot.storeKey(keys[i]).getBytes(StandardCharsets.UTF_8);
      }
    }

    int advance() {
      int index = next;
      next = (index + 1) & (RING - 1);
      return index;
    }
  }

  @Setup(Level.Trial)
  public void open() {
    URI url = URI.create(ServerAddresses.redisUrl());
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE);
    pool.setMaxIdle(POOL_SIZE);
    client = RedisClient.builder()
        .hostAndPort(new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort()))
        .poolConfig(pool)
        .build();
    bench = BenchLot.over("redis", RedisTraceContextStore.builder().client(client).build());
    plain = BenchLot.overWithoutDuplicateDetection(bench.storeName, bench.store);
    String probe = "bench-" + TAG + "-probe";
    StoredTraceContext parked = bench.parkEach(new String[] {probe}, Map.of()).get(0);
    wireValue = JsonWireFormat.encode(parked);
    bench.lot.delete(probe);
  }

  @TearDown(Level.Trial)
  public void close() {
    plain.lot.close();
    bench.close();
    client.close();
  }

  /** The lot: park then retrieve one key, one thread. */
  @Benchmark
  public StoredTraceContext lotParkThenRetrieve(ThreadKeys keys, ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(bench.lot, keys.keys[keys.advance()]);
  }

  /** Raw Jedis: SET PX then GETDEL of the same bytes, one thread. */
  @Benchmark
  public byte[] rawSetThenGetdel(ThreadKeys keys) {
    return rawPair(keys);
  }

  /** The lot with 16 threads. */
  @Benchmark
  @Threads(16)
  public StoredTraceContext lotParkThenRetrieve16(ThreadKeys keys, ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(bench.lot, keys.keys[keys.advance()]);
  }

  /** Raw Jedis with 16 threads. */
  @Benchmark
  @Threads(16)
  public byte[] rawSetThenGetdel16(ThreadKeys keys) {
    return rawPair(keys);
  }

  /** The lot without duplicate detection (retrieve is a take: SET PX then GETDEL, as raw), one thread. */
  @Benchmark
  public StoredTraceContext lotWithoutDuplicateDetection(ThreadKeys keys, ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(plain.lot, keys.keys[keys.advance()]);
  }

  /** The lot without duplicate detection, 16 threads. */
  @Benchmark
  @Threads(16)
  public StoredTraceContext lotWithoutDuplicateDetection16(ThreadKeys keys, ActiveSpan span) {
    return ParkedCheck.parkThenRetrieve(plain.lot, keys.keys[keys.advance()]);
  }

  private byte[] rawPair(ThreadKeys keys) {
    byte[] key = keys.rawKeys[keys.advance()];
    client.set(key, wireValue, SetParams.setParams().px(TTL_MILLIS));
    byte[] value = client.getDel(key);
    return ParkedCheck.found(value != null, value, new String(key, StandardCharsets.UTF_8));
  }
}
