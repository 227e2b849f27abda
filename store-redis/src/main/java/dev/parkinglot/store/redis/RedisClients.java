package dev.parkinglot.store.redis;

import dev.parkinglot.StoreUnavailableException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.Pool;

/*
 * Jedis versions. The store runs on Jedis 5.2 to 8.x, because applications bring their own (Spring
 * Boot 3.5 manages 6.0.0, Spring Boot 4.0 manages 7.0.0). Each of those versions has a different
 * front door: JedisPooled up to 7.x (gone in 8), RedisClient and RedisClusterClient from late 7.x
 * (absent in 6.0.0 and 7.0.0), SslOptions from 6.0. So the clients are built only from what every
 * one of them has, checked with javap against 5.2.0, 6.0.0, 7.0.0 and 8.0.2:
 *   standalone  a UnifiedJedis subclass over a PooledConnectionProvider, through UnifiedJedis'
 *               protected (ConnectionProvider, RedisProtocol) constructor (5.2+; the public
 *               one-argument constructor is gone in 8). It runs each command once, on a pooled
 *               connection, as JedisPooled and RedisClient do (the public constructor with retries
 *               would wrap connection errors in "No more attempts left").
 *   cluster     JedisCluster(nodes, config, maxAttempts, pool), in every version; Jedis 8 deprecates
 *               the class in favour of RedisClusterClient, which 6.0.0 and 7.0.0 do not have.
 *   TLS         ssl(true), the caller's socket factory or the JVM's default, and SSLParameters with
 *               HTTPS endpoint identification: host name verification on every version (Jedis 5.x
 *               to 7.0 leave it off unless asked; SslOptions does not exist before 6.0).
 * The one thing no common type offers is the pool of a client an application passes in (RedisClient
 * or JedisPooled, whichever its Jedis has): poolOf finds those classes once, when this class loads.
 *
 * The pool: as many connections as the configured size, all of them kept when idle (a burst
 * after a quiet spell should not pay for reconnects), none tested on borrow (that would be a PING
 * per operation, a second round trip), idle ones checked in the background by Jedis' default
 * evictor. A caller waits at most the timeout for a free connection, then gets an error rather
 * than hanging.
 */

/** Creates the Jedis client of a store built from a URL. Package-private. */
final class RedisClients {
  /** Jedis' own default for a cluster client: tries per command across redirections and reconnects. */
  private static final int CLUSTER_MAX_ATTEMPTS = 5;

  /** getPool() of the pooled client classes this Jedis has: RedisClient (7.x late, 8.x), JedisPooled (to 7.x). */
  private static final List<PoolGetter> APPLICATION_POOLS =
      poolGetters("redis.clients.jedis.RedisClient", "redis.clients.jedis.JedisPooled");

  private RedisClients() {}

  /**
   * The standalone client of a store built from a URL: a UnifiedJedis over a pool, which it closes
   * on close, and whose pool the store can clear after a server restart.
   */
  static final class PooledClient extends UnifiedJedis {
    private final PooledConnectionProvider provider;

    PooledClient(PooledConnectionProvider provider, JedisClientConfig config) {
      super(provider, config.getRedisProtocol());
      this.provider = provider;
    }

    Pool<Connection> pool() {
      return provider.getPool();
    }
  }

  /**
   * The connection pool of a standalone client: this store's own, or that of a {@code RedisClient}
   * or {@code JedisPooled} an application passed in; null for a cluster client or another kind.
   */
  static @Nullable Pool<Connection> poolOf(UnifiedJedis client) {
    if (client instanceof PooledClient) {
      return ((PooledClient) client).pool();
    }
    for (PoolGetter getter : APPLICATION_POOLS) {
      if (getter.type().isInstance(client)) {
        return getter.pool(client);
      }
    }
    return null;
  }

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
   * TLS with full verification (certificate chain and host name): the chain against the JVM's
   * default trust store, or against the caller's socket factory; the host name by the HTTPS
   * endpoint identification of the JDK, set here because Jedis before 8 does not set it. Jedis 8
   * deprecates these setters in favour of SslOptions, which Jedis 5.x does not have and which
   * cannot take an SSLContext built in memory; they work in every version from 5.2 to 8.x.
   */
  @SuppressWarnings("deprecation")
  private static void tls(DefaultJedisClientConfig.Builder config, @Nullable SSLSocketFactory sslSocketFactory) {
    SSLParameters verifyHostName = new SSLParameters();
    verifyHostName.setEndpointIdentificationAlgorithm("HTTPS");
    config.ssl(true).sslParameters(verifyHostName);
    if (sslSocketFactory != null) {
      config.sslSocketFactory(sslSocketFactory);
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
    JedisClientConfig clientConfig = config.build();
    if (cluster) {
      return cluster(endpoint, clientConfig, pool, Duration.ofMillis(timeoutMillis));
    }
    CallerBoundConnectionFactory factory =
        new CallerBoundConnectionFactory(new ConnectionFactory(endpoint.nodes().get(0), clientConfig));
    return new PooledClient(new PooledConnectionProvider(factory, pool), clientConfig);
  }

  /**
   * JedisCluster: deprecated in Jedis 8, but the one cluster client that Jedis 5.2 to 8.x all have.
   * Its retries (redirections, reconnects) stop once {@code timeout} has passed: Jedis' default
   * budget is the socket timeout times the attempts, five timeouts against a stalled node.
   */
  @SuppressWarnings("deprecation")
  private static UnifiedJedis cluster(
      RedisEndpoint endpoint, JedisClientConfig config, ConnectionPoolConfig pool, Duration timeout) {
    return new JedisCluster(new LinkedHashSet<>(endpoint.nodes()), config, CLUSTER_MAX_ATTEMPTS, timeout, pool);
  }

  private static List<PoolGetter> poolGetters(String... classNames) {
    List<PoolGetter> getters = new ArrayList<>();
    for (String name : classNames) {
      try {
        Class<?> type = Class.forName(name, false, RedisClients.class.getClassLoader());
        MethodHandle getPool = MethodHandles.publicLookup()
            .findVirtual(type, "getPool", MethodType.methodType(Pool.class));
        getters.add(new PoolGetter(type, getPool));
      } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException absent) {
        // Not in this Jedis version: its clients cannot be passed in, so nothing to look for.
      }
    }
    return List.copyOf(getters);
  }

  /** A pooled client class and its getPool(). */
  private record PoolGetter(Class<?> type, MethodHandle getPool) {
    @SuppressWarnings("unchecked")
    Pool<Connection> pool(UnifiedJedis client) {
      try {
        return (Pool<Connection>) getPool.invoke(client);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable checked) {
        throw new IllegalStateException("getPool() of " + type.getName() + " failed", checked);
      }
    }
  }
}
