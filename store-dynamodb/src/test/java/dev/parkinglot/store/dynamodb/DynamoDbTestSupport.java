package dev.parkinglot.store.dynamodb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Clients for the test server (dynalite or DynamoDB Local), with static throwaway credentials. */
final class DynamoDbTestSupport {
  private DynamoDbTestSupport() {}

  static String endpoint() {
    String endpoint = System.getenv("PARKINGLOT_TCK_DYNAMODB_ENDPOINT");
    boolean requireAll = "true".equalsIgnoreCase(System.getenv("PARKINGLOT_TCK_REQUIRE_ALL"));
    if (endpoint == null || endpoint.isBlank()) {
      if (requireAll) {
        throw new IllegalStateException(
            "PARKINGLOT_TCK_REQUIRE_ALL=true but PARKINGLOT_TCK_DYNAMODB_ENDPOINT is not set");
      }
      assumeTrue(false, "no DynamoDB server: set PARKINGLOT_TCK_DYNAMODB_ENDPOINT=http://127.0.0.1:8000");
    }
    return endpoint;
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

  static void deleteTable(DynamoDbClient client, String table) {
    try {
      client.deleteTable(b -> b.tableName(table));
    } catch (ResourceNotFoundException e) {
      // already gone
    }
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile long millis;

    MutableClock(long millis) {
      this.millis = millis;
    }

    void advance(Duration duration) {
      millis += duration.toMillis();
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
