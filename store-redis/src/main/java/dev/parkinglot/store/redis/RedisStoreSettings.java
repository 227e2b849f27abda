package dev.parkinglot.store.redis;

/**
 * The settings of the {@code redis} store, read through {@link dev.parkinglot.spi.StoreConfig}:
 * each is a property name, and the environment variable of the same name in upper case with
 * {@code _} for {@code .} and {@code -} ({@code PARKINGLOT_REDIS_URL}).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #URL}</td><td>required</td><td>{@code redis://[user:password@]host[:port][/db]},
 *       {@code rediss://…} for TLS, or a comma-separated node list for a cluster</td></tr>
 *   <tr><td>{@value #CLUSTER}</td><td>{@code auto}</td><td>{@code true}, {@code false}, or {@code auto}:
 *       a cluster when the URL lists more than one node</td></tr>
 *   <tr><td>{@value #POOL_SIZE}</td><td>{@value RedisTraceContextStore#DEFAULT_POOL_SIZE}</td>
 *       <td>most pooled connections (per node in a cluster), 1 to 1024</td></tr>
 *   <tr><td>{@value #TIMEOUT}</td><td>{@code 2s}</td><td>connect and socket timeout, and the longest
 *       wait for a pooled connection: {@code 500ms}, {@code 2s}, {@code PT1S}</td></tr>
 *   <tr><td>{@value #USER}</td><td>none</td><td>ACL user, when the URL names none</td></tr>
 *   <tr><td>{@value #PASSWORD}</td><td>none</td><td>password, when the URL carries none</td></tr>
 * </table>
 */
public final class RedisStoreSettings {
  /** The Redis URL. */
  public static final String URL = "parkinglot.redis.url";
  /** {@code true}, {@code false} or {@code auto}. */
  public static final String CLUSTER = "parkinglot.redis.cluster";
  /** The connection pool size. */
  public static final String POOL_SIZE = "parkinglot.redis.pool-size";
  /** The connect and socket timeout. */
  public static final String TIMEOUT = "parkinglot.redis.timeout";
  /** The ACL user when the URL names none. */
  public static final String USER = "parkinglot.redis.user";
  /** The password when the URL carries none. */
  public static final String PASSWORD = "parkinglot.redis.password";

  private RedisStoreSettings() {}
}
