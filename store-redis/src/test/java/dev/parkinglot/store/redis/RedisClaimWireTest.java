package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.wire.JsonWireFormat;
import org.junit.jupiter.api.Test;

/**
 * The claim script reads and rewrites the shared JSON in Lua, where it cannot use the wire module's
 * constants: it gets the default and the largest ttl as arguments, and names the members it reads
 * in its text. This pins those names to {@link JsonWireFormat}'s. No Redis needed.
 */
class RedisClaimWireTest {

  @Test
  void theScriptReadsTheMembersTheWireFormatNames() {
    String script = RedisClaim.text();

    assertThat(script)
        .contains("entry." + JsonWireFormat.PARKED_AT)
        .contains("entry." + JsonWireFormat.TTL_MS)
        .contains("entry." + JsonWireFormat.CONSUMED_AT)
        .contains("'" + JsonWireFormat.TTL_MS + "'")
        .contains("'" + JsonWireFormat.CONSUMED_AT + "'");
  }
}
