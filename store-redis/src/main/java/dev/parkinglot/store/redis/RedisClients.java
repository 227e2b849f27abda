package dev.parkinglot.store.redis;

import java.time.Duration;
import java.util.LinkedHashSet;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/*
 * The pool: as many connections as the configured size, all of them kept when idle (a burst
 * after a quiet spell should not pay for reconnects), none tested on borrow (that would be a PING
 * per operation, a second round trip), idle ones checked in the background by Jedis' default
 * evictor. A caller waits at most the timeout for a free connection, then gets an error rather
 * than hanging.
 */

/** Creates the Jedis client of a store built from a URL. Package-private. */
final class RedisClients {
  private RedisClients() {}

  static UnifiedJedis create(
      RedisEndpoint endpoint, @Nullable String user, @Nullable String password, boolean cluster,
      int poolSize, Duration timeout) {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(timeoutMillis)
            .socketTimeoutMillis(timeoutMillis)
            .ssl(endpoint.tls());
    if (user != null) {
      config.user(user);
    }
    if (password != null) {
      config.password(password);
    }
    if (!cluster) {
      config.database(endpoint.database());
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(poolSize);
    pool.setMaxIdle(poolSize);
    pool.setMinIdle(0);
    pool.setTestOnBorrow(false);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(Duration.ofMillis(timeoutMillis));
    if (cluster) {
      return RedisClusterClient.builder()
          .nodes(new LinkedHashSet<>(endpoint.nodes()))
          .clientConfig(config.build())
          .poolConfig(pool)
          .build();
    }
    return RedisClient.builder()
        .hostAndPort(endpoint.nodes().get(0))
        .clientConfig(config.build())
        .poolConfig(pool)
        .build();
  }
}
