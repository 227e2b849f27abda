package dev.parkinglot.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.tck.TckData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An endpoint that accepts connections and never answers (a stalled service or a black-holed
 * network): every operation gives up after the configured api-call-timeout, plus a small margin,
 * with {@link StoreUnavailableException}; the caller's thread is never held longer.
 */
class DynamoDbStallTest {
  private static final Duration API_CALL_TIMEOUT = Duration.ofMillis(1500);
  /** Scheduling on a shared machine, the SDK's own bookkeeping; far below a second timeout. */
  private static final Duration MARGIN = Duration.ofMillis(750);

  private static ServerSocket silent;
  private static final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private static DynamoDbClient client;

  @BeforeAll
  static void startSilentServer() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!silent.isClosed()) {
                try {
                  accepted.add(silent.accept()); // held open, never read from or written to
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "silent-dynamodb");
    acceptor.setDaemon(true);
    acceptor.start();
    StoreConfig config =
        StoreConfig.of(
            Map.of(
                DynamoDbStoreSettings.REGION, "us-east-1",
                DynamoDbStoreSettings.ENDPOINT, "http://127.0.0.1:" + silent.getLocalPort(),
                DynamoDbStoreSettings.API_CALL_TIMEOUT, API_CALL_TIMEOUT.toMillis() + "ms",
                DynamoDbStoreSettings.API_CALL_ATTEMPT_TIMEOUT, "500ms",
                DynamoDbStoreSettings.MAX_ATTEMPTS, "5"));
    client =
        DynamoDbTraceContextStoreProvider.clientBuilder(config)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("parkinglot", "parkinglot")))
            .build();
  }

  @AfterAll
  static void stop() throws IOException {
    client.close();
    silent.close();
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  @Test
  void everyOperationAgainstASilentEndpointGivesUpWithinTheApiCallTimeoutPlusTheMargin() {
    DynamoDbTraceContextStore store =
        DynamoDbTraceContextStore.builder(client, "parking-lot").verifyTable(false).build();
    Instant now = Instant.now();

    assertBounded(() -> store.save(StoreKey.of("k"), TckData.sample(now.toEpochMilli(), Duration.ofMinutes(5)).build()));
    assertBounded(() -> store.load(StoreKey.of("k")));
    assertBounded(() -> store.exists(StoreKey.of("k")));
    assertBounded(() -> store.take(StoreKey.of("k")));
    assertBounded(() -> store.claim(StoreKey.of("k"), Consumption.of(now, Duration.ofMinutes(5))));
    assertBounded(() -> store.delete(StoreKey.of("k")));
    assertThat(accepted).as("the SDK reached the silent endpoint").isNotEmpty();
    store.close();
  }

  private static void assertBounded(ThrowingCallable call) {
    long start = System.nanoTime();
    assertThatThrownBy(call)
        .isInstanceOf(StoreUnavailableException.class)
        .hasRootCauseInstanceOf(Exception.class)
        .cause()
        .isInstanceOf(SdkClientException.class);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("time a call against a silent endpoint took").isLessThan(API_CALL_TIMEOUT.plus(MARGIN));
  }
}
