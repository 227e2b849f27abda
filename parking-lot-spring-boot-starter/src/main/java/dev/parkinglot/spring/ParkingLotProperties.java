package dev.parkinglot.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code parkinglot.*} settings as Spring binds them from its {@code Environment}
 * (application.properties or YAML, profiles, environment variables through relaxed binding). Every
 * value is kept as the text written and handed to the library by {@link #toMap()}, so it is checked
 * by the library's own rules with the library's own messages (a bad {@code parkinglot.default-ttl}
 * fails the application's start naming the property and the value).
 *
 * <p>Generated from one list of the library's settings, with the IDE metadata beside it; {@code
 * ParkingLotPropertiesTest} fails when a store adds a setting that is missing here.
 */
@ConfigurationProperties(prefix = "parkinglot")
public class ParkingLotProperties {
  /** Which store holds parked contexts: memory, caffeine, redis, jdbc, dynamodb or a custom store's name. The starter defaults to memory; jdbc uses the application's DataSource unless parkinglot.jdbc.url is set, redis uses spring.data.redis.* unless parkinglot.redis.url is set, dynamodb uses a DynamoDbClient bean unless parkinglot.dynamodb.endpoint or region is set. Default memory. */
  private @Nullable String store;

  /** How long a context parked without a ttl of its own stays: 30m, 2h, 1d or ISO-8601 (PT2H), at most 366 days. Default 24h. */
  private @Nullable String defaultTtl;

  /** Text put before every correlation key in the store, up to 256 chars, may be empty. Default parkingLot:. */
  private @Nullable String keyPrefix;

  /** What a callback's claim does to the parked context: consume-on-claim, keep-until-expiry or consume-on-success. Default consume-on-claim. */
  private @Nullable String retrievalMode;

  /** Whether store errors are thrown instead of being recorded on the span and counted (fail-open). Default false. */
  private @Nullable String propagateStoreErrors;

  /** Which metadata entries become span attributes: all, none, or comma-separated metadata keys. Default all. */
  private @Nullable String metadataAttributes;

  /** How long a consumed context is remembered so that a redelivered callback is linked and marked duplicate; 0s turns duplicate detection off. Default 1h. */
  private @Nullable String duplicateGrace;

  private final Tickets tickets = new Tickets();

  private final Memory memory = new Memory();

  private final Caffeine caffeine = new Caffeine();

  private final Redis redis = new Redis();

  private final Jdbc jdbc = new Jdbc();

  private final Dynamodb dynamodb = new Dynamodb();

  /**
   * The value of {@code parkinglot.store}.
   *
   * @return the value as written, or null when unset
   */
  public @Nullable String getStore() {
    return store;
  }

  /**
   * Sets {@code parkinglot.store}.
   *
   * @param store the value as written; the library checks it
   */
  public void setStore(@Nullable String store) {
    this.store = store;
  }

  /**
   * The value of {@code parkinglot.default-ttl}.
   *
   * @return the value as written, or null when unset
   */
  public @Nullable String getDefaultTtl() {
    return defaultTtl;
  }

  /**
   * Sets {@code parkinglot.default-ttl}.
   *
   * @param defaultTtl the value as written; the library checks it
   */
  public void setDefaultTtl(@Nullable String defaultTtl) {
    this.defaultTtl = defaultTtl;
  }

  /**
   * The value of {@code parkinglot.key-prefix}.
   *
   * @return the value as written, or null when unset
   */
  public @Nullable String getKeyPrefix() {
    return keyPrefix;
  }

  /**
   * Sets {@code parkinglot.key-prefix}.
   *
   * @param keyPrefix the value as written; the library checks it
   */
  public void setKeyPrefix(@Nullable String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  /**
   * The value of {@code parkinglot.retrieval-mode}.
   *
   * @return the value as written, or null when unset
   */
  public @Nullable String getRetrievalMode() {
    return retrievalMode;
  }

  /**
   * Sets {@code parkinglot.retrieval-mode}.
   *
   * @param retrievalMode the value as written; the library checks it
   */
  public void setRetrievalMode(@Nullable String retrievalMode) {
    this.retrievalMode = retrievalMode;
  }

  /**
   * The value of {@code parkinglot.propagate-store-errors}.
   *
   * @return the value as written, or null when unset
   */
  public @Nullable String getPropagateStoreErrors() {
    return propagateStoreErrors;
  }

  /**
   * Sets {@code parkinglot.propagate-store-errors}.
   *
   * @param propagateStoreErrors the value as written; the library checks it
   */
  public void setPropagateStoreErrors(@Nullable String propagateStoreErrors) {
    this.propagateStoreErrors = propagateStoreErrors;
  }

  /**
   * The value of {@code parkinglot.metadata-attributes}.
   *
   * @return the value as written, or null when unset
   */
  public @Nullable String getMetadataAttributes() {
    return metadataAttributes;
  }

  /**
   * Sets {@code parkinglot.metadata-attributes}.
   *
   * @param metadataAttributes the value as written; the library checks it
   */
  public void setMetadataAttributes(@Nullable String metadataAttributes) {
    this.metadataAttributes = metadataAttributes;
  }

  /**
   * The value of {@code parkinglot.duplicate-grace}.
   *
   * @return the value as written, or null when unset
   */
  public @Nullable String getDuplicateGrace() {
    return duplicateGrace;
  }

  /**
   * Sets {@code parkinglot.duplicate-grace}.
   *
   * @param duplicateGrace the value as written; the library checks it
   */
  public void setDuplicateGrace(@Nullable String duplicateGrace) {
    this.duplicateGrace = duplicateGrace;
  }

  /**
   * The {@code parkinglot.tickets.*} settings.
   *
   * @return the settings, never null
   */
  public Tickets getTickets() {
    return tickets;
  }

  /**
   * The {@code parkinglot.memory.*} settings.
   *
   * @return the settings, never null
   */
  public Memory getMemory() {
    return memory;
  }

  /**
   * The {@code parkinglot.caffeine.*} settings.
   *
   * @return the settings, never null
   */
  public Caffeine getCaffeine() {
    return caffeine;
  }

  /**
   * The {@code parkinglot.redis.*} settings.
   *
   * @return the settings, never null
   */
  public Redis getRedis() {
    return redis;
  }

  /**
   * The {@code parkinglot.jdbc.*} settings.
   *
   * @return the settings, never null
   */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /**
   * The {@code parkinglot.dynamodb.*} settings.
   *
   * @return the settings, never null
   */
  public Dynamodb getDynamodb() {
    return dynamodb;
  }

  /**
   * Every setting that is set, by the library's property name ({@code parkinglot.default-ttl},
   * {@code parkinglot.redis.url}, ...), in the form {@link dev.parkinglot.spi.StoreConfig} reads.
   *
   * @return the settings that are set, in a new map
   */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    put(map, "parkinglot.store", store);
    put(map, "parkinglot.default-ttl", defaultTtl);
    put(map, "parkinglot.key-prefix", keyPrefix);
    put(map, "parkinglot.retrieval-mode", retrievalMode);
    put(map, "parkinglot.propagate-store-errors", propagateStoreErrors);
    put(map, "parkinglot.metadata-attributes", metadataAttributes);
    put(map, "parkinglot.duplicate-grace", duplicateGrace);
    put(map, "parkinglot.tickets.keys", tickets.keys);
    put(map, "parkinglot.tickets.signing-key-id", tickets.signingKeyId);
    put(map, "parkinglot.memory.max-entries", memory.maxEntries);
    put(map, "parkinglot.memory.max-total-bytes", memory.maxTotalBytes);
    put(map, "parkinglot.memory.max-entry-bytes", memory.maxEntryBytes);
    put(map, "parkinglot.memory.sweep-interval", memory.sweepInterval);
    put(map, "parkinglot.caffeine.maximum-size", caffeine.maximumSize);
    put(map, "parkinglot.caffeine.max-total-bytes", caffeine.maxTotalBytes);
    put(map, "parkinglot.caffeine.max-entry-bytes", caffeine.maxEntryBytes);
    put(map, "parkinglot.caffeine.record-stats", caffeine.recordStats);
    put(map, "parkinglot.caffeine.scheduler", caffeine.scheduler);
    put(map, "parkinglot.redis.url", redis.url);
    put(map, "parkinglot.redis.user", redis.user);
    put(map, "parkinglot.redis.password", redis.password);
    put(map, "parkinglot.redis.cluster", redis.cluster);
    put(map, "parkinglot.redis.pool-size", redis.poolSize);
    put(map, "parkinglot.redis.timeout", redis.timeout);
    put(map, "parkinglot.jdbc.url", jdbc.url);
    put(map, "parkinglot.jdbc.user", jdbc.user);
    put(map, "parkinglot.jdbc.password", jdbc.password);
    put(map, "parkinglot.jdbc.pool-size", jdbc.poolSize);
    put(map, "parkinglot.jdbc.connection-timeout", jdbc.connectionTimeout);
    put(map, "parkinglot.jdbc.statement-timeout", jdbc.statementTimeout);
    put(map, "parkinglot.jdbc.table", jdbc.table);
    put(map, "parkinglot.jdbc.dialect", jdbc.dialect);
    put(map, "parkinglot.jdbc.create-table", jdbc.createTable);
    put(map, "parkinglot.jdbc.purge-interval", jdbc.purgeInterval);
    put(map, "parkinglot.jdbc.purge-batch-size", jdbc.purgeBatchSize);
    put(map, "parkinglot.dynamodb.table", dynamodb.table);
    put(map, "parkinglot.dynamodb.region", dynamodb.region);
    put(map, "parkinglot.dynamodb.endpoint", dynamodb.endpoint);
    put(map, "parkinglot.dynamodb.partition-key", dynamodb.partitionKey);
    put(map, "parkinglot.dynamodb.ttl-attribute", dynamodb.ttlAttribute);
    put(map, "parkinglot.dynamodb.create-table", dynamodb.createTable);
    put(map, "parkinglot.dynamodb.api-call-timeout", dynamodb.apiCallTimeout);
    put(map, "parkinglot.dynamodb.api-call-attempt-timeout", dynamodb.apiCallAttemptTimeout);
    put(map, "parkinglot.dynamodb.max-attempts", dynamodb.maxAttempts);
    put(map, "parkinglot.dynamodb.purge-interval", dynamodb.purgeInterval);
    put(map, "parkinglot.dynamodb.purge-page-size", dynamodb.purgePageSize);
    return map;
  }

  private static void put(Map<String, String> map, String name, @Nullable String value) {
    if (value != null) {
      map.put(name, value);
    }
  }

  /** Signed tickets: a parked context carried by the callback itself. */
  public static class Tickets {
    /** Ticket keys as keyId:base64Secret,...; never logged. */
    private @Nullable String keys;

    /** The id of the key that signs new tickets; the only key when there is one. */
    private @Nullable String signingKeyId;

    /** Settings with nothing set. */
    public Tickets() {}

    /**
     * The value of {@code parkinglot.tickets.keys}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getKeys() {
      return keys;
    }

    /**
     * Sets {@code parkinglot.tickets.keys}.
     *
     * @param keys the value as written; the library checks it
     */
    public void setKeys(@Nullable String keys) {
      this.keys = keys;
    }

    /**
     * The value of {@code parkinglot.tickets.signing-key-id}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getSigningKeyId() {
      return signingKeyId;
    }

    /**
     * Sets {@code parkinglot.tickets.signing-key-id}.
     *
     * @param signingKeyId the value as written; the library checks it
     */
    public void setSigningKeyId(@Nullable String signingKeyId) {
      this.signingKeyId = signingKeyId;
    }

  }

  /** The memory store (parkinglot.store=memory). */
  public static class Memory {
    /** Most entries the memory store holds; a park beyond it is refused and counted. Default 100000. */
    private @Nullable String maxEntries;

    /** Most estimated heap bytes of all entries; default an eighth of the heap. */
    private @Nullable String maxTotalBytes;

    /** Most estimated heap bytes of one entry; no bound of its own by default. */
    private @Nullable String maxEntryBytes;

    /** How often a daemon thread removes expired entries of the memory store. Default 1m. */
    private @Nullable String sweepInterval;

    /** Settings with nothing set. */
    public Memory() {}

    /**
     * The value of {@code parkinglot.memory.max-entries}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getMaxEntries() {
      return maxEntries;
    }

    /**
     * Sets {@code parkinglot.memory.max-entries}.
     *
     * @param maxEntries the value as written; the library checks it
     */
    public void setMaxEntries(@Nullable String maxEntries) {
      this.maxEntries = maxEntries;
    }

    /**
     * The value of {@code parkinglot.memory.max-total-bytes}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getMaxTotalBytes() {
      return maxTotalBytes;
    }

    /**
     * Sets {@code parkinglot.memory.max-total-bytes}.
     *
     * @param maxTotalBytes the value as written; the library checks it
     */
    public void setMaxTotalBytes(@Nullable String maxTotalBytes) {
      this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * The value of {@code parkinglot.memory.max-entry-bytes}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getMaxEntryBytes() {
      return maxEntryBytes;
    }

    /**
     * Sets {@code parkinglot.memory.max-entry-bytes}.
     *
     * @param maxEntryBytes the value as written; the library checks it
     */
    public void setMaxEntryBytes(@Nullable String maxEntryBytes) {
      this.maxEntryBytes = maxEntryBytes;
    }

    /**
     * The value of {@code parkinglot.memory.sweep-interval}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getSweepInterval() {
      return sweepInterval;
    }

    /**
     * Sets {@code parkinglot.memory.sweep-interval}.
     *
     * @param sweepInterval the value as written; the library checks it
     */
    public void setSweepInterval(@Nullable String sweepInterval) {
      this.sweepInterval = sweepInterval;
    }

  }

  /** The Caffeine store (parkinglot.store=caffeine). */
  public static class Caffeine {
    /** Most entries the Caffeine store holds. Default 100000. */
    private @Nullable String maximumSize;

    /** Most estimated heap bytes of all entries of the Caffeine store, beyond which it evicts; default an eighth of the heap. */
    private @Nullable String maxTotalBytes;

    /** Most estimated heap bytes of one entry; a heavier park is refused. No bound of its own by default. */
    private @Nullable String maxEntryBytes;

    /** Whether the Caffeine cache records statistics. Default false. */
    private @Nullable String recordStats;

    /** Whether expired entries are removed promptly by Caffeine's scheduler thread. Default false. */
    private @Nullable String scheduler;

    /** Settings with nothing set. */
    public Caffeine() {}

    /**
     * The value of {@code parkinglot.caffeine.maximum-size}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getMaximumSize() {
      return maximumSize;
    }

    /**
     * Sets {@code parkinglot.caffeine.maximum-size}.
     *
     * @param maximumSize the value as written; the library checks it
     */
    public void setMaximumSize(@Nullable String maximumSize) {
      this.maximumSize = maximumSize;
    }

    /**
     * The value of {@code parkinglot.caffeine.max-total-bytes}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getMaxTotalBytes() {
      return maxTotalBytes;
    }

    /**
     * Sets {@code parkinglot.caffeine.max-total-bytes}.
     *
     * @param maxTotalBytes the value as written; the library checks it
     */
    public void setMaxTotalBytes(@Nullable String maxTotalBytes) {
      this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * The value of {@code parkinglot.caffeine.max-entry-bytes}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getMaxEntryBytes() {
      return maxEntryBytes;
    }

    /**
     * Sets {@code parkinglot.caffeine.max-entry-bytes}.
     *
     * @param maxEntryBytes the value as written; the library checks it
     */
    public void setMaxEntryBytes(@Nullable String maxEntryBytes) {
      this.maxEntryBytes = maxEntryBytes;
    }

    /**
     * The value of {@code parkinglot.caffeine.record-stats}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getRecordStats() {
      return recordStats;
    }

    /**
     * Sets {@code parkinglot.caffeine.record-stats}.
     *
     * @param recordStats the value as written; the library checks it
     */
    public void setRecordStats(@Nullable String recordStats) {
      this.recordStats = recordStats;
    }

    /**
     * The value of {@code parkinglot.caffeine.scheduler}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getScheduler() {
      return scheduler;
    }

    /**
     * Sets {@code parkinglot.caffeine.scheduler}.
     *
     * @param scheduler the value as written; the library checks it
     */
    public void setScheduler(@Nullable String scheduler) {
      this.scheduler = scheduler;
    }

  }

  /** The Redis store (parkinglot.store=redis). Without parkinglot.redis.url the store connects where spring.data.redis.* points (url, host, port, database, username, password, ssl.enabled, cluster.nodes, timeout). */
  public static class Redis {
    /** redis://[user:password@]host[:port][/database], rediss:// for TLS, or a comma-separated node list for a cluster; overrides spring.data.redis.*. */
    private @Nullable String url;

    /** The ACL user when the URL names none. */
    private @Nullable String user;

    /** The password when the URL carries none; never logged. */
    private @Nullable String password;

    /** Whether the URL points at a Redis Cluster: true, false or auto (auto: a cluster when the URL lists more than one node). Default auto. */
    private @Nullable String cluster;

    /** Most connections of the store's pool (per node in a cluster). Default 16. */
    private @Nullable String poolSize;

    /** Connect, reply and pool-wait timeout of each Redis call. Default 2s. */
    private @Nullable String timeout;

    /** Settings with nothing set. */
    public Redis() {}

    /**
     * The value of {@code parkinglot.redis.url}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getUrl() {
      return url;
    }

    /**
     * Sets {@code parkinglot.redis.url}.
     *
     * @param url the value as written; the library checks it
     */
    public void setUrl(@Nullable String url) {
      this.url = url;
    }

    /**
     * The value of {@code parkinglot.redis.user}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getUser() {
      return user;
    }

    /**
     * Sets {@code parkinglot.redis.user}.
     *
     * @param user the value as written; the library checks it
     */
    public void setUser(@Nullable String user) {
      this.user = user;
    }

    /**
     * The value of {@code parkinglot.redis.password}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getPassword() {
      return password;
    }

    /**
     * Sets {@code parkinglot.redis.password}.
     *
     * @param password the value as written; the library checks it
     */
    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    /**
     * The value of {@code parkinglot.redis.cluster}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getCluster() {
      return cluster;
    }

    /**
     * Sets {@code parkinglot.redis.cluster}.
     *
     * @param cluster the value as written; the library checks it
     */
    public void setCluster(@Nullable String cluster) {
      this.cluster = cluster;
    }

    /**
     * The value of {@code parkinglot.redis.pool-size}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getPoolSize() {
      return poolSize;
    }

    /**
     * Sets {@code parkinglot.redis.pool-size}.
     *
     * @param poolSize the value as written; the library checks it
     */
    public void setPoolSize(@Nullable String poolSize) {
      this.poolSize = poolSize;
    }

    /**
     * The value of {@code parkinglot.redis.timeout}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getTimeout() {
      return timeout;
    }

    /**
     * Sets {@code parkinglot.redis.timeout}.
     *
     * @param timeout the value as written; the library checks it
     */
    public void setTimeout(@Nullable String timeout) {
      this.timeout = timeout;
    }

  }

  /** The JDBC store (parkinglot.store=jdbc). Without parkinglot.jdbc.url the store uses the application's DataSource, and the pool settings below (url, user, password, pool-size, connection-timeout, statement-timeout) do not apply. */
  public static class Jdbc {
    /** JDBC URL of a pool of the store's own; its prefix picks the dialect. */
    private @Nullable String url;

    /** Database user of the store's own pool. */
    private @Nullable String user;

    /** Password of the store's own pool; never logged. */
    private @Nullable String password;

    /** Maximum size of the store's own HikariCP pool. Default 10. */
    private @Nullable String poolSize;

    /** Longest wait for a connection of the store's own pool. Default 2s. */
    private @Nullable String connectionTimeout;

    /** Longest run of one statement of the store's own pool, enforced by the database; 0s turns it off. Default 2s. */
    private @Nullable String statementTimeout;

    /** Table name, optionally schema-qualified. Default parking_lot_context. */
    private @Nullable String table;

    /** SQL dialect: postgresql, mariadb, mysql or h2; from the URL or the database by default. */
    private @Nullable String dialect;

    /** Whether the table and its index are created at start-up when missing. Default false. */
    private @Nullable String createTable;

    /** How often a daemon thread deletes expired rows; 0s turns it off. Default 5m. */
    private @Nullable String purgeInterval;

    /** Most rows one purge statement deletes. Default 1000. */
    private @Nullable String purgeBatchSize;

    /** Settings with nothing set. */
    public Jdbc() {}

    /**
     * The value of {@code parkinglot.jdbc.url}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getUrl() {
      return url;
    }

    /**
     * Sets {@code parkinglot.jdbc.url}.
     *
     * @param url the value as written; the library checks it
     */
    public void setUrl(@Nullable String url) {
      this.url = url;
    }

    /**
     * The value of {@code parkinglot.jdbc.user}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getUser() {
      return user;
    }

    /**
     * Sets {@code parkinglot.jdbc.user}.
     *
     * @param user the value as written; the library checks it
     */
    public void setUser(@Nullable String user) {
      this.user = user;
    }

    /**
     * The value of {@code parkinglot.jdbc.password}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getPassword() {
      return password;
    }

    /**
     * Sets {@code parkinglot.jdbc.password}.
     *
     * @param password the value as written; the library checks it
     */
    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    /**
     * The value of {@code parkinglot.jdbc.pool-size}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getPoolSize() {
      return poolSize;
    }

    /**
     * Sets {@code parkinglot.jdbc.pool-size}.
     *
     * @param poolSize the value as written; the library checks it
     */
    public void setPoolSize(@Nullable String poolSize) {
      this.poolSize = poolSize;
    }

    /**
     * The value of {@code parkinglot.jdbc.connection-timeout}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getConnectionTimeout() {
      return connectionTimeout;
    }

    /**
     * Sets {@code parkinglot.jdbc.connection-timeout}.
     *
     * @param connectionTimeout the value as written; the library checks it
     */
    public void setConnectionTimeout(@Nullable String connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
    }

    /**
     * The value of {@code parkinglot.jdbc.statement-timeout}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getStatementTimeout() {
      return statementTimeout;
    }

    /**
     * Sets {@code parkinglot.jdbc.statement-timeout}.
     *
     * @param statementTimeout the value as written; the library checks it
     */
    public void setStatementTimeout(@Nullable String statementTimeout) {
      this.statementTimeout = statementTimeout;
    }

    /**
     * The value of {@code parkinglot.jdbc.table}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getTable() {
      return table;
    }

    /**
     * Sets {@code parkinglot.jdbc.table}.
     *
     * @param table the value as written; the library checks it
     */
    public void setTable(@Nullable String table) {
      this.table = table;
    }

    /**
     * The value of {@code parkinglot.jdbc.dialect}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getDialect() {
      return dialect;
    }

    /**
     * Sets {@code parkinglot.jdbc.dialect}.
     *
     * @param dialect the value as written; the library checks it
     */
    public void setDialect(@Nullable String dialect) {
      this.dialect = dialect;
    }

    /**
     * The value of {@code parkinglot.jdbc.create-table}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getCreateTable() {
      return createTable;
    }

    /**
     * Sets {@code parkinglot.jdbc.create-table}.
     *
     * @param createTable the value as written; the library checks it
     */
    public void setCreateTable(@Nullable String createTable) {
      this.createTable = createTable;
    }

    /**
     * The value of {@code parkinglot.jdbc.purge-interval}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getPurgeInterval() {
      return purgeInterval;
    }

    /**
     * Sets {@code parkinglot.jdbc.purge-interval}.
     *
     * @param purgeInterval the value as written; the library checks it
     */
    public void setPurgeInterval(@Nullable String purgeInterval) {
      this.purgeInterval = purgeInterval;
    }

    /**
     * The value of {@code parkinglot.jdbc.purge-batch-size}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getPurgeBatchSize() {
      return purgeBatchSize;
    }

    /**
     * Sets {@code parkinglot.jdbc.purge-batch-size}.
     *
     * @param purgeBatchSize the value as written; the library checks it
     */
    public void setPurgeBatchSize(@Nullable String purgeBatchSize) {
      this.purgeBatchSize = purgeBatchSize;
    }

  }

  /** The DynamoDB store (parkinglot.store=dynamodb). With a DynamoDbClient bean and neither parkinglot.dynamodb.endpoint nor region set, the store uses that client, and the client settings below (region, endpoint, timeouts, attempts) do not apply. */
  public static class Dynamodb {
    /** The table name (required). */
    private @Nullable String table;

    /** AWS region of a client of the store's own. */
    private @Nullable String region;

    /** Endpoint override of a client of the store's own (http:// or https://). */
    private @Nullable String endpoint;

    /** Name of the table's partition key attribute. Default pk. */
    private @Nullable String partitionKey;

    /** Name of the epoch-seconds attribute for DynamoDB's native TTL. Default expires_at_s. */
    private @Nullable String ttlAttribute;

    /** Whether the table is created at start-up when missing. Default false. */
    private @Nullable String createTable;

    /** Longest time of one API call of the store's own client, retries included. Default 5s. */
    private @Nullable String apiCallTimeout;

    /** Longest time of one attempt of the store's own client. Default 2s. */
    private @Nullable String apiCallAttemptTimeout;

    /** Most attempts of one API call of the store's own client; the AWS SDK's default retry strategy when unset. */
    private @Nullable String maxAttempts;

    /** How often a daemon thread deletes expired items; 0s turns it off. Default 0s. */
    private @Nullable String purgeInterval;

    /** Items one purge scan page reads. Default 100. */
    private @Nullable String purgePageSize;

    /** Settings with nothing set. */
    public Dynamodb() {}

    /**
     * The value of {@code parkinglot.dynamodb.table}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getTable() {
      return table;
    }

    /**
     * Sets {@code parkinglot.dynamodb.table}.
     *
     * @param table the value as written; the library checks it
     */
    public void setTable(@Nullable String table) {
      this.table = table;
    }

    /**
     * The value of {@code parkinglot.dynamodb.region}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getRegion() {
      return region;
    }

    /**
     * Sets {@code parkinglot.dynamodb.region}.
     *
     * @param region the value as written; the library checks it
     */
    public void setRegion(@Nullable String region) {
      this.region = region;
    }

    /**
     * The value of {@code parkinglot.dynamodb.endpoint}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getEndpoint() {
      return endpoint;
    }

    /**
     * Sets {@code parkinglot.dynamodb.endpoint}.
     *
     * @param endpoint the value as written; the library checks it
     */
    public void setEndpoint(@Nullable String endpoint) {
      this.endpoint = endpoint;
    }

    /**
     * The value of {@code parkinglot.dynamodb.partition-key}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getPartitionKey() {
      return partitionKey;
    }

    /**
     * Sets {@code parkinglot.dynamodb.partition-key}.
     *
     * @param partitionKey the value as written; the library checks it
     */
    public void setPartitionKey(@Nullable String partitionKey) {
      this.partitionKey = partitionKey;
    }

    /**
     * The value of {@code parkinglot.dynamodb.ttl-attribute}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getTtlAttribute() {
      return ttlAttribute;
    }

    /**
     * Sets {@code parkinglot.dynamodb.ttl-attribute}.
     *
     * @param ttlAttribute the value as written; the library checks it
     */
    public void setTtlAttribute(@Nullable String ttlAttribute) {
      this.ttlAttribute = ttlAttribute;
    }

    /**
     * The value of {@code parkinglot.dynamodb.create-table}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getCreateTable() {
      return createTable;
    }

    /**
     * Sets {@code parkinglot.dynamodb.create-table}.
     *
     * @param createTable the value as written; the library checks it
     */
    public void setCreateTable(@Nullable String createTable) {
      this.createTable = createTable;
    }

    /**
     * The value of {@code parkinglot.dynamodb.api-call-timeout}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getApiCallTimeout() {
      return apiCallTimeout;
    }

    /**
     * Sets {@code parkinglot.dynamodb.api-call-timeout}.
     *
     * @param apiCallTimeout the value as written; the library checks it
     */
    public void setApiCallTimeout(@Nullable String apiCallTimeout) {
      this.apiCallTimeout = apiCallTimeout;
    }

    /**
     * The value of {@code parkinglot.dynamodb.api-call-attempt-timeout}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getApiCallAttemptTimeout() {
      return apiCallAttemptTimeout;
    }

    /**
     * Sets {@code parkinglot.dynamodb.api-call-attempt-timeout}.
     *
     * @param apiCallAttemptTimeout the value as written; the library checks it
     */
    public void setApiCallAttemptTimeout(@Nullable String apiCallAttemptTimeout) {
      this.apiCallAttemptTimeout = apiCallAttemptTimeout;
    }

    /**
     * The value of {@code parkinglot.dynamodb.max-attempts}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets {@code parkinglot.dynamodb.max-attempts}.
     *
     * @param maxAttempts the value as written; the library checks it
     */
    public void setMaxAttempts(@Nullable String maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /**
     * The value of {@code parkinglot.dynamodb.purge-interval}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getPurgeInterval() {
      return purgeInterval;
    }

    /**
     * Sets {@code parkinglot.dynamodb.purge-interval}.
     *
     * @param purgeInterval the value as written; the library checks it
     */
    public void setPurgeInterval(@Nullable String purgeInterval) {
      this.purgeInterval = purgeInterval;
    }

    /**
     * The value of {@code parkinglot.dynamodb.purge-page-size}.
     *
     * @return the value as written, or null when unset
     */
    public @Nullable String getPurgePageSize() {
      return purgePageSize;
    }

    /**
     * Sets {@code parkinglot.dynamodb.purge-page-size}.
     *
     * @param purgePageSize the value as written; the library checks it
     */
    public void setPurgePageSize(@Nullable String purgePageSize) {
      this.purgePageSize = purgePageSize;
    }

  }

  /** Settings with nothing set; Spring binds the {@code parkinglot.*} properties into it. */
  public ParkingLotProperties() {}
}