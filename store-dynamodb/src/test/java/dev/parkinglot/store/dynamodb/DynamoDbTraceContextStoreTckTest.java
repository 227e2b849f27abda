package dev.parkinglot.store.dynamodb;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TraceContextStoreTck;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/*
 * Which mechanism stochastic_ttl09 observes. The TCK asks that the backend drop an expired entry
 * within seconds. Neither backend the store meets does that by itself: dynalite has no TTL at all,
 * and DynamoDB's TTL deletes expired items lazily, typically within a few days. What removes them
 * here is the store's own purge (a bounded Scan plus conditional deletes), switched on for every
 * store of this class at a short interval. It runs through every rule, so the contract rules also
 * check that a purge racing saves and takes never removes a live entry.
 */

/** The whole store contract against dynalite (or DynamoDB Local), one table per rule. */
class DynamoDbTraceContextStoreTckTest extends TraceContextStoreTck {
  private static DynamoDbClient client;

  private static synchronized DynamoDbClient client() {
    if (client == null) {
      client = DynamoDbTestSupport.client(DynamoDbTestSupport.endpoint());
    }
    return client;
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  protected TraceContextStore createStore(TckContext context) {
    DynamoDbClient dynamo = client();
    DynamoDbTables.createTable(dynamo, context.name());
    return DynamoDbTraceContextStore.builder(dynamo, context.name())
        .clock(context.clock())
        .purgeInterval(Duration.ofMillis(250))
        .build();
  }

  @Override
  protected boolean backendHoldsEntry(TraceContextStore store, StoreKey storeKey) {
    String key = storeKey.value();
    String table = ((DynamoDbTraceContextStore) store).table();
    return client()
        .getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(key))).consistentRead(true))
        .hasItem();
  }

  @Override
  protected boolean sharesEntriesBetweenInstances() {
    return true;
  }

  /**
   * dynalite answers on one Node.js thread, about a thousand requests a second here: 500 keys raced
   * by 16 threads are still 8000 racing takes, plenty to catch a take that reads, then deletes.
   */
  @Override
  protected int contentionKeyCount() {
    return 500;
  }

  /** 100 barrier rounds of 16 simultaneous claims: dup06 took 24-29 s here with the default 200. */
  @Override
  protected int contentionRounds() {
    return 100;
  }

  @Override
  protected void cleanUp(TckContext context) {
    if (client != null) {
      DynamoDbTestSupport.deleteTable(client, context.name());
    }
  }
}
