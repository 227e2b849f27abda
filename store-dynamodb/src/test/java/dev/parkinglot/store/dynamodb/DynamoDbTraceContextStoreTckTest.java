package dev.parkinglot.store.dynamodb;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TckErrorHook;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
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

  @Override
  protected Map<TckErrorHook, String> errorHooksThatCannotApply() {
    return Map.of(TckErrorHook.FULL_STORE, "the store has no bound of its own on the number of items");
  }

  /** A client of its own on port 1 of loopback, where nothing listens, with no retries. */
  @Override
  protected TraceContextStore createUnreachableStore(TckContext context) {
    DynamoDbClient unreachable = DynamoDbClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:1"))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("parkinglot", "parkinglot")))
        .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
        .build();
    unreachableClients.add(unreachable);
    return DynamoDbTraceContextStore.builder(unreachable, context.name())
        .clock(context.clock())
        .verifyTable(false)
        .build();
  }

  private final java.util.List<DynamoDbClient> unreachableClients = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void closeUnreachableClients() {
    unreachableClients.forEach(DynamoDbClient::close);
    unreachableClients.clear();
  }

  /** An item whose trace id is not 32 hex digits, written with a raw PutItem; live for a day. */
  @Override
  protected void writeCorruptEntry(TraceContextStore store, StoreKey storeKey) {
    long now = System.currentTimeMillis();
    long day = Duration.ofDays(1).toMillis();
    Map<String, AttributeValue> item = new java.util.HashMap<>();
    item.put("pk", AttributeValue.fromS(storeKey.value()));
    item.put(ItemCodec.TRACE_ID, AttributeValue.fromS("not a trace id"));
    item.put(ItemCodec.SPAN_ID, AttributeValue.fromS("00f067aa0ba902b7"));
    item.put(ItemCodec.TRACE_FLAGS, AttributeValue.fromN("1"));
    item.put(ItemCodec.PARKED_AT_MS, AttributeValue.fromN(Long.toString(now)));
    item.put(ItemCodec.TTL_MS, AttributeValue.fromN(Long.toString(day)));
    item.put(ItemCodec.EXPIRES_AT_MS, AttributeValue.fromN(Long.toString(now + day)));
    client().putItem(b -> b.tableName(((DynamoDbTraceContextStore) store).table()).item(item));
  }

  /**
   * The provider builds its own client with the SDK's default credentials chain, which reads these
   * system properties first; dynalite accepts any credentials.
   */
  @org.junit.jupiter.api.BeforeAll
  static void credentialsForTheProvidersClient() {
    if (System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "parkinglot");
      System.setProperty("aws.secretAccessKey", "parkinglot");
    }
  }

  @Override
  protected String providerName() {
    return "dynamodb";
  }

  @Override
  protected Map<String, String> providerSettings(TckContext context) {
    return Map.of(
        DynamoDbStoreSettings.TABLE, context.name(),
        DynamoDbStoreSettings.ENDPOINT, DynamoDbTestSupport.endpoint(),
        DynamoDbStoreSettings.REGION, "us-east-1",
        DynamoDbStoreSettings.CREATE_TABLE, "true");
  }

  @Override
  protected Map<String, String> invalidProviderSettings() {
    return Map.of(
        DynamoDbStoreSettings.PURGE_PAGE_SIZE, "0",
        DynamoDbStoreSettings.MAX_ATTEMPTS, "many");
  }
}
