package dev.parkinglot.store.dynamodb;

import dev.parkinglot.ParkingLotException;
import dev.parkinglot.StoreUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The table the store needs, and the explicit opt-in helper that creates it. The store itself
 * never creates or changes tables: by default it only checks, when it is built, that its table
 * exists with a string partition key and no sort key.
 *
 * <pre>{@code
 * // once, from a setup task or a test, with dynamodb:CreateTable, DescribeTable,
 * // DescribeTimeToLive and UpdateTimeToLive permissions:
 * DynamoDbTables.createTable(client, "parking-lot");
 * }</pre>
 */
public final class DynamoDbTables {
  private static final System.Logger LOG = System.getLogger(DynamoDbTables.class.getName());
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  private static final AtomicBoolean TTL_UNSUPPORTED_LOGGED = new AtomicBoolean();
  private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);

  private DynamoDbTables() {}

  /**
   * {@link #createTable(DynamoDbClient, String, String, String)} with the default partition key and
   * TTL attribute names.
   *
   * @param client the client to create the table through; not closed
   * @param table the table name
   * @return true if this call created the table, false if it existed
   * @throws IllegalArgumentException if the table name is invalid
   * @throws StoreUnavailableException if DynamoDB fails or the table is not ACTIVE within 5 minutes
   */
  public static boolean createTable(DynamoDbClient client, String table) {
    return createTable(
        client, table, DynamoDbStoreSettings.DEFAULT_PARTITION_KEY, DynamoDbStoreSettings.DEFAULT_TTL_ATTRIBUTE);
  }

  /**
   * Creates the table with on-demand billing (PAY_PER_REQUEST) if it does not exist, waits until it
   * is ACTIVE, and enables DynamoDB's TTL on {@code ttlAttribute} unless TTL is already enabled.
   * Safe to call again. A server without the TimeToLive operations (dynalite, some emulators) is
   * logged once and otherwise ignored: the store checks expiry on read in any case.
   *
   * @param client the client to create the table through; not closed
   * @param table the table name
   * @param partitionKey the name of the string partition key attribute
   * @param ttlAttribute the name of the epoch-seconds attribute for DynamoDB's TTL
   * @return true if this call created the table, false if it existed
   * @throws IllegalArgumentException if a name is invalid
   * @throws StoreUnavailableException if DynamoDB fails or the table is not ACTIVE within 5 minutes
   */
  public static boolean createTable(
      DynamoDbClient client, String table, String partitionKey, String ttlAttribute) {
    Objects.requireNonNull(client, "client must not be null");
    checkTableName(table);
    checkAttributeName("partitionKey", partitionKey);
    checkAttributeName("ttlAttribute", ttlAttribute);
    boolean created;
    try {
      client.createTable(
          b -> b.tableName(table)
              .billingMode(BillingMode.PAY_PER_REQUEST)
              .attributeDefinitions(
                  AttributeDefinition.builder()
                      .attributeName(partitionKey)
                      .attributeType(ScalarAttributeType.S)
                      .build())
              .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build()));
      created = true;
    } catch (ResourceInUseException e) {
      created = false;
    } catch (SdkException e) {
      throw new StoreUnavailableException(
          "could not create DynamoDB table '" + table + "' at " + where(client) + ": " + e.getMessage(), e);
    }
    awaitActive(client, table);
    enableTtl(client, table, ttlAttribute);
    return created;
  }

  private static void awaitActive(DynamoDbClient client, String table) {
    long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
    try {
      while (true) {
        TableStatus status = client.describeTable(b -> b.tableName(table)).table().tableStatus();
        if (status == TableStatus.ACTIVE) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new StoreUnavailableException(
              "DynamoDB table '" + table + "' is still " + status + " after " + ACTIVE_TIMEOUT, null);
        }
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted waiting for DynamoDB table '" + table + "'", e);
    } catch (SdkException e) {
      throw new StoreUnavailableException(
          "could not describe DynamoDB table '" + table + "' at " + where(client) + ": " + e.getMessage(), e);
    }
  }

  private static void enableTtl(DynamoDbClient client, String table, String ttlAttribute) {
    try {
      TimeToLiveDescription ttl =
          client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
      TimeToLiveStatus status = ttl == null ? null : ttl.timeToLiveStatus();
      if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
        if (!ttlAttribute.equals(ttl.attributeName())) {
          LOG.log(Level.WARNING, "DynamoDB table {0} has TTL on attribute {1}, not on {2}: expired"
              + " entries are not reclaimed by TTL", table, ttl.attributeName(), ttlAttribute);
        }
        return;
      }
      client.updateTimeToLive(
          b -> b.tableName(table).timeToLiveSpecification(s -> s.enabled(true).attributeName(ttlAttribute)));
    } catch (DynamoDbException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if (!"UnknownOperationException".equals(code)) {
        throw new StoreUnavailableException(
            "could not enable TTL on attribute '" + ttlAttribute + "' of DynamoDB table '" + table + "' at "
                + where(client) + ": " + e.getMessage(), e);
      }
      if (TTL_UNSUPPORTED_LOGGED.compareAndSet(false, true)) {
        LOG.log(Level.INFO, "the DynamoDB server at {0} has no TimeToLive operations ({1}); table {2}"
            + " is used without native TTL (the store checks expiry on read; its purge can reclaim"
            + " space)", where(client), e.getMessage(), table);
      }
    } catch (SdkException e) {
      throw new StoreUnavailableException(
          "could not enable TTL on DynamoDB table '" + table + "' at " + where(client) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks with DescribeTable that the table exists with a string partition key named {@code
   * partitionKey} and no sort key.
   */
  static void verifyTable(DynamoDbClient client, String table, String partitionKey, String ttlAttribute) {
    TableDescription description;
    try {
      description = client.describeTable(b -> b.tableName(table)).table();
    } catch (ResourceNotFoundException e) {
      throw new ParkingLotException(
          "DynamoDB table '" + table + "' does not exist at " + where(client) + ". Check the table name"
              + " (" + DynamoDbStoreSettings.TABLE + "), the region (" + DynamoDbStoreSettings.REGION + ") and the"
              + " endpoint (" + DynamoDbStoreSettings.ENDPOINT + "), then create the table: " + howToCreate(
                  table, partitionKey, ttlAttribute), e);
    } catch (SdkException e) {
      throw new StoreUnavailableException(
          "could not check DynamoDB table '" + table + "' at " + where(client) + ": " + e.getMessage(), e);
    }
    List<KeySchemaElement> keys = description.keySchema();
    String type =
        description.attributeDefinitions().stream()
            .filter(d -> d.attributeName().equals(partitionKey))
            .map(d -> d.attributeTypeAsString())
            .findFirst()
            .orElse("");
    boolean ok =
        keys.size() == 1
            && keys.get(0).keyType() == KeyType.HASH
            && keys.get(0).attributeName().equals(partitionKey)
            && type.equals(ScalarAttributeType.S.toString());
    if (!ok) {
      throw new ParkingLotException(
          "DynamoDB table '" + table + "' at " + where(client) + " has key schema " + keys
              + " with attributes " + description.attributeDefinitions() + "; the store needs a string (S)"
              + " partition key named '" + partitionKey + "' (" + DynamoDbStoreSettings.PARTITION_KEY
              + ") and no sort key");
    }
  }

  private static String howToCreate(String table, String partitionKey, String ttlAttribute) {
    return "set " + DynamoDbStoreSettings.CREATE_TABLE + "=true, call DynamoDbTables.createTable(client, \""
        + table + "\"), or run 'aws dynamodb create-table --table-name " + table
        + " --attribute-definitions AttributeName=" + partitionKey + ",AttributeType=S --key-schema AttributeName="
        + partitionKey + ",KeyType=HASH --billing-mode PAY_PER_REQUEST' and 'aws dynamodb update-time-to-live"
        + " --table-name " + table + " --time-to-live-specification Enabled=true,AttributeName=" + ttlAttribute
        + "'";
  }

  /** Where a client sends its requests, for messages: region and endpoint override. */
  static String where(DynamoDbClient client) {
    var configuration = client.serviceClientConfiguration();
    return "region " + configuration.region()
        + configuration.endpointOverride().map(uri -> ", endpoint " + redact(uri.toString()))
            .orElse(", the region's endpoint");
  }

  private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)?[^/@?#]*@");
  private static final java.util.regex.Pattern QUERY_VALUE = java.util.regex.Pattern.compile("([?&][^=&#]*=)[^&#]*");

  /**
   * An endpoint URL for messages: user info ({@code user:password@}) and query values replaced by
   * {@code ***}, so that a credential someone put into the URL is never shown.
   */
  static String redact(String endpoint) {
    String text = USER_INFO.matcher(endpoint).replaceFirst("$1***@");
    return QUERY_VALUE.matcher(text).replaceAll("$1***");
  }

  static String checkTableName(String table) {
    Objects.requireNonNull(table, "table must not be null");
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "DynamoDB table name must be 3 to 255 chars of A-Z, a-z, 0-9, '_', '-' and '.', was '" + table + "'");
    }
    return table;
  }

  static String checkAttributeName(String what, String name) {
    Objects.requireNonNull(name, () -> what + " must not be null");
    if (name.isBlank() || name.length() > 255) {
      throw new IllegalArgumentException(
          what + " must be 1 to 255 chars and not blank, was '" + name + "' (" + name.length() + " chars)");
    }
    if (ItemCodec.FIXED_NAMES.contains(name)) {
      throw new IllegalArgumentException(
          what + " '" + name + "' is taken by the store's own attributes " + ItemCodec.FIXED_NAMES);
    }
    return name;
  }
}
