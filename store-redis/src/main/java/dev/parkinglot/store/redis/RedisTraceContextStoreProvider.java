package dev.parkinglot.store.redis;

import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Provider {@code redis}: creates a {@link RedisTraceContextStore} from the {@link
 * RedisStoreSettings settings}, so that {@code parkinglot.store=redis} plus {@code
 * parkinglot.redis.url} (or {@code PARKINGLOT_REDIS_URL}) is all an application needs.
 */
public final class RedisTraceContextStoreProvider implements TraceContextStoreProvider {
  /** The provider name. */
  public static final String NAME = "redis";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public RedisTraceContextStoreProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Creates a Redis store from {@code config}: the contract of {@link
   * dev.parkinglot.spi.TraceContextStoreProvider#create(StoreConfig)}. The caller owns and closes
   * the store.
   *
   * @throws IllegalArgumentException if {@value RedisStoreSettings#URL} is unset or a setting is
   *     invalid (the message names the setting and never shows a password)
   * @throws dev.parkinglot.StoreUnavailableException if the URL names a cluster and no node answers
   */
  @Override
  public TraceContextStore create(StoreConfig config) {
    RedisTraceContextStore.Builder builder =
        RedisTraceContextStore.builder()
            .url(config.require(RedisStoreSettings.URL))
            .poolSize(config.getInt(
                RedisStoreSettings.POOL_SIZE, RedisTraceContextStore.DEFAULT_POOL_SIZE, 1, 1024))
            .timeout(config.getDuration(
                RedisStoreSettings.TIMEOUT, RedisTraceContextStore.DEFAULT_TIMEOUT,
                Duration.ofMillis(1), Duration.ofMinutes(10)))
            .clock(config.clock());
    Optional<String> cluster = config.get(RedisStoreSettings.CLUSTER);
    if (cluster.isPresent() && !cluster.get().equalsIgnoreCase("auto")) {
      String value = cluster.get().toLowerCase(Locale.ROOT);
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException(
            RedisStoreSettings.CLUSTER + " must be true, false or auto, was '" + cluster.get() + "'");
      }
      builder.cluster(value.equals("true"));
    }
    config.get(RedisStoreSettings.USER).ifPresent(builder::user);
    config.get(RedisStoreSettings.PASSWORD).ifPresent(builder::password);
    return builder.build();
  }
}
