package dev.parkinglot.store.dynamodb;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.tck.TckClock;
import dev.parkinglot.tck.TckData;
import io.opentelemetry.api.trace.TraceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The store's own behaviour on a real DynamoDB API server, beyond the TCK: item layout, expiry, purge. */
class DynamoDbTraceContextStoreTest {
  private static final long T0 = 1_800_000_000_123L;

  private DynamoDbClient client;
  private String table;
  private TckClock clock;
  private DynamoDbTraceContextStore store;

  @BeforeEach
  void createTable() {
    client = DynamoDbTestSupport.client(DynamoDbTestSupport.endpoint());
    table = DynamoDbTestSupport.uniqueTable();
    assertThat(DynamoDbTables.createTable(client, table)).isTrue();
    clock = TckClock.at(Instant.ofEpochMilli(T0));
    store = DynamoDbTraceContextStore.builder(client, table).clock(clock).build();
  }

  @AfterEach
  void deleteTable() {
    // Every field may be null: the setup aborts (skips) when there is no DynamoDB server.
    if (store != null) {
      store.close();
    }
    DynamoDbTestSupport.deleteTableAndClose(client, table);
  }

  private static StoredTraceContext context(Duration ttl, Map<String, String> metadata) {
    return TckData.sample(T0, ttl)
        .traceFlags((byte) 0x81)
        .traceState("vendor=abc,other=1")
        .baggage("user=alice")
        .metadata(metadata)
        .build();
  }

  private Map<String, AttributeValue> rawItem(String key) {
    return client.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(key))).consistentRead(true))
        .item();
  }

  @Test
  void savedItemHasOneAttributePerFieldAndEpochSecondsTtlRoundedUp() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("orderId", "order-123");
    metadata.put("empty", "");
    store.save(StoreKey.of("parkingLot:order-123"), context(Duration.ofMillis(1_500), metadata));

    Map<String, AttributeValue> item = rawItem("parkingLot:order-123");
    assertThat(item.get("pk").s()).isEqualTo("parkingLot:order-123");
    assertThat(item.get("trace_id").s()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(item.get("span_id").s()).isEqualTo("00f067aa0ba902b7");
    assertThat(item.get("trace_flags").n()).isEqualTo("129");
    assertThat(item.get("parked_at_ms").n()).isEqualTo(Long.toString(T0));
    assertThat(item.get("ttl_ms").n()).isEqualTo("1500");
    assertThat(item.get("expires_at_ms").n()).isEqualTo(Long.toString(T0 + 1_500));
    // T0 + 1500 ms = 1_800_000_001.623 s, rounded up so that TTL never deletes a live entry.
    assertThat(item.get("expires_at_s").n()).isEqualTo("1800000002");
    assertThat(item.get("trace_state").s()).isEqualTo("vendor=abc,other=1");
    assertThat(item.get("baggage").s()).isEqualTo("user=alice");
    assertThat(item.get("metadata").m())
        .containsOnly(
            Map.entry("orderId", AttributeValue.fromS("order-123")), Map.entry("empty", AttributeValue.fromS("")));
  }

  @Test
  void everyFieldRoundTripsThroughLoadAndTake() {
    StoredTraceContext saved = context(Duration.ofHours(1), Map.of("orderId", "order-1", "empty", ""));
    store.save(StoreKey.of("k"), saved);

    StoredTraceContext loaded = store.load(StoreKey.of("k")).orElseThrow();
    assertThat(loaded).isEqualTo(saved);
    assertThat(loaded.traceFlags()).isEqualTo(TraceFlags.fromByte((byte) 0x81));
    assertThat(loaded.traceState()).isEqualTo("vendor=abc,other=1");
    assertThat(loaded.baggage()).isEqualTo("user=alice");
    assertThat(store.take(StoreKey.of("k"))).contains(saved);
    assertThat(rawItem("k")).isEmpty();
  }

  @Test
  void itemWithoutOptionalFieldsOmitsTheirAttributes() {
    StoredTraceContext plain =
        StoredTraceContext.builder()
            .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .spanId("00f067aa0ba902b7")
            .traceFlags(TraceFlags.getSampled())
            .parkedAtMillis(T0)
            .ttl(Duration.ofMinutes(5))
            .build();
    store.save(StoreKey.of("plain"), plain);

    assertThat(rawItem("plain")).doesNotContainKeys("trace_state", "baggage", "metadata");
    assertThat(store.load(StoreKey.of("plain"))).contains(plain);
  }

  @Test
  void expiredItemStillInTheTableIsNeverReturnedAndTakeLeavesItForTtl() {
    store.save(StoreKey.of("k"), context(Duration.ofSeconds(10), Map.of()));
    clock.advance(Duration.ofSeconds(10));

    // The item is still there, as it would be in DynamoDB until TTL gets to it.
    assertThat(rawItem("k")).isNotEmpty();
    assertThat(store.load(StoreKey.of("k"))).isEmpty();
    assertThat(store.exists(StoreKey.of("k"))).isFalse();
    assertThat(store.take(StoreKey.of("k"))).isEmpty();
    assertThat(rawItem("k")).isNotEmpty();
  }

  @Test
  void entryIsLiveUntilTheMillisecondBeforeItsExpiry() {
    store.save(StoreKey.of("k"), context(Duration.ofSeconds(10), Map.of()));
    clock.advance(Duration.ofMillis(9_999));

    assertThat(store.exists(StoreKey.of("k"))).isTrue();
    assertThat(store.take(StoreKey.of("k"))).isPresent();
  }

  @Test
  void takeOfAnItemWithoutExpiryRemovesItAndReportsItCorrupt() {
    Map<String, AttributeValue> item = new HashMap<>(rawItemFor("broken"));
    item.remove("expires_at_ms");
    client.putItem(b -> b.tableName(table).item(item));

    assertThatThrownBy(() -> store.load(StoreKey.of("broken")))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("'broken'")
        .hasMessageContaining("expires_at_ms is missing");
    assertThatThrownBy(() -> store.exists(StoreKey.of("broken"))).isInstanceOf(CorruptEntryException.class);
    assertThatThrownBy(() -> store.take(StoreKey.of("broken"))).isInstanceOf(CorruptEntryException.class);
    assertThat(rawItem("broken")).isEmpty();
  }

  @Test
  void itemWithInvalidTraceIdIsCorruptNotAnotherContext() {
    Map<String, AttributeValue> item = new HashMap<>(rawItemFor("bad-id"));
    item.put("trace_id", AttributeValue.fromS("00000000000000000000000000000000"));
    client.putItem(b -> b.tableName(table).item(item));

    assertThatThrownBy(() -> store.load(StoreKey.of("bad-id")))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("traceId must not be all zero");
  }

  @Test
  void itemWhoseExpiryDisagreesWithParkTimeAndTtlIsCorrupt() {
    Map<String, AttributeValue> item = new HashMap<>(rawItemFor("tampered"));
    item.put("expires_at_ms", AttributeValue.fromN(Long.toString(T0 + 999_999_999L)));
    client.putItem(b -> b.tableName(table).item(item));

    assertThatThrownBy(() -> store.load(StoreKey.of("tampered")))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("expires_at_ms is " + (T0 + 999_999_999L));
  }

  @Test
  void metadataValueOfAnotherTypeIsCorrupt() {
    Map<String, AttributeValue> item = new HashMap<>(rawItemFor("typed"));
    item.put("metadata", AttributeValue.fromM(Map.of("n", AttributeValue.fromN("1"))));
    client.putItem(b -> b.tableName(table).item(item));

    assertThatThrownBy(() -> store.load(StoreKey.of("typed")))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("metadata entry 'n' must be a string (S), was N");
  }

  @Test
  void purgeRemovesOnlyExpiredItems() {
    store.save(StoreKey.of("short"), context(Duration.ofSeconds(1), Map.of()));
    store.save(StoreKey.of("long"), context(Duration.ofHours(1), Map.of()));
    clock.advance(Duration.ofSeconds(1));

    assertThat(store.purgeExpired()).isEqualTo(1);
    assertThat(rawItem("short")).isEmpty();
    assertThat(rawItem("long")).isNotEmpty();
    assertThat(store.load(StoreKey.of("long"))).isPresent();
  }

  @Test
  void purgeWalksTheTableOnePageAtATimeAndStartsOverAtTheEnd() {
    try (DynamoDbTraceContextStore paged =
        DynamoDbTraceContextStore.builder(client, table).clock(clock).purgePageSize(2).build()) {
      for (int i = 0; i < 5; i++) {
        paged.save(StoreKey.of("k" + i), context(Duration.ofSeconds(1), Map.of()));
      }
      clock.advance(Duration.ofSeconds(2));

      int removed = 0;
      for (int run = 0; run < 3; run++) {
        int page = paged.purgeExpired();
        assertThat(page).isBetween(0, 2);
        removed += page;
      }
      assertThat(removed).isEqualTo(5);
      assertThat(client.scan(b -> b.tableName(table)).count()).isZero();
    }
  }

  @Test
  void scheduledPurgeRemovesExpiredItemsOnItsOwn() throws InterruptedException {
    try (DynamoDbTraceContextStore purging =
        DynamoDbTraceContextStore.builder(client, table).clock(clock).purgeInterval(Duration.ofMillis(50)).build()) {
      purging.save(StoreKey.of("k"), context(Duration.ofSeconds(1), Map.of()));
      clock.advance(Duration.ofSeconds(1));

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!rawItem("k").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(rawItem("k")).isEmpty();
    }
  }

  @Test
  void operationsAfterCloseAreRefusedAndTheCallersClientStaysOpen() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.load(StoreKey.of("k")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(client.describeTable(b -> b.tableName(table)).table().tableName()).isEqualTo(table);
  }

  @Test
  void invalidNamesAreRejectedWithTheLimit() {
    assertThatThrownBy(() -> DynamoDbTraceContextStore.builder(client, "ab"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ab'");
    assertThatThrownBy(() -> DynamoDbTraceContextStore.builder(client, table).ttlAttribute("trace_id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttlAttribute 'trace_id' is taken");
    assertThatThrownBy(() -> DynamoDbTraceContextStore.builder(client, table).ttlAttribute("pk").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ");
  }

  /** A well-formed item written by the store, to break in one attribute. */
  private Map<String, AttributeValue> rawItemFor(String key) {
    store.save(StoreKey.of(key), context(Duration.ofHours(1), Map.of("orderId", "o")));
    return rawItem(key);
  }
}
