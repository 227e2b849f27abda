package dev.parkinglot.tck;

/**
 * Finds a server for the built-in stores' TCK runs. Each method returns, in this order:
 *
 * <ol>
 *   <li>the value of an environment variable naming a running server ({@link #REDIS_URL_VARIABLE}
 *       and the others below), untouched;
 *   <li>else, when Testcontainers is on the test class path and finds a Docker engine, the URL of a
 *       container it starts once per JVM ({@code redis:7}, {@code postgres:16}, {@code mariadb:11},
 *       {@code amazon/dynamodb-local});
 *   <li>else it aborts the calling test through {@link org.junit.jupiter.api.Assumptions} with a
 *       reason that names the variable to set; or, when {@code PARKINGLOT_TCK_REQUIRE_ALL=true}, it
 *       fails the test with that message instead, so that CI cannot pass with nothing tested.
 * </ol>
 *
 * <p>Call these from {@link TraceContextStoreTck#createStore(TckContext)} (or a {@code @BeforeAll}):
 *
 * <pre>{@code
 * protected TraceContextStore createStore(TckContext context) {
 *   return RedisTraceContextStore.builder(TckBackends.redisUrl()).clock(context.clock()).build();
 * }
 * }</pre>
 */
public final class TckBackends {
  /** Names a running Redis, for example {@code redis://127.0.0.1:6379}. */
  public static final String REDIS_URL_VARIABLE = "PARKINGLOT_TCK_REDIS_URL";
  /** Names a running PostgreSQL, for example {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. */
  public static final String POSTGRES_URL_VARIABLE = "PARKINGLOT_TCK_POSTGRES_URL";
  /** Names a running MariaDB, for example {@code jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable}. */
  public static final String MARIADB_URL_VARIABLE = "PARKINGLOT_TCK_MARIADB_URL";
  /** Names a running DynamoDB endpoint, for example {@code http://127.0.0.1:8000}. */
  public static final String DYNAMODB_ENDPOINT_VARIABLE = "PARKINGLOT_TCK_DYNAMODB_ENDPOINT";
  /** When {@code true}, a missing backend fails the test instead of skipping it. */
  public static final String REQUIRE_ALL_VARIABLE = BackendResolver.REQUIRE_ALL;

  private static final BackendResolver RESOLVER = BackendResolver.system();

  private TckBackends() {}

  /**
   * A Redis URL ({@code redis://host:port}).
   *
   * @return the Redis URL
   * @throws org.opentest4j.TestAbortedException when there is no Redis and failures are not required
   * @throws org.opentest4j.AssertionFailedError when there is no Redis and {@code PARKINGLOT_TCK_REQUIRE_ALL=true}
   */
  public static String redisUrl() {
    return RESOLVER.resolve(TckBackend.REDIS);
  }

  /**
   * A PostgreSQL JDBC URL with the user in it ({@code jdbc:postgresql://host:port/test?user=postgres}).
   *
   * @return the PostgreSQL JDBC URL
   * @throws org.opentest4j.TestAbortedException when there is none and failures are not required
   * @throws org.opentest4j.AssertionFailedError when there is none and {@code PARKINGLOT_TCK_REQUIRE_ALL=true}
   */
  public static String postgresJdbcUrl() {
    return RESOLVER.resolve(TckBackend.POSTGRES);
  }

  /**
   * A MariaDB JDBC URL with the user in it ({@code jdbc:mariadb://host:port/test?user=root&sslMode=disable}).
   *
   * @return the MariaDB JDBC URL
   * @throws org.opentest4j.TestAbortedException when there is none and failures are not required
   * @throws org.opentest4j.AssertionFailedError when there is none and {@code PARKINGLOT_TCK_REQUIRE_ALL=true}
   */
  public static String mariadbJdbcUrl() {
    return RESOLVER.resolve(TckBackend.MARIADB);
  }

  /**
   * A DynamoDB endpoint URL ({@code http://host:port}); any region and credentials work against it.
   *
   * @return the DynamoDB endpoint URL
   * @throws org.opentest4j.TestAbortedException when there is none and failures are not required
   * @throws org.opentest4j.AssertionFailedError when there is none and {@code PARKINGLOT_TCK_REQUIRE_ALL=true}
   */
  public static String dynamoDbEndpoint() {
    return RESOLVER.resolve(TckBackend.DYNAMODB);
  }
}
