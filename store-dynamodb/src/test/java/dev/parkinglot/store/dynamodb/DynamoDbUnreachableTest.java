package dev.parkinglot.store.dynamodb;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreConfig;
import io.opentelemetry.api.trace.TraceFlags;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A store whose endpoint is a closed loopback port: every operation fails fast (short timeouts, two
 * attempts) with {@link StoreUnavailableException} and the SDK's exception as the cause.
 */
class DynamoDbUnreachableTest {
  private static String endpoint;
  private static DynamoDbClient client;

  @BeforeAll
  static void clientForAClosedPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    endpoint = "http://127.0.0.1:" + port;
    client = unreachableClient(endpoint);
  }

  /** A client for an endpoint nobody listens on, with settings that make it give up quickly. */
  static DynamoDbClient unreachableClient(String endpoint) {
    StoreConfig config =
        StoreConfig.of(
            Map.of(
                DynamoDbStoreSettings.REGION, "us-east-1",
                DynamoDbStoreSettings.ENDPOINT, endpoint,
                DynamoDbStoreSettings.API_CALL_TIMEOUT, "10s",
                DynamoDbStoreSettings.API_CALL_ATTEMPT_TIMEOUT, "500ms",
                DynamoDbStoreSettings.MAX_ATTEMPTS, "2"));
    return DynamoDbTraceContextStoreProvider.clientBuilder(config)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("parkinglot", "parkinglot")))
        .build();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Test
  void tableCheckAtBuildTimeReportsTheStoreUnavailableNamingTheEndpoint() {
    assertThatThrownBy(() -> DynamoDbTraceContextStore.builder(client, "parking-lot").build())
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("could not check DynamoDB table 'parking-lot'")
        .hasMessageContaining("endpoint " + endpoint)
        .hasCauseInstanceOf(SdkClientException.class);
  }

  @Test
  void everyOperationFailsWithStoreUnavailableAfterTheConfiguredAttempts() {
    DynamoDbTraceContextStore store =
        DynamoDbTraceContextStore.builder(client, "parking-lot").verifyTable(false).build();
    StoredTraceContext context =
        StoredTraceContext.builder()
            .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .spanId("00f067aa0ba902b7")
            .traceFlags(TraceFlags.getSampled())
            .parkedAt(Instant.now())
            .ttl(Duration.ofMinutes(1))
            .build();

    assertUnavailable(() -> store.save(StoreKey.of("k"), context), "PutItem");
    assertUnavailable(() -> store.load(StoreKey.of("k")), "GetItem");
    assertUnavailable(() -> store.exists(StoreKey.of("k")), "GetItem");
    assertUnavailable(() -> store.take(StoreKey.of("k")), "DeleteItem");
    assertUnavailable(() -> store.delete(StoreKey.of("k")), "DeleteItem");
    assertUnavailable(store::purgeExpired, "purge");
    store.close();
  }

  private static void assertUnavailable(Executable operation, String request) {
    assertThatThrownBy(operation::execute)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining(request)
        .hasMessageContaining("table 'parking-lot'")
        .hasMessageContaining("endpoint " + endpoint)
        .cause()
        .isInstanceOf(SdkClientException.class)
        // Two attempts: newer SDKs say so in the message, older ones (the 2.26 floor) keep the first
        // attempt's failure as a suppressed exception.
        .satisfiesAnyOf(
            cause -> assertThat(cause).hasMessageContaining("SDK Attempt Count: 2"),
            cause -> assertThat(cause.getSuppressed()).hasSize(1));
  }
}
