package dev.parkinglot.store.dynamodb;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStoreProvider;
import io.opentelemetry.api.trace.TraceFlags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoDbTraceContextStoreProviderTest {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("parkinglot", "parkinglot"));

  @Test
  void serviceLoaderFindsTheProviderUnderItsName() {
    List<TraceContextStoreProvider> providers =
        ServiceLoader.load(TraceContextStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("dynamodb"))
            .collect(Collectors.toList());

    assertThat(providers).singleElement().isInstanceOf(DynamoDbTraceContextStoreProvider.class);
  }

  @Test
  void missingTableSettingNamesThePropertyAndItsVariable() {
    assertThatThrownBy(() -> new DynamoDbTraceContextStoreProvider().create(StoreConfig.of(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.dynamodb.table")
        .hasMessageContaining("PARKINGLOT_DYNAMODB_TABLE");
  }

  @Test
  void aCredentialInAnEndpointUrlIsNeverShown() {
    for (String endpoint : new String[] {
        "ftp://key:topsecret@dynamodb.local:8000", "key:topsecret@dynamodb.local:8000",
        "http://dynamodb.local:8000 ?token=topsecret", "http://key:topsecret@[bad"}) {
      assertThatThrownBy(
              () -> DynamoDbTraceContextStoreProvider.clientBuilder(
                  StoreConfig.of(Map.of(DynamoDbStoreSettings.ENDPOINT, endpoint))))
          .as(endpoint)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("parkinglot.dynamodb.endpoint")
          .hasMessageNotContaining("topsecret")
          .hasNoCause();
    }
    assertThat(DynamoDbTables.redact("http://key:pw@h:8000/?a=1&b=2")).isEqualTo("http://***@h:8000/?a=***&b=***");
    assertThat(DynamoDbTables.redact("http://127.0.0.1:8000")).isEqualTo("http://127.0.0.1:8000");
  }

  @Test
  void invalidSettingsAreRejectedNamingTheValue() {
    assertThatThrownBy(
            () -> DynamoDbTraceContextStoreProvider.clientBuilder(
                StoreConfig.of(Map.of(DynamoDbStoreSettings.ENDPOINT, "localhost:8000"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.dynamodb.endpoint")
        .hasMessageContaining("'localhost:8000'");
    assertThatThrownBy(
            () -> DynamoDbTraceContextStoreProvider.clientBuilder(
                StoreConfig.of(Map.of(DynamoDbStoreSettings.MAX_ATTEMPTS, "0"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.dynamodb.max-attempts must be between 1 and 100, was 0");
    assertThatThrownBy(
            () -> new DynamoDbTraceContextStoreProvider().create(
                StoreConfig.of(Map.of(DynamoDbStoreSettings.TABLE, "no spaces allowed"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no spaces allowed'");
  }

  @Test
  void clientBuilderTakesRegionEndpointTimeoutsAndAttemptsFromSettings() {
    StoreConfig config =
        StoreConfig.of(
            Map.of(
                DynamoDbStoreSettings.REGION, "eu-west-1",
                DynamoDbStoreSettings.ENDPOINT, "http://127.0.0.1:8000",
                DynamoDbStoreSettings.API_CALL_TIMEOUT, "3s",
                DynamoDbStoreSettings.API_CALL_ATTEMPT_TIMEOUT, "750ms",
                DynamoDbStoreSettings.MAX_ATTEMPTS, "4"));
    try (DynamoDbClient client =
        DynamoDbTraceContextStoreProvider.clientBuilder(config).credentialsProvider(CREDENTIALS).build()) {
      var configuration = client.serviceClientConfiguration();
      assertThat(configuration.region()).isEqualTo(Region.EU_WEST_1);
      assertThat(configuration.endpointOverride()).hasValueSatisfying(
          uri -> assertThat(uri).hasToString("http://127.0.0.1:8000"));
      assertThat(configuration.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(3));
      assertThat(configuration.overrideConfiguration().apiCallAttemptTimeout()).contains(Duration.ofMillis(750));
      assertThat(configuration.overrideConfiguration().retryStrategy())
          .hasValueSatisfying(strategy -> assertThat(strategy.maxAttempts()).isEqualTo(4));
    }
  }

  @Test
  void createdStoreCreatesItsTableOnRequestAndWorks() {
    String endpoint = DynamoDbTestSupport.endpoint();
    String table = DynamoDbTestSupport.uniqueTable();
    StoreConfig config =
        StoreConfig.of(
            Map.of(
                DynamoDbStoreSettings.TABLE, table,
                DynamoDbStoreSettings.REGION, "us-east-1",
                DynamoDbStoreSettings.ENDPOINT, endpoint,
                DynamoDbStoreSettings.CREATE_TABLE, "true"));
    try (DynamoDbClient admin = DynamoDbTestSupport.client(endpoint)) {
      try (DynamoDbTraceContextStore store =
          new DynamoDbTraceContextStoreProvider().create(config, b -> b.credentialsProvider(CREDENTIALS))) {
        StoredTraceContext context =
            StoredTraceContext.builder()
                .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .spanId("00f067aa0ba902b7")
                .traceFlags(TraceFlags.getSampled())
                .parkedAt(config.clock().instant())
                .ttl(Duration.ofMinutes(1))
                .build();
        store.save(StoreKey.of("k"), context);

        assertThat(store.table()).isEqualTo(table);
        assertThat(store.take(StoreKey.of("k"))).contains(context);
        assertThat(admin.describeTable(b -> b.tableName(table)).table().billingModeSummary().billingModeAsString())
            .isEqualTo("PAY_PER_REQUEST");
      } finally {
        DynamoDbTestSupport.deleteTable(admin, table);
      }
    }
  }
}
