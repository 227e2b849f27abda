package dev.parkinglot.store.dynamodb;

import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Provides the {@code dynamodb} store. It builds a {@link DynamoDbClient} from the settings in
 * {@link DynamoDbStoreSettings} (region, endpoint, timeouts, attempts) with the SDK's default credential
 * chain and the synchronous HTTP client found on the class path, and owns it: closing the store
 * closes the client.
 *
 * <pre>{@code
 * parkinglot.store=dynamodb
 * parkinglot.dynamodb.table=parking-lot
 * parkinglot.dynamodb.region=eu-west-1
 * }</pre>
 */
public final class DynamoDbTraceContextStoreProvider implements TraceContextStoreProvider {
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  /** Used by {@link java.util.ServiceLoader}. */
  public DynamoDbTraceContextStoreProvider() {}

  @Override
  public String name() {
    return "dynamodb";
  }

  /**
   * Creates the store; with {@value DynamoDbStoreSettings#CREATE_TABLE}{@code =true} it first creates the
   * table through {@link DynamoDbTables#createTable}.
   *
   * @throws IllegalArgumentException if a setting is missing or invalid, or no region is configured
   * @throws dev.parkinglot.ParkingLotException if the table does not exist or has another key
   * @throws dev.parkinglot.StoreUnavailableException if DynamoDB cannot be reached
   */
  @Override
  public TraceContextStore create(StoreConfig config) {
    return create(config, builder -> {});
  }

  /** {@link #create(StoreConfig)} with a last say on the client (tests give it static credentials). */
  DynamoDbTraceContextStore create(StoreConfig config, Consumer<DynamoDbClientBuilder> customizer) {
    // The table settings first: a missing table or a bad value is named before a client exists
    // (building one may fail for reasons of its own, such as no region).
    TableSettings settings = new TableSettings(config);
    DynamoDbClientBuilder clientBuilder = clientBuilder(config);
    customizer.accept(clientBuilder);
    DynamoDbClient client = build(clientBuilder);
    try {
      return create(settings, config, client, true);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Creates the store on a client the application owns (a {@code DynamoDbClient} bean), with the
   * same table settings as {@link #create(StoreConfig)} ({@code table}, {@code partition-key},
   * {@code ttl-attribute}, {@code create-table}, {@code purge-interval}, {@code purge-page-size});
   * the client settings (region, endpoint, timeouts, attempts) are the client's business. The store
   * never closes {@code client}.
   *
   * @param config the settings to read
   * @param client the application's client
   * @return the store
   * @throws IllegalArgumentException if a setting is missing or invalid
   * @throws dev.parkinglot.ParkingLotException if the table does not exist or has another key
   * @throws dev.parkinglot.StoreUnavailableException if DynamoDB cannot be reached
   */
  public static DynamoDbTraceContextStore create(StoreConfig config, DynamoDbClient client) {
    Objects.requireNonNull(client, "client must not be null");
    return create(new TableSettings(config), config, client, false);
  }

  /** The store's own settings, read and checked before any client is built. */
  private static final class TableSettings {
    final String table;
    final String partitionKey;
    final String ttlAttribute;
    final boolean createTable;
    final Duration purgeInterval;
    final int purgePageSize;

    TableSettings(StoreConfig config) {
      table = DynamoDbTables.checkTableName(config.require(DynamoDbStoreSettings.TABLE));
      partitionKey =
          config.get(DynamoDbStoreSettings.PARTITION_KEY).orElse(DynamoDbStoreSettings.DEFAULT_PARTITION_KEY);
      ttlAttribute =
          config.get(DynamoDbStoreSettings.TTL_ATTRIBUTE).orElse(DynamoDbStoreSettings.DEFAULT_TTL_ATTRIBUTE);
      createTable = config.getBoolean(DynamoDbStoreSettings.CREATE_TABLE, false);
      purgeInterval =
          config.getDuration(DynamoDbStoreSettings.PURGE_INTERVAL, Duration.ZERO, Duration.ZERO, Duration.ofDays(1));
      purgePageSize =
          config.getInt(DynamoDbStoreSettings.PURGE_PAGE_SIZE, DynamoDbStoreSettings.DEFAULT_PURGE_PAGE_SIZE, 1, 10_000);
    }
  }

  private static DynamoDbTraceContextStore create(
      TableSettings settings, StoreConfig config, DynamoDbClient client, boolean ownsClient) {
    String table = settings.table;
    String partitionKey = settings.partitionKey;
    String ttlAttribute = settings.ttlAttribute;
    boolean createTable = settings.createTable;
    Duration purgeInterval = settings.purgeInterval;
    int purgePageSize = settings.purgePageSize;
    DynamoDbTraceContextStore.Builder builder =
        DynamoDbTraceContextStore.builder(client, table)
            .partitionKey(partitionKey)
            .ttlAttribute(ttlAttribute)
            .clock(config.clock())
            .purgeInterval(purgeInterval)
            .purgePageSize(purgePageSize)
            .ownsClient(ownsClient);
    if (createTable) {
      DynamoDbTables.createTable(client, table, partitionKey, ttlAttribute);
    }
    return builder.build();
  }

  /**
   * A client builder configured from the settings: region, endpoint override, call and attempt
   * timeouts and attempts. Use it to build a client with other credentials or another HTTP client,
   * then pass the client to {@link DynamoDbTraceContextStore#builder}.
   *
   * <pre>{@code
   * DynamoDbClient client = DynamoDbTraceContextStoreProvider.clientBuilder(StoreConfig.fromSystem())
   *     .credentialsProvider(ProfileCredentialsProvider.create("parking-lot"))
   *     .build();
   * }</pre>
   *
   * @param config the settings to read
   * @return a client builder, not yet built
   * @throws IllegalArgumentException if a setting is invalid
   */
  public static DynamoDbClientBuilder clientBuilder(StoreConfig config) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder();
    config.get(DynamoDbStoreSettings.REGION).ifPresent(region -> builder.region(Region.of(region)));
    config.get(DynamoDbStoreSettings.ENDPOINT).ifPresent(endpoint -> builder.endpointOverride(endpoint(endpoint)));
    Duration callTimeout =
        config.getDuration(
            DynamoDbStoreSettings.API_CALL_TIMEOUT, DynamoDbStoreSettings.DEFAULT_API_CALL_TIMEOUT, Duration.ofMillis(1),
            MAX_TIMEOUT);
    Duration attemptTimeout =
        config.getDuration(
            DynamoDbStoreSettings.API_CALL_ATTEMPT_TIMEOUT, DynamoDbStoreSettings.DEFAULT_API_CALL_ATTEMPT_TIMEOUT,
            Duration.ofMillis(1), MAX_TIMEOUT);
    int maxAttempts = config.getInt(DynamoDbStoreSettings.MAX_ATTEMPTS, 0, 1, 100);
    builder.overrideConfiguration(
        o -> {
          o.apiCallTimeout(callTimeout).apiCallAttemptTimeout(attemptTimeout);
          if (maxAttempts > 0) {
            o.retryStrategy(strategy -> strategy.maxAttempts(maxAttempts));
          }
        });
    return builder;
  }

  private static DynamoDbClient build(DynamoDbClientBuilder builder) {
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw new IllegalArgumentException(
          "could not build the DynamoDB client (set " + DynamoDbStoreSettings.REGION + " or "
              + StoreConfig.environmentVariableName(DynamoDbStoreSettings.REGION) + ", or AWS_REGION): "
              + e.getMessage(), e);
    }
  }

  private static URI endpoint(String endpoint) {
    try {
      URI uri = new URI(endpoint);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
        throw new IllegalArgumentException(
            DynamoDbStoreSettings.ENDPOINT + " must be an http:// or https:// URL with a host, was '"
                + DynamoDbTables.redact(endpoint) + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          DynamoDbStoreSettings.ENDPOINT + " must be an http:// or https:// URL, was '"
              + DynamoDbTables.redact(endpoint) + "'", null);
    }
  }
}
