package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.wire.JsonWireFormat;
import org.junit.jupiter.api.Test;

/**
 * The claim script reads no JSON: it moves the value whole, and the store decides by its own clock
 * after the reply. This pins that no JSON decoder, no member name and no string scan creeps back
 * into the script, since any of them makes a claim's Redis CPU grow with the value (the previous
 * script scanned it: 35-45 us per claim of 131 bytes, seconds for 10 MB). No Redis needed.
 */
class RedisClaimWireTest {

  @Test
  void theClaimScriptNeitherDecodesNorScansTheValue() {
    String script = RedisClaim.text();

    assertThat(script)
        .doesNotContain("cjson")
        .doesNotContain("cmsgpack")
        .doesNotContain("string.find")
        .doesNotContain("string.match")
        .doesNotContain("string.gsub")
        .doesNotContain("string.sub")
        .doesNotContain("string.byte")
        .doesNotContain(JsonWireFormat.PARKED_AT)
        .doesNotContain(JsonWireFormat.TTL_MS)
        .contains("redis.call('RENAME', KEYS[1], KEYS[2])");
  }
}
