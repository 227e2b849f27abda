package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.tck.TckData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands and keys the README lists are all the store needs: an ACL user allowed exactly
 * those commands on {@code parkingLot:*} parks, claims, detects the redelivery, peeks, takes and
 * deletes; the same user without RENAME cannot claim (so the list is not longer than needed).
 */
class RedisAclTest {
  private static final String PASSWORD = "acl-Pa55-61d0";
  private static final String COMMANDS =
      "+set +get +getdel +getex +mget +del +strlen +rename +pexpire +evalsha +eval";

  @TempDir static Path dir;
  private static RedisServerProcess server;

  @BeforeAll
  static void startServer() {
    List<String> args = new ArrayList<>(List.of("--user", "lot", "on", ">" + PASSWORD, "~parkingLot:*", "-@all"));
    args.addAll(List.of(COMMANDS.split(" ")));
    args.addAll(List.of("--user", "norename", "on", ">" + PASSWORD, "~parkingLot:*", "-@all"));
    args.addAll(List.of(COMMANDS.replace(" +rename", "").split(" ")));
    server = RedisServerProcess.start(dir, args.toArray(new String[0]));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static RedisTraceContextStore store(String user) {
    return RedisTraceContextStore.create("redis://" + user + ":" + PASSWORD + "@127.0.0.1:" + server.port());
  }

  @Test
  void theListedCommandsOnTheKeyPrefixAreEnoughForEveryOperation() {
    StoreKey key = StoreKey.of("parkingLot:", "order-" + UUID.randomUUID());
    StoredTraceContext entry = TckData.entry(1, Instant.now(), Duration.ofMinutes(5));
    try (RedisTraceContextStore store = store("lot")) {
      store.save(key, entry);
      assertThat(store.load(key)).contains(entry);
      Consumption consumption = Consumption.of(Instant.now(), Duration.ofMinutes(1));
      assertThat(store.claim(key, consumption).status()).isEqualTo(ClaimResult.Status.CLAIMED);
      assertThat(store.claim(key, consumption).status()).isEqualTo(ClaimResult.Status.DUPLICATE);
      assertThat(store.exists(key)).isTrue();
      assertThat(store.take(key)).contains(entry.asConsumed(consumption));
      store.save(key, entry);
      store.delete(key);
      assertThat(store.exists(key)).isFalse();
    }
  }

  @Test
  void withoutRenameAClaimFailsAsStoreUnavailable() {
    StoreKey key = StoreKey.of("parkingLot:", "order-" + UUID.randomUUID());
    try (RedisTraceContextStore store = store("norename")) {
      store.save(key, TckData.entry(2, Instant.now(), Duration.ofMinutes(5)));
      assertThatThrownBy(() -> store.claim(key, Consumption.of(Instant.now(), Duration.ofMinutes(1))))
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("can't run this command");
      assertThat(store.exists(key)).as("nothing moved").isTrue();
    }
  }
}
