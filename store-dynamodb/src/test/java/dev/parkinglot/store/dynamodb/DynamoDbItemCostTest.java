package dev.parkinglot.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.tck.TckData;
import io.opentelemetry.api.trace.TraceFlags;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The request units the README states, as the server computes them from the item the store writes
 * (dynalite applies DynamoDB's item-size rules): the store's own requests, with consumed capacity
 * asked for.
 */
class DynamoDbItemCostTest {
  private final ItemCodec codec = new ItemCodec("pk", "expires_at_s");
  private DynamoDbClient client;
  private String table;

  @BeforeEach
  void createTable() {
    client = DynamoDbTestSupport.client(DynamoDbTestSupport.endpoint());
    table = DynamoDbTestSupport.uniqueTable();
    DynamoDbTables.createTable(client, table);
  }

  @AfterEach
  void deleteTable() {
    DynamoDbTestSupport.deleteTableAndClose(client, table);
  }

  private static StoredTraceContext entry(String baggage) {
    return TckData.sample(1_795_722_583_654L, Duration.ofHours(24))
        .baggage(baggage)
        .metadata(Map.of("orderId", "order-12345", "provider", "stripe"))
        .build();
  }

  /** Save, consistent load, take: the write, read and write units each costs. */
  private double[] units(String key, StoredTraceContext context) {
    double put =
        client.putItem(b -> b.tableName(table).item(codec.encode(key, context))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
            .consumedCapacity().capacityUnits();
    double get =
        client.getItem(b -> b.tableName(table).key(codec.key(key)).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
            .consumedCapacity().capacityUnits();
    double take =
        client.deleteItem(b -> b.tableName(table).key(codec.key(key)).returnValues(ReturnValue.ALL_OLD)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
            .consumedCapacity().capacityUnits();
    return new double[] {put, get, take};
  }

  @Test
  void typicalEntryCostsOneWriteUnitToParkOneToTakeAndOneReadUnitToPeek() {
    assertThat(units("parkingLot:order-12345", entry(""))).containsExactly(1.0, 1.0, 1.0);
  }

  @Test
  void entryWithLargeBaggageCostsOneWriteUnitPerKilobyte() {
    // About 8.2 KB of item: 9 write units to save and to take, 3 read units (4 KB each) to peek.
    assertThat(units("parkingLot:order-12345", entry("k=" + "v".repeat(8_000)))).containsExactly(9.0, 3.0, 9.0);
  }
}
