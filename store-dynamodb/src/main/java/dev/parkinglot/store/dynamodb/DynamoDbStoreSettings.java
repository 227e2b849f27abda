package dev.parkinglot.store.dynamodb;

import java.time.Duration;

/**
 * The settings of the {@code dynamodb} store and their defaults. Each property can also be given as
 * an environment variable ({@code parkinglot.dynamodb.table} as {@code PARKINGLOT_DYNAMODB_TABLE}),
 * see {@link dev.parkinglot.spi.StoreConfig}.
 */
public final class DynamoDbStoreSettings {
  /** The table name; required. */
  public static final String TABLE = "parkinglot.dynamodb.table";
  /** The AWS region ({@code eu-west-1}); the SDK's default region chain when unset. */
  public static final String REGION = "parkinglot.dynamodb.region";
  /** An endpoint URL instead of the region's ({@code http://127.0.0.1:8000} for a local server). */
  public static final String ENDPOINT = "parkinglot.dynamodb.endpoint";
  /** The partition key attribute, a string; default {@value #DEFAULT_PARTITION_KEY}. */
  public static final String PARTITION_KEY = "parkinglot.dynamodb.partition-key";
  /** The epoch-seconds attribute DynamoDB's TTL is enabled on; default {@value #DEFAULT_TTL_ATTRIBUTE}. */
  public static final String TTL_ATTRIBUTE = "parkinglot.dynamodb.ttl-attribute";
  /** Whether the provider creates the table (and enables TTL) when it is missing; default false. */
  public static final String CREATE_TABLE = "parkinglot.dynamodb.create-table";
  /** Time for one whole operation, retries included; default 5s. */
  public static final String API_CALL_TIMEOUT = "parkinglot.dynamodb.api-call-timeout";
  /** Time for one HTTP attempt; default 2s. */
  public static final String API_CALL_ATTEMPT_TIMEOUT = "parkinglot.dynamodb.api-call-attempt-timeout";
  /** Attempts per operation, the first included; the SDK's DynamoDB default when unset. */
  public static final String MAX_ATTEMPTS = "parkinglot.dynamodb.max-attempts";
  /** How often the store's own purge of expired items runs; 0 (off) by default. */
  public static final String PURGE_INTERVAL = "parkinglot.dynamodb.purge-interval";
  /** Items one purge run scans at most; default {@value #DEFAULT_PURGE_PAGE_SIZE}. */
  public static final String PURGE_PAGE_SIZE = "parkinglot.dynamodb.purge-page-size";

  /** Default partition key attribute name. */
  public static final String DEFAULT_PARTITION_KEY = "pk";
  /** Default TTL attribute name. */
  public static final String DEFAULT_TTL_ATTRIBUTE = "expires_at_s";
  /** Default time for one operation, retries included. */
  public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(5);
  /** Default time for one HTTP attempt. */
  public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  /** Default number of items one purge run scans. */
  public static final int DEFAULT_PURGE_PAGE_SIZE = 100;

  private DynamoDbStoreSettings() {}
}
