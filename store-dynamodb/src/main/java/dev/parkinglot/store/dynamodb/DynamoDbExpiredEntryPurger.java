package dev.parkinglot.store.dynamodb;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/*
 * Why a purge at all, when DynamoDB has TTL: DynamoDB-compatible servers (dynalite, some emulators)
 * have none, and TTL may lag by days. Off by default, because a Scan reads (and bills) every item
 * it passes: each run reads one bounded page and keeps its place for the next run, so its cost per
 * run is fixed whatever the table's size. The delete is conditional on the item still being
 * expired, so a key saved again after the scan is never lost.
 */

/** Removes expired items, one bounded scan page per run. Thread-safe. Not public API. */
final class DynamoDbExpiredEntryPurger implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DynamoDbExpiredEntryPurger.class.getName());

  private final DynamoDbClient client;
  private final String table;
  private final ItemCodec codec;
  private final Clock clock;
  private final int pageSize;
  private final Map<String, String> names;
  private @Nullable Map<String, AttributeValue> cursor;
  private volatile @Nullable ScheduledExecutorService scheduler;
  private volatile boolean closed;
  private boolean lastRunFailed;

  DynamoDbExpiredEntryPurger(DynamoDbClient client, String table, ItemCodec codec, Clock clock, int pageSize) {
    this.client = client;
    this.table = table;
    this.codec = codec;
    this.clock = clock;
    this.pageSize = pageSize;
    this.names = Map.of("#pk", codec.partitionKey(), "#exp", ItemCodec.EXPIRES_AT_MS);
  }

  /**
   * Scans one page from where the last run stopped and deletes its expired items.
   *
   * @return how many items were deleted
   * @throws SdkException if DynamoDB fails
   */
  synchronized int runOnce() {
    Map<String, AttributeValue> now = Map.of(":now", ItemCodec.number(clock.millis()));
    ScanRequest.Builder scan =
        ScanRequest.builder()
            .tableName(table)
            .limit(pageSize)
            .projectionExpression("#pk, #exp")
            .filterExpression("#exp <= :now")
            .expressionAttributeNames(names)
            .expressionAttributeValues(now);
    if (cursor != null) {
      scan.exclusiveStartKey(cursor);
    }
    ScanResponse page = client.scan(scan.build());
    cursor = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    int deleted = 0;
    for (Map<String, AttributeValue> item : page.items()) {
      AttributeValue key = item.get(codec.partitionKey());
      if (key == null) {
        continue;
      }
      DeleteItemRequest delete =
          DeleteItemRequest.builder()
              .tableName(table)
              .key(Map.of(codec.partitionKey(), key))
              .conditionExpression("#exp <= :now")
              .expressionAttributeNames(Map.of("#exp", ItemCodec.EXPIRES_AT_MS))
              .expressionAttributeValues(now)
              .build();
      try {
        client.deleteItem(delete);
        deleted++;
      } catch (ConditionalCheckFailedException e) {
        // Saved again (or taken) since the scan: not ours to remove.
      }
    }
    return deleted;
  }

  /** Runs {@link #runOnce()} every {@code interval} on a daemon thread until {@link #close()}. */
  void schedule(Duration interval) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "parking-lot-dynamodb-purge-" + table);
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::runLogged, millis, millis, TimeUnit.MILLISECONDS);
    scheduler = executor;
  }

  /** One scheduled run: failures are logged (once until a run succeeds again), never thrown. */
  private void runLogged() {
    try {
      int deleted = runOnce();
      if (lastRunFailed) {
        LOG.log(Level.INFO, "purge of expired items in DynamoDB table {0} works again", table);
      }
      lastRunFailed = false;
      if (deleted > 0) {
        LOG.log(Level.DEBUG, "purged {0} expired items from DynamoDB table {1}", deleted, table);
      }
    } catch (RuntimeException e) {
      if (closed) {
        return; // interrupted or cut off by close: not a failure worth a warning
      }
      if (!lastRunFailed) {
        LOG.log(Level.WARNING, "purge of expired items in DynamoDB table " + table
            + " failed; retrying every run, logging again once it works: " + e.getMessage(), e);
      }
      lastRunFailed = true;
    }
  }

  /** Stops the scheduled runs; a run in progress is interrupted. Does not wait for it. */
  @Override
  public void close() {
    closed = true;
    ScheduledExecutorService executor = scheduler;
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
