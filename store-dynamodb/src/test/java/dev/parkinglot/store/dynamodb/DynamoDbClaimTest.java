package dev.parkinglot.store.dynamodb;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.tck.TckClock;
import dev.parkinglot.tck.TckData;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The claim's items on a real DynamoDB API server: the tombstone written by the one-request path
 * and by the exact path (the ttl bounds), and a corrupt item.
 */
class DynamoDbClaimTest {
  private static final long T0 = 1_800_000_000_123L;
  private static final Duration GRACE = Duration.ofMinutes(10).plusMillis(3);

  private DynamoDbClient client;
  private String table;
  private TckClock clock;
  private DynamoDbTraceContextStore store;
  private final ItemCodec codec = new ItemCodec("pk", "expires_at_s");

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

  private static StoredTraceContext context(long parkedAt, Duration ttl) {
    return TckData.sample(parkedAt, ttl).metadata(Map.of("orderId", "order-1")).build();
  }

  private Map<String, AttributeValue> rawItem(String key) {
    return client.getItem(b -> b.tableName(table).key(codec.key(key)).consistentRead(true)).item();
  }

  @Test
  void theTombstoneItemIsWhatTheCodecWritesForTheTombstone() {
    StoredTraceContext entry = context(T0, Duration.ofHours(1));
    store.save(StoreKey.of("k"), entry);
    clock.advance(Duration.ofSeconds(42));

    ClaimResult claim = store.claim(StoreKey.of("k"), Consumption.of(clock.instant(), GRACE));

    assertThat(claim.context()).contains(entry);
    Map<String, AttributeValue> item = rawItem("k");
    assertThat(item).isEqualTo(codec.encode("k", entry.asConsumed(Consumption.of(clock.instant(), GRACE))));
    assertThat(item.get("consumed_at_ms").n()).isEqualTo(Long.toString(T0 + 42_000));
    assertThat(item.get("expires_at_ms").n()).isEqualTo(Long.toString(T0 + 42_000 + GRACE.toMillis()));
    assertThat(item.get("expires_at_s").n())
        .isEqualTo(Long.toString(ItemCodec.epochSecondsCeiling(T0 + 42_000 + GRACE.toMillis())));
    assertThat(store.claim(StoreKey.of("k"), Consumption.of(clock.instant(), GRACE)).status()).isEqualTo(ClaimResult.Status.DUPLICATE);
  }

  @Test
  void aClaimBeforeTheParkTimeWritesTheShortestTtlThroughTheExactPath() {
    StoredTraceContext entry = context(T0, Duration.ofHours(1));
    store.save(StoreKey.of("early"), entry);
    Instant beforePark = Instant.ofEpochMilli(T0).minus(GRACE).minusSeconds(5);

    assertThat(store.claim(StoreKey.of("early"), Consumption.of(beforePark, GRACE)).context()).contains(entry);

    StoredTraceContext tombstone = entry.asConsumed(Consumption.of(beforePark, GRACE));
    assertThat(tombstone.ttlMillis()).as("asConsumed's lower bound").isEqualTo(1);
    assertThat(rawItem("early")).isEqualTo(codec.encode("early", tombstone));
  }

  @Test
  void aTombstoneBeyondTheLargestTtlIsCutToItThroughTheExactPath() {
    long parkedAt = T0 - ParkingLotLimits.MAX_TTL.toMillis() + 60_000;
    StoredTraceContext old = context(parkedAt, ParkingLotLimits.MAX_TTL);
    store.save(StoreKey.of("old"), old);

    assertThat(store.claim(StoreKey.of("old"), Consumption.of(clock.instant(), GRACE)).context()).contains(old);

    StoredTraceContext tombstone = old.asConsumed(Consumption.of(clock.instant(), GRACE));
    assertThat(tombstone.ttl()).as("asConsumed's upper bound").isEqualTo(ParkingLotLimits.MAX_TTL);
    assertThat(rawItem("old")).isEqualTo(codec.encode("old", tombstone));
    assertThat(store.claim(StoreKey.of("old"), Consumption.of(clock.instant(), GRACE)).status()).isEqualTo(ClaimResult.Status.DUPLICATE);
  }

  @Test
  void aCorruptItemFoundByAClaimIsDeleted() {
    Map<String, AttributeValue> item = new HashMap<>(codec.encode("bad", context(T0, Duration.ofHours(1))));
    item.put("trace_id", AttributeValue.fromS("not-hex"));
    client.putItem(b -> b.tableName(table).item(item));
    Map<String, AttributeValue> noExpiry =
        new HashMap<>(codec.encode("no-expiry", context(T0, Duration.ofHours(1))));
    noExpiry.remove("expires_at_ms");
    client.putItem(b -> b.tableName(table).item(noExpiry));

    for (String key : new String[] {"bad", "no-expiry"}) {
      assertThatThrownBy(() -> store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)))
          .as(key).isInstanceOfSatisfying(CorruptEntryException.class, e -> assertThat(e.key()).isEqualTo(key));
      assertThat(rawItem(key)).as(key).isEmpty();
    }
    assertThat(store.claimIsAtomic()).isTrue();
    assertThat(store.name()).isEqualTo("dynamodb");
  }
}
