package dev.parkinglot.spring;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Turns Spring Boot's Redis connection settings into the Redis store's own, so that {@code
 * parkinglot.store=redis} connects where the application's Spring Data Redis does. With Spring Data
 * Redis's auto-configuration, from its connection details bean ({@code DataRedisConnectionDetails}
 * on Boot 4, {@code RedisConnectionDetails} on Boot 3: the properties, or a service connection such
 * as Testcontainers' or Docker Compose's); without it, from the {@code spring.data.redis.*}
 * properties (the same names on Boot 3 and 4) read from the {@code Environment}.
 *
 * <p>As Boot does: {@code cluster.nodes} wins over {@code url}, which wins over {@code host}, {@code
 * port} and {@code database}; {@code ssl.enabled} (or an {@code ssl.bundle}) or a {@code rediss://}
 * URL means TLS with the JVM's trust store. {@code username}, {@code password} and {@code timeout}
 * apply to each form. Sentinel is not supported by the Redis store: with {@code sentinel.master} set
 * the application must set {@code parkinglot.redis.url}.
 */
final class SpringRedisSettings {
  private static final String PREFIX = "spring.data.redis.";

  private SpringRedisSettings() {}

  /** Boot 4's, then Boot 3's connection details type. */
  private static final String[] DETAILS = {
    "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails",
    "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails"
  };

  static Map<String, String> apply(
      Map<String, String> settings, Environment environment, ListableBeanFactory beans, ClassLoader classLoader) {
    for (String type : DETAILS) {
      if (ClassUtils.isPresent(type, classLoader)) {
        Object details = beans.getBeanProvider(ClassUtils.resolveClassName(type, classLoader)).getIfUnique();
        if (details != null) {
          return fromDetails(settings, environment, details);
        }
      }
    }
    return apply(settings, environment);
  }

  /** From a connection details bean, by reflection: its type differs between Boot 3 and 4. */
  private static Map<String, String> fromDetails(Map<String, String> settings, Environment environment, Object details) {
    Binder binder = Binder.get(environment);
    Map<String, String> result = new LinkedHashMap<>(settings);
    Object cluster = call(details, "getCluster");
    Object standalone = call(details, "getStandalone");
    // Boot 4 has the SSL bundle on the details, Boot 3 on the standalone details.
    boolean ssl = ssl(binder) || optional(details, "getSslBundle") != null
        || (standalone != null && optional(standalone, "getSslBundle") != null);
    String scheme = ssl ? "rediss" : "redis";
    if (cluster != null) {
      List<String> nodes = new ArrayList<>();
      for (Object node : (List<?>) Objects.requireNonNull(call(cluster, "getNodes"))) {
        nodes.add(hostPort((String) Objects.requireNonNull(call(node, "host")), (Integer) Objects.requireNonNull(call(node, "port"))));
      }
      result.put("parkinglot.redis.url", scheme + "://" + String.join(",", nodes));
      result.putIfAbsent("parkinglot.redis.cluster", "true");
    } else if (call(details, "getSentinel") != null || standalone == null) {
      throw sentinel();
    } else {
      int database = (Integer) Objects.requireNonNull(call(standalone, "getDatabase"));
      result.put("parkinglot.redis.url", scheme + "://"
          + hostPort((String) Objects.requireNonNull(call(standalone, "getHost")),
              (Integer) Objects.requireNonNull(call(standalone, "getPort")))
          + (database == 0 ? "" : "/" + database));
    }
    Object user = call(details, "getUsername");
    if (user != null) {
      result.putIfAbsent("parkinglot.redis.user", (String) user);
    }
    Object password = call(details, "getPassword");
    if (password != null) {
      result.putIfAbsent("parkinglot.redis.password", (String) password);
    }
    timeout(binder, result);
    return result;
  }

  /** As {@link #call}, null when this Boot version has no such method. */
  private static @Nullable Object optional(Object target, String method) {
    try {
      findMethod(target.getClass(), method);
    } catch (NoSuchMethodException e) {
      return null;
    }
    return call(target, method);
  }

  private static @Nullable Object call(Object target, String method) {
    try {
      Method found = findMethod(target.getClass(), method);
      return found.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read Spring Boot's Redis connection details (" + method + ")", e);
    }
  }

  /** The public method, looked up on the public interfaces and classes (the bean's class may be private). */
  private static Method findMethod(Class<?> type, String name) throws NoSuchMethodException {
    for (Class<?> candidate : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      try {
        return candidate.getMethod(name);
      } catch (NoSuchMethodException e) {
        // try the next one
      }
    }
    Method method = type.getMethod(name);
    method.setAccessible(true);
    return method;
  }

  private static boolean ssl(Binder binder) {
    return binder.bind(PREFIX + "ssl.enabled", Boolean.class).orElse(false)
        || binder.bind(PREFIX + "ssl.bundle", String.class).isBound()
        || binder.bind(PREFIX + "url", String.class).map(url -> url.startsWith("rediss://")).orElse(false);
  }

  private static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  private static IllegalStateException sentinel() {
    return new IllegalStateException(
        "parkinglot.store=redis: Spring Boot's Redis connection is a Sentinel (spring.data.redis.sentinel),"
            + " and the Redis store does not support Sentinel; set parkinglot.redis.url to the master"
            + " (or a cluster's nodes)");
  }

  private static void timeout(Binder binder, Map<String, String> result) {
    binder.bind(PREFIX + "timeout", Duration.class)
        .ifBound(timeout -> result.putIfAbsent("parkinglot.redis.timeout", timeout.toString()));
  }

  /** From the {@code spring.data.redis.*} properties alone. */
  static Map<String, String> apply(Map<String, String> settings, Environment environment) {
    Binder binder = Binder.get(environment);
    Map<String, String> result = new LinkedHashMap<>(settings);
    List<String> nodes =
        binder.bind(PREFIX + "cluster.nodes", Bindable.listOf(String.class)).orElse(List.of());
    String url = binder.bind(PREFIX + "url", String.class).orElse(null);
    boolean ssl = binder.bind(PREFIX + "ssl.enabled", Boolean.class).orElse(false)
        || binder.bind(PREFIX + "ssl.bundle", String.class).isBound();
    if (nodes.isEmpty() && url == null && binder.bind(PREFIX + "sentinel.master", String.class).isBound()) {
      throw sentinel();
    }
    String scheme = ssl ? "rediss" : "redis";
    if (!nodes.isEmpty()) {
      result.put("parkinglot.redis.url", scheme + "://" + String.join(",", nodes));
      result.putIfAbsent("parkinglot.redis.cluster", "true");
    } else if (url != null) {
      result.put("parkinglot.redis.url", ssl && url.startsWith("redis://") ? "rediss://" + url.substring(8) : url);
    } else {
      String host = binder.bind(PREFIX + "host", String.class).orElse("localhost");
      int port = binder.bind(PREFIX + "port", Integer.class).orElse(6379);
      int database = binder.bind(PREFIX + "database", Integer.class).orElse(0);
      result.put("parkinglot.redis.url", scheme + "://" + hostPort(host, port) + (database == 0 ? "" : "/" + database));
    }
    binder.bind(PREFIX + "username", String.class).ifBound(user -> result.putIfAbsent("parkinglot.redis.user", user));
    binder.bind(PREFIX + "password", String.class)
        .ifBound(password -> result.putIfAbsent("parkinglot.redis.password", password));
    timeout(binder, result);
    return result;
  }
}
