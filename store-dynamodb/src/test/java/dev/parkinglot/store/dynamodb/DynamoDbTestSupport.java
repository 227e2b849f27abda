package dev.parkinglot.store.dynamodb;

import dev.parkinglot.tck.TckBackends;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Clients for the test server (dynalite or DynamoDB Local), with static throwaway credentials. */
final class DynamoDbTestSupport {
  private DynamoDbTestSupport() {}

  /**
   * The server's endpoint: PARKINGLOT_TCK_DYNAMODB_ENDPOINT, else DynamoDB Local through
   * Testcontainers where Docker runs; otherwise the test is skipped, or fails under
   * PARKINGLOT_TCK_REQUIRE_ALL=true.
   */
  static String endpoint() {
    return TckBackends.dynamoDbEndpoint();
  }

  static DynamoDbClient client(String endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("parkinglot", "parkinglot")))
        .build();
  }

  static String uniqueTable() {
    return "parkinglot-test-" + UUID.randomUUID();
  }

  /**
   * The cleanup of a test whose setup made a client and a table: deletes the table and closes the
   * client, each only if it was made. A setup that aborted because no server was found left them
   * null, and its cleanup must not turn that skip into an error.
   */
  static void deleteTableAndClose(@Nullable DynamoDbClient client, @Nullable String table) {
    if (client == null) {
      return;
    }
    try {
      if (table != null) {
        deleteTable(client, table);
      }
    } finally {
      client.close();
    }
  }

  static void deleteTable(DynamoDbClient client, String table) {
    try {
      client.deleteTable(b -> b.tableName(table));
    } catch (ResourceNotFoundException e) {
      // already gone
    }
  }
}
