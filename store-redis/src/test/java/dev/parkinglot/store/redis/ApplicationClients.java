package dev.parkinglot.store.redis;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.Pool;

/**
 * The Jedis clients an application on the Jedis version under test would make and pass to a
 * store, and which the tests use as raw clients: {@code RedisClient} and {@code RedisClusterClient}
 * where that Jedis has them (late 7.x, 8.x), {@code JedisPooled} and {@code JedisCluster} before.
 * The suite runs on Jedis 5.2 to 8.x, so no test names one of these classes directly.
 */
final class ApplicationClients {
  private static final boolean HAS_REDIS_CLIENT = present("redis.clients.jedis.RedisClient");
  private static final boolean HAS_REDIS_CLUSTER_CLIENT = present("redis.clients.jedis.RedisClusterClient");

  private ApplicationClients() {}

  /** A pooled standalone client for {@code redis://[:password@]host:port[/database]}. */
  static UnifiedJedis standalone(String url) {
    return HAS_REDIS_CLIENT
        ? (UnifiedJedis) invoke(null, method("redis.clients.jedis.RedisClient", "create", String.class), url)
        : (UnifiedJedis) construct("redis.clients.jedis.JedisPooled", String.class, url);
  }

  /** A cluster client that discovers the cluster from one node. */
  static UnifiedJedis cluster(HostAndPort node) {
    return HAS_REDIS_CLUSTER_CLIENT
        ? (UnifiedJedis) invoke(null, method("redis.clients.jedis.RedisClusterClient", "create", HostAndPort.class), node)
        : (UnifiedJedis) construct("redis.clients.jedis.JedisCluster", HostAndPort.class, node);
  }

  /** The connection pool of a client made by {@link #standalone}. */
  @SuppressWarnings("unchecked")
  static Pool<Connection> pool(UnifiedJedis client) {
    try {
      return (Pool<Connection>) invoke(client, client.getClass().getMethod("getPool"));
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(client.getClass().getName() + " has no getPool()", e);
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Method method(String className, String name, Class<?> parameter) {
    try {
      return Class.forName(className).getMethod(name, parameter);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(className + "." + name + " is missing", e);
    }
  }

  private static Object construct(String className, Class<?> parameter, Object argument) {
    try {
      return Class.forName(className).getConstructor(parameter).newInstance(argument);
    } catch (InvocationTargetException e) {
      throw rethrow(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + className, e);
    }
  }

  private static Object invoke(Object target, Method method, Object... arguments) {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw rethrow(e);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + method, e);
    }
  }

  private static RuntimeException rethrow(InvocationTargetException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException) {
      throw (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new IllegalStateException(cause);
  }
}
