package dev.parkinglot.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Turns Spring Boot's Redis connection properties ({@code spring.data.redis.*}, the same names on
 * Boot 3 and 4) into the Redis store's own settings, so that {@code parkinglot.store=redis} connects
 * where the application's Spring Data Redis does. Read from the {@code Environment}, so Spring Data
 * Redis itself need not be on the class path.
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

  static Map<String, String> apply(Map<String, String> settings, Environment environment) {
    Binder binder = Binder.get(environment);
    Map<String, String> result = new LinkedHashMap<>(settings);
    List<String> nodes =
        binder.bind(PREFIX + "cluster.nodes", Bindable.listOf(String.class)).orElse(List.of());
    String url = binder.bind(PREFIX + "url", String.class).orElse(null);
    boolean ssl = binder.bind(PREFIX + "ssl.enabled", Boolean.class).orElse(false)
        || binder.bind(PREFIX + "ssl.bundle", String.class).isBound();
    if (nodes.isEmpty() && url == null && binder.bind(PREFIX + "sentinel.master", String.class).isBound()) {
      throw new IllegalStateException(
          "parkinglot.store=redis: spring.data.redis.sentinel is set, and the Redis store does not support"
              + " Sentinel; set parkinglot.redis.url to the master (or a cluster's nodes)");
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
      String hostPart = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
      result.put("parkinglot.redis.url",
          scheme + "://" + hostPart + ":" + port + (database == 0 ? "" : "/" + database));
    }
    binder.bind(PREFIX + "username", String.class).ifBound(user -> result.putIfAbsent("parkinglot.redis.user", user));
    binder.bind(PREFIX + "password", String.class)
        .ifBound(password -> result.putIfAbsent("parkinglot.redis.password", password));
    binder.bind(PREFIX + "timeout", Duration.class)
        .ifBound(timeout -> result.putIfAbsent("parkinglot.redis.timeout", timeout.toString()));
    return result;
  }
}
