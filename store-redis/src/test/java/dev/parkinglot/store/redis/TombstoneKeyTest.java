package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The tombstone key is in the entry key's hash slot for every key, braces included, by Jedis' own
 * slot function (which follows Redis Cluster's hash tag rule); the cluster TCK test asks a real
 * cluster the same. No Redis needed.
 */
class TombstoneKeyTest {
  private static final List<String> BRACES = List.of(
      "parkingLot:order-1", "parkingLot:{order-1}", "parkingLot:{}order", "parkingLot:}{x}", "a}b",
      "{", "}", "{}", "}{", "{{}}", "x{y", "x{}y}z", "{a}{b}", "parkingLot:{tenant-7}:payment:{9}",
      "parkingLot:{", "p:ключ{ä}", "p:\uD83D\uDE00}", "p:{\uD83D\uDE00}");

  @Test
  void theTombstoneKeyIsInTheEntryKeysSlotForKeysWithAndWithoutHashTags() {
    for (String key : BRACES) {
      assertSameSlot(key.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void theTombstoneKeyIsInTheEntryKeysSlotForRandomKeysMadeOfBracesAndLetters() {
    Random random = new Random(14);
    byte[] alphabet = "{}ab:é".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 200_000; i++) {
      byte[] key = new byte[1 + random.nextInt(12)];
      for (int j = 0; j < key.length; j++) {
        key[j] = alphabet[random.nextInt(alphabet.length)];
      }
      assertSameSlot(key);
    }
  }

  @Test
  void theTombstoneKeyIsNoUtf8StringSoNoWriterCanUseItAsAnEntryKey() {
    byte[] key = "parkingLot:order-1".getBytes(StandardCharsets.UTF_8);
    byte[] tombstone = TombstoneKey.of(key);

    assertThat(new String(tombstone, 0, key.length, StandardCharsets.UTF_8)).isEqualTo("parkingLot:order-1");
    assertThat(tombstone[key.length]).isEqualTo((byte) 0xFF);
    assertThat(new String(tombstone, key.length + 1, tombstone.length - key.length - 1, StandardCharsets.US_ASCII))
        .matches("tombstone:[@A-O]{4}");
    byte[] consumption = TombstoneKey.consumption(key);
    assertThat(consumption[key.length]).isEqualTo((byte) 0xFF);
    assertThat(new String(consumption, key.length + 1, consumption.length - key.length - 1,
        StandardCharsets.US_ASCII)).matches("consumed:[@A-O]{4}");
    assertThat(TombstoneKey.of(key)).as("deterministic").isEqualTo(tombstone);
  }

  @Test
  void theCrcIsTheOneRedisClusterUses() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(TombstoneKey.crc16(0, check, check.length)).isEqualTo(0x31C3);
  }

  private static void assertSameSlot(byte[] key) {
    assertThat(JedisClusterCRC16.getSlot(TombstoneKey.of(key)))
        .as("slot of the tombstone key of '%s'", new String(key, StandardCharsets.UTF_8))
        .isEqualTo(JedisClusterCRC16.getSlot(key));
    assertThat(JedisClusterCRC16.getSlot(TombstoneKey.consumption(key)))
        .as("slot of the consumption key of '%s'", new String(key, StandardCharsets.UTF_8))
        .isEqualTo(JedisClusterCRC16.getSlot(key));
  }
}
