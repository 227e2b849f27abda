package dev.parkinglot.examples.spring;

import dev.parkinglot.tck.TckBackends;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shop on Redis: {@code parkinglot.store=redis}, connected where {@code spring.data.redis.*}
 * points (the server PARKINGLOT_TCK_REDIS_URL names; skipped without one, failed under
 * PARKINGLOT_TCK_REQUIRE_ALL=true).
 */
class RedisShopTest extends ShopFlowTest {
  private static URI redis;

  @BeforeAll
  static void redis() {
    redis = URI.create(TckBackends.redisUrl());
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("parkinglot.store", () -> "redis");
    registry.add("parkinglot.key-prefix", () -> "shop-" + UUID.randomUUID() + ":");
    registry.add("spring.data.redis.host", () -> redis.getHost());
    registry.add("spring.data.redis.port", () -> redis.getPort());
  }

  @Override
  String expectedStore() {
    return "redis";
  }
}
