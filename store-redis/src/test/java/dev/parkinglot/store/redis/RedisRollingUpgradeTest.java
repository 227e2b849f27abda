package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.tck.TckClock;
import dev.parkinglot.tck.TckData;
import dev.parkinglot.wire.JsonWireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * A rolling upgrade from 0.1, whose claim wrote the tombstone in place, under the key the original
 * reads (the JSON with ttlMs replaced and consumedAt set, by the script kept here as
 * claim-0.1.lua). For one release the store still reads those: load, exists and take see a
 * tombstone, a claim answers DUPLICATE with it and keeps it (now under the tombstone key, so the
 * original's key is empty), and it dies at its own expiry. Entries 0.1 saved are the same JSON
 * under the same key as now.
 */
class RedisRollingUpgradeTest {
  private static final Duration GRACE = Duration.ofMinutes(10).plusMillis(3);
  /** The arguments 0.1's store passed: the wire format's largest and default ttl, 10 x the largest as PX cap. */
  private static final long MAX_TTL = JsonWireFormat.MAX_TTL_MILLIS;
  private static final long DEFAULT_TTL = JsonWireFormat.DEFAULT_TTL_MILLIS;
  private static final long MAX_PX = 10 * ParkingLotLimits.MAX_TTL.toMillis();

  @TempDir static Path dir;
  private static RedisServerProcess server;
  private static UnifiedJedis raw;
  private static byte[] oldScript;

  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(System.currentTimeMillis()));
  private final String prefix = "upgrade:" + UUID.randomUUID() + ":";
  private RedisTraceContextStore store;

  @BeforeAll
  static void startServer() throws IOException {
    server = RedisServerProcess.start(dir);
    raw = ApplicationClients.standalone(server.url());
    try (InputStream in = Objects.requireNonNull(
        RedisRollingUpgradeTest.class.getResourceAsStream("claim-0.1.lua"))) {
      oldScript = in.readAllBytes();
    }
  }

  @AfterAll
  static void stopServer() {
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void createStore() {
    store = RedisTraceContextStore.builder().url(server.url()).clock(clock).build();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** A claim by a 0.1 node: its script on the key, as its store called it. */
  private Object claimBy01(String key, Instant at) {
    long now = at.toEpochMilli();
    List<byte[]> args = List.of(arg(now), arg(now), arg(now + GRACE.toMillis()), arg(MAX_TTL), arg(DEFAULT_TTL),
        arg(MAX_PX));
    return raw.eval(oldScript, List.of(key.getBytes(StandardCharsets.UTF_8)), args);
  }

  private static byte[] arg(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aTombstoneWrittenInPlaceBy01IsSeenAndKeptAsATombstone() {
    String key = prefix + "in-place";
    StoredTraceContext entry = TckData.rich(clock.instant());
    store.save(StoreKey.of(key), entry);
    Instant consumed = clock.advance(Duration.ofSeconds(5));
    assertThat(claimBy01(key, consumed)).as("0.1's claim").isInstanceOf(List.class);
    assertThat(new String(raw.get(key.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
        .as("0.1 left its tombstone in place").contains("\"consumedAt\":" + consumed.toEpochMilli());
    StoredTraceContext tombstone = entry.asConsumed(Consumption.of(consumed, GRACE));

    clock.advance(Duration.ofMinutes(1));
    assertThat(store.load(StoreKey.of(key))).contains(tombstone);
    assertThat(store.exists(StoreKey.of(key))).isTrue();

    ClaimResult redelivery = store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE));
    assertThat(redelivery.status()).isEqualTo(ClaimResult.Status.DUPLICATE);
    assertThat(redelivery.context()).contains(tombstone);
    assertThat(raw.exists(key.getBytes(StandardCharsets.UTF_8))).as("the original's key afterwards").isFalse();

    ClaimResult again = store.claim(StoreKey.of(key), Consumption.of(clock.advance(Duration.ofMinutes(1)), GRACE));
    assertThat(again.status()).isEqualTo(ClaimResult.Status.DUPLICATE);
    assertThat(again.context()).as("consumedAt and expiry of 0.1's claim, unmoved").contains(tombstone);
    assertThat(store.load(StoreKey.of(key))).contains(tombstone);

    clock.set(tombstone.expiresAt());
    assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)).status())
        .as("at the expiry 0.1 gave it").isEqualTo(ClaimResult.Status.NOT_FOUND);
    assertThat(store.load(StoreKey.of(key))).isEmpty();
  }

  @Test
  void takeOfA01TombstoneReturnsIt() {
    String key = prefix + "take";
    StoredTraceContext entry = TckData.entry(3, clock.instant(), Duration.ofHours(1));
    store.save(StoreKey.of(key), entry);
    Instant consumed = clock.instant();
    claimBy01(key, consumed);

    assertThat(store.take(StoreKey.of(key))).contains(entry.asConsumed(Consumption.of(consumed, GRACE)));
    assertThat(store.load(StoreKey.of(key))).isEmpty();
  }

  @Test
  void aClaimOfA01TombstoneExpiredByTheStoreClockIsNotFoundAndLeavesNothing() {
    String key = prefix + "expired";
    store.save(StoreKey.of(key), TckData.entry(4, clock.instant(), Duration.ofHours(1)));
    Instant consumed = clock.instant();
    claimBy01(key, consumed);

    clock.set(consumed.plus(GRACE));
    assertThat(store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE)).status())
        .isEqualTo(ClaimResult.Status.NOT_FOUND);
    byte[] rawKey = key.getBytes(StandardCharsets.UTF_8);
    assertThat(raw.exists(rawKey)).isFalse();
    assertThat(raw.exists(TombstoneKey.of(rawKey))).isFalse();
    assertThat(raw.exists(TombstoneKey.consumption(rawKey))).isFalse();
  }

  @Test
  void anEntrySavedBy01IsClaimedAndA01ClaimAfterwardsFindsNothingLive() {
    String key = prefix + "entry";
    StoredTraceContext entry = TckData.entry(5, clock.instant(), Duration.ofHours(1));
    // 0.1's save: SET key json PX ms, the same bytes and key as now.
    raw.set(key.getBytes(StandardCharsets.UTF_8), JsonWireFormat.encode(entry));

    ClaimResult claim = store.claim(StoreKey.of(key), Consumption.of(clock.instant(), GRACE));

    assertThat(claim.status()).isEqualTo(ClaimResult.Status.CLAIMED);
    assertThat(claim.context()).contains(entry);
    assertThat(claimBy01(key, clock.instant()))
        .as("a 0.1 node still running during the upgrade sees no entry (a miss, not a second claim)").isNull();
  }
}
