package dev.parkinglot.store.redis;

import dev.parkinglot.StoreUnavailableException;
import java.time.Duration;
import java.util.LinkedHashSet;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
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

  /** A created client and its description for messages, password redacted. */
  record Created(UnifiedJedis client, String description) {}

  /**
   * Parses the URL, checks the settings against it, and creates the client.
   *
   * @throws IllegalArgumentException if the URL is malformed or a setting conflicts with it
   * @throws StoreUnavailableException if a cluster's nodes cannot be reached
   */
  static Created fromUrl(
      String url, @Nullable String user, @Nullable String password, @Nullable Boolean cluster,
      int poolSize, Duration timeout, @Nullable SSLSocketFactory sslSocketFactory) {
    RedisEndpoint endpoint = RedisEndpoint.parse(url);
    if (sslSocketFactory != null && !endpoint.tls()) {
      throw new IllegalArgumentException(
          "an SSL socket factory is set but the Redis URL " + endpoint + " is not rediss://");
    }
    String effectiveUser = pick("user", endpoint.user(), user, endpoint);
    String effectivePassword = pick("password", endpoint.password(), password, endpoint);
    int nodes = endpoint.nodes().size();
    boolean isCluster = cluster != null ? cluster : nodes > 1;
    if (!isCluster && nodes > 1) {
      throw new IllegalArgumentException(
          "the Redis URL " + endpoint + " lists " + nodes + " nodes but cluster is false;"
              + " a standalone store connects to one node");
    }
    if (isCluster && endpoint.database() != 0) {
      throw new IllegalArgumentException(
          "the Redis URL " + endpoint + " selects database " + endpoint.database()
              + ", but Redis Cluster has database 0 only");
    }
    String description =
        "url=" + endpoint + ", cluster=" + isCluster + ", poolSize=" + poolSize + ", timeout=" + timeout;
    try {
      return new Created(
          create(endpoint, effectiveUser, effectivePassword, isCluster, poolSize, timeout, sslSocketFactory),
          description);
    } catch (RuntimeException e) {
      throw new StoreUnavailableException(
          "redis store: cannot connect (" + description + "): " + RedisErrors.describe(e), e);
    }
  }

  /**
   * TLS with the JVM's trust store and full verification (certificate chain and host name), or
   * with the caller's socket factory. Jedis 8 deprecates the socket-factory setters in favour of
   * SslOptions, which cannot take an SSLContext built in memory; they still work in 8.x and are
   * used only when the caller gives a factory. Jedis sets host name verification either way.
   */
  @SuppressWarnings("deprecation")
  private static void tls(DefaultJedisClientConfig.Builder config, @Nullable SSLSocketFactory sslSocketFactory) {
    if (sslSocketFactory == null) {
      config.sslOptions(SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build());
    } else {
      config.ssl(true).sslSocketFactory(sslSocketFactory);
    }
  }

  private static @Nullable String pick(
      String what, @Nullable String fromUrl, @Nullable String fromSetting, RedisEndpoint endpoint) {
    if (fromUrl != null && fromSetting != null) {
      throw new IllegalArgumentException(
          "the " + what + " is set both in the Redis URL " + endpoint + " and as a setting; set it once");
    }
    return fromUrl != null ? fromUrl : fromSetting;
  }

  private static UnifiedJedis create(
      RedisEndpoint endpoint, @Nullable String user, @Nullable String password, boolean cluster,
      int poolSize, Duration timeout, @Nullable SSLSocketFactory sslSocketFactory) {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(timeoutMillis)
            .socketTimeoutMillis(timeoutMillis);
    if (endpoint.tls()) {
      tls(config, sslSocketFactory);
    }
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
