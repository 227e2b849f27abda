package dev.parkinglot.store.dynamodb;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/*
 * Design notes.
 *
 * One item per key, one request per operation: save is PutItem, load and exists are GetItem with
 * ConsistentRead (so a take or save just acknowledged is seen), delete is DeleteItem.
 *
 * Take is one DeleteItem with ReturnValues=ALL_OLD and a condition. DynamoDB applies a conditional
 * write to an item atomically, so of concurrent takes of one key exactly one deletes the item and
 * receives it; the others fail the attribute_exists condition (ConditionalCheckFailedException) and
 * get nothing. The condition is "attribute_exists(pk) AND NOT expires_at_ms <= :now": for a
 * well-formed item that is "expires_at_ms > :now", and an item whose expiry attribute is missing or
 * not a number is deleted and reported as corrupt rather than left behind to fail every later load.
 *
 * Expiry is checked on every read. DynamoDB's TTL deletes expired items lazily, typically within
 * days, and a GetItem returns them until then; so take's condition compares the exact expiry in
 * millis with the store clock, and load/exists compare the returned item with the same clock. The
 * epoch-seconds TTL attribute (rounded up) exists only so that DynamoDB eventually reclaims the
 * space; the store never relies on it.
 *
 * Claim (duplicate detection) is one conditional UpdateItem that turns the live item into its
 * tombstone; a claim that fails its condition reads the item to tell a duplicate from nothing.
 * DynamoDbClaim has the details.
 *
 * Errors: the SDK's retry strategy handles throttling and transient failures (its own backoff);
 * what is left is wrapped as StoreUnavailableException with the SDK exception as the cause.
 */

/**
 * A store on an Amazon DynamoDB table, through a {@link DynamoDbClient} of the AWS SDK for Java v2.
 *
 * <p>The table has a string partition key (attribute {@code pk} by default) and no sort key; create
 * it with {@link DynamoDbTables#createTable} or infrastructure code, and enable TTL on the {@code
 * expires_at_s} attribute. {@link Builder#build()} checks that the table exists. Thread-safe.
 *
 * <pre>{@code
 * DynamoDbClient client = DynamoDbClient.builder().region(Region.EU_WEST_1).build();
 * TraceContextStore store = DynamoDbTraceContextStore.builder(client, "parking-lot").build();
 * }</pre>
 */
public final class DynamoDbTraceContextStore implements TraceContextStore {
  private static final String TAKE_CONDITION = "attribute_exists(#pk) AND NOT #exp <= :now";

  private final DynamoDbClient client;
  private final String table;
  private final ItemCodec codec;
  private final Clock clock;
  private final boolean ownsClient;
  private final Map<String, String> keyAndExpiryNames;
  private final DynamoDbExpiredEntryPurger purge;
  private final DynamoDbClaim claims;
  private volatile boolean closed;

  private DynamoDbTraceContextStore(Builder builder) {
    this.client = builder.client;
    this.table = builder.table;
    this.codec = new ItemCodec(builder.partitionKey, builder.ttlAttribute);
    this.clock = builder.clock;
    this.ownsClient = builder.ownsClient;
    this.keyAndExpiryNames = Map.of("#pk", builder.partitionKey, "#exp", ItemCodec.EXPIRES_AT_MS);
    this.claims = new DynamoDbClaim(client, table, codec);
    this.purge = new DynamoDbExpiredEntryPurger(client, table, codec, clock, builder.purgePageSize);
    if (!builder.purgeInterval.isZero()) {
      purge.schedule(builder.purgeInterval);
    }
  }

  /**
   * A builder for a store on {@code table} through {@code client}. The client stays the caller's: the
   * store never closes it.
   *
   * @param client the client the store uses; not closed by the store
   * @param table the table name
   * @return a new builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(DynamoDbClient client, String table) {
    return new Builder(client, table);
  }

  @Override
  public void save(StoreKey storeKey, StoredTraceContext context) {
    String key = storeKey.value();
    Objects.requireNonNull(context, "context must not be null");
    checkOpen();
    PutItemRequest request = PutItemRequest.builder().tableName(table).item(codec.encode(key, context)).build();
    try {
      client.putItem(request);
    } catch (SdkException e) {
      throw unavailable("PutItem", e);
    }
  }

  @Override
  public Optional<StoredTraceContext> load(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    GetItemRequest request =
        GetItemRequest.builder().tableName(table).key(codec.key(key)).consistentRead(true).build();
    GetItemResponse response;
    try {
      response = client.getItem(request);
    } catch (SdkException e) {
      throw unavailable("GetItem", e);
    }
    if (!response.hasItem() || response.item().isEmpty()) {
      return Optional.empty();
    }
    StoredTraceContext context = codec.decode(key, response.item());
    return context.isExpiredAt(clock.millis()) ? Optional.empty() : Optional.of(context);
  }

  @Override
  public Optional<StoredTraceContext> take(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    long now = clock.millis();
    DeleteItemRequest request =
        DeleteItemRequest.builder()
            .tableName(table)
            .key(codec.key(key))
            .conditionExpression(TAKE_CONDITION)
            .expressionAttributeNames(keyAndExpiryNames)
            .expressionAttributeValues(Map.of(":now", ItemCodec.number(now)))
            .returnValues(ReturnValue.ALL_OLD)
            .build();
    DeleteItemResponse response;
    try {
      response = client.deleteItem(request);
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw unavailable("DeleteItem", e);
    }
    if (!response.hasAttributes() || response.attributes().isEmpty()) {
      return Optional.empty();
    }
    StoredTraceContext context = codec.decode(key, response.attributes());
    return context.isExpiredAt(now) ? Optional.empty() : Optional.of(context);
  }

  @Override
  public void delete(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    try {
      client.deleteItem(DeleteItemRequest.builder().tableName(table).key(codec.key(key)).build());
    } catch (SdkException e) {
      throw unavailable("DeleteItem", e);
    }
  }

  /**
   * Whether a live entry exists under {@code key}: the contract of {@link
   * dev.parkinglot.spi.TraceContextStore#exists(StoreKey)}.
   *
   * <p>Reads only the expiry attribute of the item.
   *
   * @throws dev.parkinglot.CorruptEntryException if the item has no readable expiry
   */
  @Override
  public boolean exists(StoreKey storeKey) {
    String key = storeKey.value();
    checkOpen();
    GetItemRequest request =
        GetItemRequest.builder()
            .tableName(table)
            .key(codec.key(key))
            .consistentRead(true)
            .projectionExpression("#pk, #exp")
            .expressionAttributeNames(keyAndExpiryNames)
            .build();
    GetItemResponse response;
    try {
      response = client.getItem(request);
    } catch (SdkException e) {
      throw unavailable("GetItem", e);
    }
    if (!response.hasItem() || response.item().isEmpty()) {
      return false;
    }
    return clock.millis() < codec.expiresAtMillis(key, response.item());
  }

  /**
   * Claims the entry under {@code key} for a callback and leaves a tombstone for duplicate
   * detection, as one atomic step: the contract of {@link
   * dev.parkinglot.spi.TraceContextStore#claim(StoreKey, Consumption)}.
   *
   * <p>The first claim of an entry is one UpdateItem; a duplicate or a miss is an UpdateItem whose
   * condition fails and a consistent GetItem (none where DynamoDB returns the item with the failure).
   *
   * @throws dev.parkinglot.CorruptEntryException if the item cannot be read; it is deleted
   */
  @Override
  public ClaimResult claim(StoreKey key, Consumption consumption) {
    checkOpen();
    try {
      return claims.claim(key.value(), consumption, clock.millis());
    } catch (SdkException e) {
      throw unavailable("UpdateItem/GetItem (claim)", e);
    }
  }

  /** True: the claim is one conditional UpdateItem, which DynamoDB applies atomically. */
  @Override
  public boolean claimIsAtomic() {
    return true;
  }

  /** {@code dynamodb}. */
  @Override
  public String name() {
    return "dynamodb";
  }

  /**
   * Deletes expired items from one bounded page of a table scan, for backends without DynamoDB's TTL
   * (dynalite, other emulators) or to reclaim space sooner than TTL does. Each call scans at most
   * the configured page size of items (a Scan with a filter, eventually consistent) and continues
   * where the previous call stopped, starting over after the end of the table; each expired item is
   * removed by a DeleteItem conditional on it still being expired, so an entry saved again in
   * between is kept. Off the request path: the scheduled purge ({@link Builder#purgeInterval}) calls
   * it on a daemon thread. Needs {@code dynamodb:Scan} besides the store's usual permissions.
   *
   * @return how many expired items this call removed
   * @throws StoreUnavailableException if DynamoDB cannot be reached
   */
  public int purgeExpired() {
    checkOpen();
    try {
      return purge.runOnce();
    } catch (SdkException e) {
      throw unavailable("Scan/DeleteItem (purge)", e);
    }
  }

  /**
   * The table this store uses.
   *
   * @return the table name
   */
  public String table() {
    return table;
  }

  /**
   * Stops the scheduled purge, and closes the client if the store created it (through its provider);
   * a client passed to {@link #builder} stays open. Idempotent. Operations after close throw {@link
   * IllegalStateException}.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    purge.close();
    if (ownsClient) {
      client.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("DynamoDB store on table '" + table + "' is closed");
    }
  }

  private StoreUnavailableException unavailable(String operation, SdkException cause) {
    String what = cause instanceof ResourceNotFoundException
        ? "table '" + table + "' does not exist (any more) at " + DynamoDbTables.where(client)
        : "DynamoDB " + operation + " on table '" + table + "' failed at " + DynamoDbTables.where(client);
    return new StoreUnavailableException(what + ": " + cause.getMessage(), cause);
  }

  @Override
  public String toString() {
    return "DynamoDbTraceContextStore{table=" + table + ", " + DynamoDbTables.where(client)
        + ", partitionKey=" + codec.partitionKey() + ", ttlAttribute=" + codec.ttlAttribute() + '}';
  }

  /** Builds a {@link DynamoDbTraceContextStore}. */
  public static final class Builder {
    private final DynamoDbClient client;
    private final String table;
    private String partitionKey = DynamoDbStoreSettings.DEFAULT_PARTITION_KEY;
    private String ttlAttribute = DynamoDbStoreSettings.DEFAULT_TTL_ATTRIBUTE;
    private Clock clock = Clock.systemUTC();
    private boolean verifyTable = true;
    private Duration purgeInterval = Duration.ZERO;
    private int purgePageSize = DynamoDbStoreSettings.DEFAULT_PURGE_PAGE_SIZE;
    private boolean ownsClient;

    private Builder(DynamoDbClient client, String table) {
      this.client = Objects.requireNonNull(client, "client must not be null");
      this.table = DynamoDbTables.checkTableName(table);
    }

    /**
     * The partition key attribute, a string (S) key; {@value DynamoDbStoreSettings#DEFAULT_PARTITION_KEY}
     * by default.
     *
     * @param partitionKey the partition key attribute name
     * @return this builder
     * @throws IllegalArgumentException if blank, longer than 255 chars, or one of the store's own
     *     attribute names
     */
    public Builder partitionKey(String partitionKey) {
      this.partitionKey = DynamoDbTables.checkAttributeName("partitionKey", partitionKey);
      return this;
    }

    /**
     * The epoch-seconds attribute for DynamoDB's TTL; {@value DynamoDbStoreSettings#DEFAULT_TTL_ATTRIBUTE}
     * by default.
     *
     * @param ttlAttribute the TTL attribute name
     * @return this builder
     * @throws IllegalArgumentException if blank, longer than 255 chars, or one of the store's own
     *     attribute names
     */
    public Builder ttlAttribute(String ttlAttribute) {
      this.ttlAttribute = DynamoDbTables.checkAttributeName("ttlAttribute", ttlAttribute);
      return this;
    }

    /**
     * The clock that decides expiry; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Whether {@link #build()} checks with DescribeTable that the table exists and has the right
     * key; true by default. Turn it off only where the caller has checked already.
     *
     * @param verifyTable whether to check the table when building
     * @return this builder
     */
    public Builder verifyTable(boolean verifyTable) {
      this.verifyTable = verifyTable;
      return this;
    }

    /**
     * How often a daemon thread runs {@link DynamoDbTraceContextStore#purgeExpired()}; {@link
     * Duration#ZERO} (the default) turns the scheduled purge off.
     *
     * @param purgeInterval the interval between purges, or zero for none
     * @return this builder
     * @throws IllegalArgumentException if negative, or positive but under one millisecond
     */
    public Builder purgeInterval(Duration purgeInterval) {
      Objects.requireNonNull(purgeInterval, "purgeInterval must not be null");
      if (purgeInterval.isNegative() || (!purgeInterval.isZero() && purgeInterval.toMillis() < 1)) {
        throw new IllegalArgumentException(
            "purgeInterval must be zero (off) or at least 1 ms, was " + purgeInterval);
      }
      this.purgeInterval = purgeInterval;
      return this;
    }

    /**
     * Items one purge run scans at most (DynamoDB's Scan limit); default {@value
     * DynamoDbStoreSettings#DEFAULT_PURGE_PAGE_SIZE}.
     *
     * @param purgePageSize the most items one purge run scans
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 10000
     */
    public Builder purgePageSize(int purgePageSize) {
      if (purgePageSize < 1 || purgePageSize > 10_000) {
        throw new IllegalArgumentException("purgePageSize must be between 1 and 10000, was " + purgePageSize);
      }
      this.purgePageSize = purgePageSize;
      return this;
    }

    /** Whether the store closes the client on close; only its provider, which built the client, sets it. */
    Builder ownsClient(boolean ownsClient) {
      this.ownsClient = ownsClient;
      return this;
    }

    /**
     * Builds the store, after checking the table when {@link #verifyTable} is on.
     *
     * @return the new store
     * @throws IllegalArgumentException if the partition key and TTL attribute have the same name
     * @throws dev.parkinglot.ParkingLotException if the table does not exist or has another key; the
     *     message says where it looked and how to create the table
     * @throws StoreUnavailableException if DynamoDB cannot be reached for the check
     */
    public DynamoDbTraceContextStore build() {
      if (partitionKey.equals(ttlAttribute)) {
        throw new IllegalArgumentException(
            "partitionKey and ttlAttribute must differ, both are '" + partitionKey + "'");
      }
      if (verifyTable) {
        DynamoDbTables.verifyTable(client, table, partitionKey, ttlAttribute);
      }
      return new DynamoDbTraceContextStore(this);
    }
  }
}
