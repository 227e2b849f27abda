package dev.parkinglot.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.ParkingLotException;
import dev.parkinglot.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The opt-in table helper and the check every store makes when it is built. */
class DynamoDbTablesTest {
  private String endpoint;
  private DynamoDbClient client;
  private String table;

  @BeforeEach
  void connect() {
    endpoint = DynamoDbTestSupport.endpoint();
    client = DynamoDbTestSupport.client(endpoint);
    table = DynamoDbTestSupport.uniqueTable();
  }

  @AfterEach
  void cleanUp() {
    DynamoDbTestSupport.deleteTableAndClose(client, table);
  }

  @Test
  void createTableMakesAnOnDemandTableWithAStringPartitionKeyAndIsSafeToRepeat() {
    assertThat(DynamoDbTables.createTable(client, table, "id", "ttl")).isTrue();
    assertThat(DynamoDbTables.createTable(client, table, "id", "ttl")).isFalse();

    TableDescription description = client.describeTable(b -> b.tableName(table)).table();
    assertThat(description.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(description.keySchema()).singleElement().satisfies(key -> {
      assertThat(key.attributeName()).isEqualTo("id");
      assertThat(key.keyType()).isEqualTo(KeyType.HASH);
    });
    assertThat(description.attributeDefinitions()).singleElement().satisfies(
        attribute -> assertThat(attribute.attributeType()).isEqualTo(ScalarAttributeType.S));
    DynamoDbTraceContextStore.builder(client, table).partitionKey("id").ttlAttribute("ttl").build().close();
  }

  @Test
  void missingTableSaysWhichTableWhereAndHowToCreateIt() {
    assertThatThrownBy(() -> DynamoDbTraceContextStore.builder(client, table).build())
        .isInstanceOf(ParkingLotException.class)
        .isNotInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("DynamoDB table '" + table + "' does not exist")
        .hasMessageContaining("region us-east-1")
        .hasMessageContaining("endpoint " + endpoint)
        .hasMessageContaining("parkinglot.dynamodb.create-table=true")
        .hasMessageContaining("DynamoDbTables.createTable(client, \"" + table + "\")")
        .hasMessageContaining("aws dynamodb create-table --table-name " + table)
        .hasMessageContaining("AttributeName=expires_at_s");
  }

  @Test
  void tableWithAnotherKeyIsRefusedNamingTheKeyTheStoreNeeds() {
    DynamoDbTables.createTable(client, table, "id", "ttl");

    assertThatThrownBy(() -> DynamoDbTraceContextStore.builder(client, table).build())
        .isInstanceOf(ParkingLotException.class)
        .hasMessageContaining("table '" + table + "'")
        .hasMessageContaining("partition key named 'pk'")
        .hasMessageContaining("AttributeName=id");
  }

  @Test
  void tableWithASortKeyIsRefused() {
    client.createTable(b -> b.tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));

    assertThatThrownBy(() -> DynamoDbTraceContextStore.builder(client, table).build())
        .isInstanceOf(ParkingLotException.class)
        .hasMessageContaining("no sort key");
  }
}
